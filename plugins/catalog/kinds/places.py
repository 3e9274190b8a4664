"""Where a record lies: one rule, read by the indexes, the pages, the metadata, search and the brochure.

Each kind says which regions a record names as where it is (``Kind.areas``: a village its township or
county, a case its county and its villages' places, a route its stops' places). Everything else follows
from that here: the regions it is listed under (those and all above them) and the counties (or wider
areas) its labels name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..kind import KINDS
from ..records.model import Level, Region, Stop


def lineage(region: Region | None) -> tuple[Region, ...]:
    """The region and all above it, from the province down."""
    chain = []
    while region is not None:
        chain.append(region)
        region = region.parent
    return tuple(reversed(chain))


def county_of(region: Region) -> Region | None:
    return next((r for r in lineage(region) if r.kind is Level.COUNTY), None)


def stop_area(stop: Stop) -> Region:
    """Where a route stop lies: its village's township or county, or the region it names."""
    return (stop.village.township or stop.village.county) if stop.village is not None else stop.region


def areas(record: Any) -> tuple[Region, ...]:
    """The regions the record names as where it lies, most precise first-hand (its kind's rule)."""
    return KINDS.of(record).areas(record)


def listed_under(record: Any) -> tuple[Region, ...]:
    """The regions whose pages list the record: where it and the records it is about lie, and every region above
    them, each once."""
    return within([*areas(record), *(a for about in KINDS.of(record).about(record) for a in areas(about))])


def within(regions: Iterable[Region | None]) -> tuple[Region, ...]:
    """The regions and all above them, each once."""
    return tuple({a.id: a for r in regions if r is not None for a in lineage(r)}.values())


def places(record: Any) -> tuple[Region, ...]:
    """The counties (or wider areas) a record belongs to, for labels and search results: where it lies, each
    at county level (a township's county), each once."""
    return tuple({r.id: r for r in (county_of(a) or a for a in areas(record))}.values())
