"""What a page says about itself: its description, and schema.org data for search engines.

Pure functions of a page's record; templates print the results as <meta> tags
and a JSON-LD block. Dates are the content's own, never the build time.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from .indexes import lineage
from .records.model import Case, Initiative, Record, Region, Route, Source, Village
from .site import Site

DESCRIPTION_LENGTH = 110  # characters; search engines show about this many of Chinese text


def _first(text: str | None) -> str:
    plain = re.sub(r"\s+", "", text or "")
    return plain if len(plain) <= DESCRIPTION_LENGTH else plain[: DESCRIPTION_LENGTH - 1] + "…"


def describe(record: Record | None, site: Site, fallback: str) -> str:
    """One or two sentences for <meta name="description"> and link previews."""
    if isinstance(record, Case):
        return _first(record.summary or _strip_tags(record.body)) or fallback
    if isinstance(record, Village):
        where = "".join(r.name for r in lineage(record.township or record.county))
        return _first(f"{where}{record.name}。{record.profile or ''}")
    if isinstance(record, Initiative):
        return _first(record.summary)
    if isinstance(record, Route):
        return _first(f"{record.summary}共{len(record.stops)}个站点：" + "、".join(s.name for s in record.stops) + "。")
    if isinstance(record, Region):
        content = site.links.region(record)
        return _first(f"{''.join(r.name for r in lineage(record))}的示范村、典型案例、党建举措和红色旅游线路："
                      f"{len(content.villages)}个村、{len(content.cases)}个案例、{len(content.initiatives)}项举措、"
                      f"{len(content.routes)}条线路。")
    if isinstance(record, Source):
        return _first(f"{record.publisher}《{record.title}》，本站引用的资料来源。")
    summary = getattr(record, "summary", None)
    return _first(summary) or fallback


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# Inside <script>, HTML's parser looks for "</script" and "<!--" whatever JSON means; with "<", ">" and "&"
# written as JSON escapes, no record text can end the element or open a comment, and the data reads the same.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld(record: Record | None, site: Site, url: str) -> Markup | None:
    """schema.org data: Article for cases, Place for villages, TouristTrip for routes."""
    data = _schema(record, site)
    if data is None:
        return None
    absolute = site.absolute(url)
    if absolute:
        data["url"] = absolute
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    return Markup(text.translate(_SCRIPT_SAFE))


def home_json_ld(site: Site) -> Markup:
    """The site and who runs it, on the home page: WebSite, and the office as a GovernmentOrganization."""
    footer = site.settings.footer
    office: dict[str, Any] = {"@type": "GovernmentOrganization" if footer.host else "Organization",
                              "name": footer.host or site.settings.name}
    if footer.contact:
        office["contactPoint"] = {"@type": "ContactPoint", "description": footer.contact}
    website: dict[str, Any] = {"@type": "WebSite", "name": site.settings.name, "inLanguage": "zh-CN",
                               "publisher": office}
    home = site.absolute("")
    if home:
        website["url"] = home
        website["potentialAction"] = {"@type": "SearchAction", "target": site.absolute("search/") + "?q={q}",
                                      "query-input": "required name=q"}
    text = json.dumps({"@context": "https://schema.org", **website}, ensure_ascii=False)
    return Markup(text.translate(_SCRIPT_SAFE))


def _schema(record: Record | None, site: Site) -> dict[str, Any] | None:
    if isinstance(record, Case):
        data: dict[str, Any] = {"@type": "Article", "headline": record.title,
                                "datePublished": record.date.isoformat(), "inLanguage": "zh-CN",
                                "publisher": {"@type": "Organization", "name": site.settings.footer.host
                                              or site.settings.name}}
        if record.summary:
            data["description"] = record.summary
        if record.county:
            data["contentLocation"] = _place(record.county)
        return data
    if isinstance(record, Village):
        return {**_place(record.township or record.county, record.name), "description": describe(record, site, "")}
    if isinstance(record, Route):
        return {"@type": "TouristTrip", "name": record.name, "description": record.summary,
                "itinerary": {"@type": "ItemList", "numberOfItems": len(record.stops), "itemListElement": [
                    {"@type": "ListItem", "position": i, "item": _stop_place(s)}
                    for i, s in enumerate(record.stops, start=1)]}}
    return None


def _place(region: Region, name: str | None = None) -> dict[str, Any]:
    chain = lineage(region)
    place: dict[str, Any] = {"@type": "Place", "name": name or region.name,
                             "address": {"@type": "PostalAddress", "addressCountry": "CN",
                                         "addressRegion": chain[0].name,
                                         "addressLocality": "".join(r.name for r in chain[1:]) or chain[0].name}}
    return place


def _stop_place(stop: Any) -> dict[str, Any]:
    place = _place(stop.village.township or stop.village.county if stop.village else stop.region, stop.name)
    if stop.address:
        place["address"]["streetAddress"] = stop.address
    if stop.coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": str(stop.coordinates.lat),
                        "longitude": str(stop.coordinates.lng)}
    return place
