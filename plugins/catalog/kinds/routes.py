"""线路: a red-tourism route and its stops (data/routes/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Route
from . import text
from .metadata import first, stop_place
from .places import stop_area


def sort_key(route: Route) -> tuple:
    return (pinyin_key(route.name), route.id)


def areas(route: Route) -> tuple:
    return tuple(stop_area(s) for s in route.stops)


def search_text(r: Route, values: Mapping[str, Any]) -> SearchParts:
    own = [r.name, r.summary, r.duration]
    for s in r.stops:
        own += [s.name, s.what, text.place(stop_area(s)), s.village.name if s.village else None, s.address, s.opening]
    return own, ["，".join(src.publisher for s in r.stops for src in s.sources)]


def describe(route: Route, site: Any) -> str:
    return first(f"{route.summary}共{len(route.stops)}个站点：" + "、".join(s.name for s in route.stops) + "。")


def json_ld(route: Route, site: Any) -> dict[str, Any]:
    return {"@type": "TouristTrip", "name": route.name, "description": route.summary,
            "itinerary": {"@type": "ItemList", "numberOfItems": len(route.stops), "itemListElement": [
                {"@type": "ListItem", "position": i, "item": stop_place(s)}
                for i, s in enumerate(route.stops, start=1)]}}


KIND = Kind(
    "routes", Route, "线路",
    sort_key=sort_key,
    areas=areas,
    section="routes",
    section_title="红色旅游线路",
    section_description="红色旅游线路：各站点的基本情况和资料出处。",
    template="route.html",
    value_name="route",
    search_text=search_text,
    describe=describe,
    json_ld=json_ld,
    title_key=lambda r: ("线路名称", (), r.name),
)
