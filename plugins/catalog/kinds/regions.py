"""区域: provinces, cities, counties and townships (data/regions/); a county and a region with content have pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Level, Region
from . import text
from .metadata import first
from .places import lineage


def sort_key(region: Region) -> tuple:
    # Official division codes follow the administrative order.
    return (region.code is None, region.code or "", pinyin_key(region.name))


def search_text(region: Region, values: Mapping[str, Any]) -> SearchParts:
    return [region.name, text.place(region)], []


def describe(region: Region, site: Any) -> str:
    content = site.links.region(region)
    return first(f"{''.join(r.name for r in lineage(region))}的示范村、典型案例、党建举措和红色旅游线路："
                 f"{len(content.villages)}个村、{len(content.cases)}个案例、{len(content.initiatives)}项举措、"
                 f"{len(content.routes)}条线路。")


def has_page(region: Region, links: Any) -> bool:
    """A county always; a city or province with something in it; a township never (its villages are its county's)."""
    return region.kind is Level.COUNTY or (region.kind is not Level.TOWNSHIP and bool(links.region(region)))


KIND = Kind(
    "regions", Region, "区域",
    sort_key=sort_key,
    areas=lambda r: (r,),
    section="regions",
    section_title="按地区浏览",
    section_description="按省、市、县浏览示范村、典型案例、党建举措和红色旅游线路。",
    template="region.html",
    value_name="region",
    search_text=search_text,
    describe=describe,
    placed=False,  # a region lists what lies in it, not itself
    has_page=has_page,
)
