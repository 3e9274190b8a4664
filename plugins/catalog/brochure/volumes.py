"""Which brochures the site publishes: one per county, and the whole site's while it stays short.

A province's whole-site brochure would be some 11,000 pages (hours of typesetting
and more memory than the machine has), so the site publishes a brochure per
county, each what ``invoke brochure --county X`` makes, and the whole site's
only while its estimated length is at most BROCHURE_SITE_MAX_PAGES.

The estimate is made from the HTML before anything is typeset: measured on the
shipped content and on the benchmark's corpus, a page holds 580–630 printed
characters, and a photo takes about a third of a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import urls
from ..order import ordered
from ..records.model import Level, Region
from ..site import Site
from .glyphs import printed_text
from .scope import Scope, Selection

CHARS_PER_PAGE = 600
PHOTOS_PER_PAGE = 3
# A village, case or route takes at least its heading and a line: 2 of a page's 40-odd lines
# (the benchmark's province averages 1.2 pages each).
LEAST_PAGES_PER_ENTRY = 1 / 20
_IMG = re.compile(r"<img\b")
SITE = "site"  # the whole site's volume name


@dataclass(frozen=True)
class Volume:
    """One brochure the site publishes: its scope, where it is published, the county it belongs to."""

    name: str  # stable across builds: "site", or "county-<id>"
    scope: Scope
    location: urls.Location
    region: Region | None  # None for the whole site


def site_volume() -> Volume:
    return Volume(SITE, Scope(), urls.BROCHURE, None)


def county_volumes(site: Site) -> list[Volume]:
    """A volume for every county holding content, in the site's order of regions."""
    counties = ordered(r for r in site.catalog.regions.values() if r.kind is Level.COUNTY and site.links.region(r))
    return [Volume(f"county-{c.id}", Scope(counties=(c.id,)), urls.brochure(c), c) for c in counties]


def estimated_pages(html: str) -> int:
    """How many pages WeasyPrint will set ``html`` on, within about 10 %, without typesetting it."""
    return round(len(printed_text(html)) / CHARS_PER_PAGE + len(_IMG.findall(html)) / PHOTOS_PER_PAGE)


def surely_longer(selection: Selection, pages: int) -> bool:
    """Whether the selection is too long for ``pages`` by its count of entries alone, before composing it
    (composing the province's whole-site brochure only to find it too long costs 2 s per build)."""
    return (len(selection.villages) + len(selection.cases) + len(selection.routes)) * LEAST_PAGES_PER_ENTRY > pages
