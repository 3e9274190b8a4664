"""The whole site's brochure, published by `make site` for download.

Rendered during the build's output phase into the staging folder, before
the pages (they link to it, with its size). Any failure fails the build, and
build.py then leaves the published output/ exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import urls
from ..records.problems import BuildFailed, Problem
from ..site import Site
from .errors import BrochureError
from .files import size_label, write_atomically
from .make import make_brochure
from .scope import EmptyScope, Scope
from .settings import BrochureSettings

SETTINGS_FILE = "pelicanconf.py"


@dataclass(frozen=True)
class Download:
    """What the home page and footer say about the brochure: where, how big, how many pages."""

    url: str
    bytes: int
    pages: int

    @property
    def size(self) -> str:
        return size_label(self.bytes)


def publish_site_brochure(site: Site, pelican_settings: dict[str, Any], output: Path) -> Download | None:
    """The brochure written into ``output``; None when switched off (SITE_BROCHURE) or there is nothing to print."""
    settings = BrochureSettings.from_pelican(pelican_settings)
    if not settings.for_site:
        return None
    options = settings.options()
    given = {f"{SETTINGS_FILE} BROCHURE_TITLE": options.title, f"{SETTINGS_FILE} BROCHURE_ISSUER": options.issuer}
    try:
        brochure = make_brochure(site, settings, Scope(), options, {k: v for k, v in given.items() if v})
    except EmptyScope:
        return None  # e.g. a public build before anything is reviewed: no brochure, and no link to one
    except BrochureError as error:
        raise BuildFailed([Problem(SETTINGS_FILE, 0, "SITE_BROCHURE", f"网站的成果汇编（PDF）没有生成：{error}"
                                   "如暂时不需要在网站上提供下载，可在 pelicanconf.py 里把 SITE_BROCHURE 改为 False。",
                                   "brochure")]) from None
    write_atomically(output / urls.BROCHURE.save_as, brochure.pdf)
    return Download(urls.BROCHURE.url, len(brochure.pdf), brochure.pages)
