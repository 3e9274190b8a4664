"""What a page says about itself: its description, and schema.org data for search engines.

Pure functions of a page's record; templates print the results as <meta> tags
and a JSON-LD block. Dates are the content's own, never the build time.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .kind import KINDS
from .kinds.metadata import first
from .records.model import Record
from .site import Site


def describe(record: Record | None, site: Site, fallback: str) -> str:
    """One or two sentences for <meta name="description"> and link previews (the kind's own, kinds/)."""
    kind = KINDS.find(type(record))
    if kind is not None and kind.describe is not None:
        return kind.describe(record, site) or fallback
    return first(getattr(record, "summary", None)) or fallback


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
    kind = KINDS.find(type(record))
    return kind.json_ld(record, site) if kind is not None and kind.json_ld is not None else None
