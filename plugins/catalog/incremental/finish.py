"""The two parts of the site made from all of it: the site's brochures (PDF) and the search index.

They are made by brochure/ and search/ (which decide how); this module decides
when and where: into the staging folder, the brochures before the pages (the
pages link to them with their sizes), the search index started before them and
waited for after them (a child process: it has the second core meanwhile); and
not at all when nothing they are made from has changed. ``invoke build`` makes
both before the swap; ``invoke serve`` makes them after the pages are published
(later.py), so a page edit is shown without waiting for them.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .. import urls
from ..brochure import Downloads, site_brochures
from ..search.index import search_records
from ..search.job import IndexJob, start_index
from .output import Staging


def wants_search(settings: dict[str, Any]) -> bool:
    """SITE_SEARCH = False leaves the search index out (the benchmark times it on its own row)."""
    return bool(settings.get("SITE_SEARCH", True))


def make_brochures(generator: Any, staging: Staging) -> tuple[Downloads, list[str]]:
    """The site's brochures in the staging folder (none: SITE_BROCHURE off, or nothing to print), and their files.

    Each is the cached PDF itself, hard-linked: a PDF is named by the digest of what it was set from
    (brochure/cache.py), so an unchanged brochure is neither typeset nor linked again.
    """
    # The brochures read story bodies; they resolve their links from the shared context's site URL.
    generator.context["localsiteurl"] = generator.settings["SITEURL"]
    published = site_brochures(generator.site, generator.settings)
    for rel, pdf in published.files.items():
        staging.link(rel, pdf, f"brochure:{pdf.stem}")
    for rel in [r for r in staging.files if r.startswith(urls.DOWNLOADS) and r not in published.files]:
        staging.remove(rel)  # e.g. a county with nothing left to print
    return published.downloads, list(published.files)


class SearchIndex:
    """The search index on its way into the staging folder: written by a child process (search/job.py) while
    this one renders the pages, on the second core; nothing to wait for when its records did not change."""

    def __init__(self, staging: Staging, digest: str | None, job: IndexJob | None = None) -> None:
        self.staging, self.digest, self._job = staging, digest, job

    def finish(self) -> str | None:
        """Wait for it; the digest of the records it was made from (None: no search). Raises BuildFailed."""
        if self._job is not None:
            job, self._job = self._job, None  # finished, even when it failed: nothing to cancel
            folder = job.finish()
            for parent, _, files in os.walk(folder):
                for name in files:
                    rel = Path(parent, name).relative_to(self.staging.folder).as_posix()
                    self.staging.noted(rel, f"search:{self.digest}:{rel}")
        return self.digest

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None


def start_search(generator: Any, staging: Staging, before: str | None) -> SearchIndex:
    """The search index started in the staging folder, made again only when its records changed."""
    bundle = urls.SEARCH_BUNDLE
    if not wants_search(generator.settings):
        staging.remove_below(bundle)
        return SearchIndex(staging, None)
    records = search_records(generator.pages)  # the index is made from these and nothing else
    digest = hashlib.sha256(pickle.dumps(records, protocol=5)).hexdigest()
    if digest == before and any(rel.startswith(bundle) for rel in staging.files):
        return SearchIndex(staging, digest)
    staging.remove_below(bundle)  # Pagefind writes new files; the old ones are output/'s
    return SearchIndex(staging, digest, start_index(records, staging.folder))


def make_search(generator: Any, staging: Staging, before: str | None) -> str | None:
    """The search index in the staging folder, waited for; the digest of its records."""
    return start_search(generator, staging, before).finish()


def search_files(staging: Staging) -> list[str]:
    return [rel for rel in staging.files if rel.startswith(urls.SEARCH_BUNDLE)]
