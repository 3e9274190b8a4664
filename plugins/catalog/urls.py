"""The only code that turns a record into a URL and an output file.

URLs are readable ASCII and stable: they come from the record's id (its file
name, which does not change when a name is corrected), spelt in pinyin when
the id is Chinese, or from an explicit ``slug``. Folders with index.html give
clean URLs (``villages/xiaowang/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from urllib.parse import urlencode

from .pinyin import syllables
from .kind import KINDS
from .records.model import Case, Record, Region, Stop


@dataclass(frozen=True, order=True)
class Location:
    url: str  # relative to SITEURL, "" for the home page
    save_as: str  # relative to the output folder


def _folder(url: str) -> Location:
    return Location(url, f"{url}index.html")


HOME = Location("", "index.html")
NOT_FOUND = Location("404.html", "404.html")
DOWNLOADS = "downloads/"  # the printed brochures `make site` publishes (see brochure/publish.py), and nothing else
# The whole site's printed brochure.
BROCHURE = Location(f"{DOWNLOADS}chengguo-huibian.pdf", f"{DOWNLOADS}chengguo-huibian.pdf")
SEARCH = _folder("search/")
# Pagefind's script and index, loaded by the search page. Its runtime (pagefind.js, its worker, its WebAssembly) has
# fixed names and reads only an index of its own version: the folder is named by that version, so a browser that
# keeps the runtime for a year (hosting/) never runs an older one on a newer index.
SEARCH_BUNDLE = f"search/pagefind-{version('pagefind_bin_extended')}/"
SITE_MAP = _folder("sitemap/")  # 网站地图: every section and region, for people (sitemap.xml is for machines)
IDENTITY = "identity"  # the office's identification images (settings.FooterInfo), copied as they are


def brochure(region: Region) -> Location:
    """A county's printed brochure, beside the whole site's: ``downloads/chengguo-huibian-laixi.pdf``."""
    name = f"{DOWNLOADS}chengguo-huibian-{slug(region)}.pdf"
    return Location(name, name)


def section(kind: type[Record]) -> Location:
    """A kind's list page (Kind.section), also the folder of its records' pages."""
    return _folder(f"{KINDS.find(kind).section}/")


def page_of(location: Location, number: int) -> Location:
    """Page ``number`` of a long list whose first page is ``location``: ``villages/page/2/``."""
    return location if number == 1 else _folder(f"{location.url}page/{number}/")


def year(number: int) -> Location:
    """The archive of cases published in one year."""
    return _folder(f"{KINDS.find(Case).section}/{number}/")


@lru_cache(maxsize=65536)
def pinyin_slug(text: str) -> str:
    """``晓望村`` -> ``xiao-wang-cun``; ASCII passes through, lower-cased."""
    slug = "-".join(s for s in (re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in syllables(text)) if s)
    return slug or "item"


def slug(record: Record) -> str:
    return record.slug or pinyin_slug(record.id)


def location(record: Record) -> Location:
    section = KINDS.of(record).section  # None: a plain page, at the root
    return _folder(f"{section}/{slug(record)}/" if section else f"{slug(record)}/")


# Map apps open a stop by these public "URI" addresses; the site loads nothing from them.
_MAP_SOURCE = "dangjian-showcase"


@dataclass(frozen=True)
class MapLink:
    label: str
    url: str


def map_search_text(address: str, where: tuple[str, ...]) -> str:
    """What a map app is asked for: the address after the region names it does not already give, once each
    (莱西市委党校院内 in 山东省/青岛市/莱西市 -> 山东省青岛市莱西市委党校院内), without its asides in brackets."""
    address = re.sub(r"（[^（）]*）|\([^()]*\)", "", address).strip()
    given = next((n for n, name in enumerate(where) if address.startswith(name) or
                  address.startswith(name[:-1]) and len(name) > 2 and name[-1] in "省市县区镇乡"), len(where))
    return "".join(where[:given]) + address


# An address given as a direction and distance from somewhere (齐齐哈尔火车站以南约1.5公里): a map app cannot
# find that, so it is asked for the stop's name in its region instead.
_RELATIVE = re.compile(r"以[东南西北]|[东南西北]约|约[\d.]+(?:公里|千米|米)|附近")


def map_query(stop: Stop, where: tuple[str, ...]) -> str:
    """The text a map app searches for a stop that has an address but no coordinates."""
    return map_search_text(stop.name if _RELATIVE.search(stop.address or "") else stop.address or "", where)


def map_links(stop: Stop, where: tuple[str, ...]) -> tuple[MapLink, ...]:
    """Links that open a stop in Amap and Baidu Maps, only where a source states its location.

    ``where`` is the stop's region names (山东省, 青岛市, 莱西市), put before an address that does not already
    start with them so a map app finds the right place (map_search_text).
    """
    if stop.coordinates is not None:
        lat, lng = stop.coordinates.lat, stop.coordinates.lng
        return (
            MapLink("高德地图", "https://uri.amap.com/marker?" + urlencode(
                {"position": f"{lng},{lat}", "name": stop.name, "coordinate": "wgs84", "callnative": 0,
                 "src": _MAP_SOURCE})),
            MapLink("百度地图", "https://api.map.baidu.com/marker?" + urlencode(
                {"location": f"{lat},{lng}", "title": stop.name, "content": stop.address or stop.name,
                 "coord_type": "wgs84", "output": "html", "src": _MAP_SOURCE})),
        )
    if stop.address:
        address = map_query(stop, where)
        return (
            MapLink("高德地图", "https://uri.amap.com/search?" + urlencode(
                {"keyword": address, "callnative": 0, "src": _MAP_SOURCE})),
            MapLink("百度地图", "https://api.map.baidu.com/geocoder?" + urlencode(
                {"address": address, "output": "html", "src": _MAP_SOURCE})),
        )
    return ()
