"""A test-only kind, 党群服务中心, declared as a kind module outside the plugin: everything it needs is here and in
templates/ beside it (tests/test_kinds.py registers it, builds a site with two of them and finds them everywhere)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from catalog.kind import BrochureEntry, Kind, SearchParts
from catalog.kinds import text
from catalog.kinds.metadata import first, place
from catalog.pinyin import pinyin_key
from catalog.records.model import CountyRef, NonEmpty, Record, TownshipRef
from catalog.records.refs import RefTo
from catalog.records.model import Source
from catalog.records.types import Name, Text


class ServiceCentre(Record):
    name: Name
    county: CountyRef
    township: TownshipRef | None = None
    address: Name
    hours: Name  # 开放时间, as the source gives it
    summary: Text | None = None
    sources: Annotated[tuple[RefTo(Source, "sources"), ...], NonEmpty]


def areas(centre: ServiceCentre) -> tuple:
    return (centre.township or centre.county,)


def search_text(c: ServiceCentre, values: Mapping[str, Any]) -> SearchParts:
    return [c.name, text.place(areas(c)[0]), c.address, c.hours, c.summary], []


def facts(c: ServiceCentre) -> tuple[tuple[str, str], ...]:
    return (("地址", c.address), ("开放时间", c.hours))


KIND = Kind(
    "service_centres", ServiceCentre, "党群服务中心",
    sort_key=lambda c: (pinyin_key(c.name), c.id),
    areas=areas,
    section="service-centres",
    section_title="党群服务中心",
    template="service_centre.html",
    templates=Path(__file__).parent / "templates",
    value_name="centre",
    page_values=lambda centre, site: {},
    search_text=search_text,
    describe=lambda c, site: first(f"{c.name}，地址：{c.address}，开放时间：{c.hours}。"),
    json_ld=lambda c, site: {**place(areas(c)[0], c.name), "openingHours": c.hours},
    title_key=lambda c: ("党群服务中心名称", c.county.id, c.name),
    brochure=BrochureEntry("党群服务中心", "个", facts),
)
