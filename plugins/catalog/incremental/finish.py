"""The two parts of the site made from all of it: the site's brochure (PDF) and the search index.

They are made by brochure/ and search/ (which decide how); this module decides
when and where: into the staging folder, the brochure before the pages (the
pages link to it with its size), the search index after them; and not at all
when nothing they are made from has changed. ``invoke build`` makes both before
the swap; ``invoke serve`` makes them after the pages are published
(session.py), so a page edit is shown without waiting for them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..brochure import publish_site_brochure
from ..search.index import search_records, write_index
from .output import Staging


@dataclass(frozen=True)
class BrochureLink:
    """What the pages show of the brochure (home page and footer): where it is, its size, its pages."""

    url: str
    size: str
    pages: int


def wants_search(settings: dict[str, Any]) -> bool:
    """SITE_SEARCH = False leaves the search index out (the benchmark times it on its own row)."""
    return bool(settings.get("SITE_SEARCH", True))


def make_brochure(generator: Any, staging: Staging) -> BrochureLink | None:
    """The site's brochure in the staging folder, or none (SITE_BROCHURE off, or nothing to print)."""
    # The brochure reads story bodies; they resolve their links from the shared context's site URL.
    generator.context["localsiteurl"] = generator.settings["SITEURL"]
    download = publish_site_brochure(generator.site, generator.settings, staging.folder)
    rel = urls.BROCHURE.save_as
    if download is None:
        staging.remove(rel)
        return None
    staging.noted(rel, _file_digest(staging.folder / rel))
    return BrochureLink(download.url, download.size, download.pages)


def make_search(generator: Any, staging: Staging, before: str | None) -> str | None:
    """The search index in the staging folder, made again only when its records changed; returns their digest."""
    bundle = urls.SEARCH_BUNDLE
    if not wants_search(generator.settings):
        staging.remove_below(bundle)
        return None
    records = search_records(generator.pages)  # the index is made from these and nothing else
    digest = hashlib.sha256(pickle.dumps(records, protocol=5)).hexdigest()
    if digest == before and any(rel.startswith(bundle) for rel in staging.files):
        return digest
    staging.remove_below(bundle)  # Pagefind writes new files; the old ones are output/'s
    folder = write_index(records, staging.folder)
    for parent, _, files in os.walk(folder):
        for name in files:
            rel = Path(parent, name).relative_to(staging.folder).as_posix()
            staging.noted(rel, f"search:{digest}:{rel}")
    return digest


def search_files(staging: Staging) -> list[str]:
    return [rel for rel in staging.files if rel.startswith(urls.SEARCH_BUNDLE)]


def _file_digest(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
