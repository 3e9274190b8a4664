"""Which brochures the site publishes: one per county, and the whole site's while it stays short.

A province's whole-site brochure would be some 10,000 pages, so the site
publishes a brochure per county, each what ``invoke brochure --county X`` makes,
and the whole site's only while its estimated length is at most
BROCHURE_SITE_MAX_PAGES. A county is offered a volume of its own only when it
has something of its own to print: a model village, a case or a route located
there. A county with only a wider area's plans that name it (讷河市: one
initiative, no results reported) would make a volume of a few near-empty
pages; it stays in its city's and the whole site's.

The estimate is made from the layout before anything is typeset: a page holds
about 500 printed characters (28 × 22 at most, less headings, tables and
short lines), and a photo takes about a third of a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..order import ordered
from ..records.model import Level, Region
from ..site import Site
from .blocks import Layout
from .scope import Scope, Selection

CHARS_PER_PAGE = 500
PHOTOS_PER_PAGE = 3
# A village, case or route takes at least its heading and a line: 2 of a page's 40-odd lines
# (the benchmark's province averages 1.2 pages each).
LEAST_PAGES_PER_ENTRY = 1 / 20
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
    """A volume for every county with a village, case or route of its own, in the site's order of regions."""
    counties = ordered(r for r in site.catalog.regions.values() if r.kind is Level.COUNTY and _substance(site, r))
    return [Volume(f"county-{c.id}", Scope(counties=(c.id,)), urls.brochure(c), c) for c in counties]


def _substance(site: Site, county: Region) -> bool:
    held = site.links.region(county)
    return bool(held.villages or held.cases or held.routes)


def estimated_pages(layout: Layout) -> int:
    """How many pages ``layout`` will be set on, roughly, without typesetting it."""
    return round(sum(map(len, layout.texts())) / CHARS_PER_PAGE + len(layout.photos) / PHOTOS_PER_PAGE)


def surely_longer(selection: Selection, pages: int) -> bool:
    """Whether the selection is too long for ``pages`` by its count of entries alone, before composing it
    (composing the province's whole-site brochure only to find it too long costs 2 s per build)."""
    return (len(selection.villages) + len(selection.cases) + len(selection.routes)) * LEAST_PAGES_PER_ENTRY > pages
