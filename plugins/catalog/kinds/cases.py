"""案例: a case story (content/cases/*.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..dates import cn_date
from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Case
from . import text
from .metadata import first, place, strip_tags
from .villages import areas as village_areas


def sort_key(case: Case) -> tuple:
    # Newest first; the date is the story's own, never the build time.
    return (-case.date.toordinal(), pinyin_key(case.title), case.id)


def areas(case: Case) -> tuple:
    """Its county (or wider area); where the source names none, where the villages it is about lie."""
    return (case.county,) if case.county else tuple(a for v in case.villages for a in village_areas(v))


def search_text(c: Case, values: Mapping[str, Any]) -> SearchParts:
    own = [c.title, f"{cn_date(c.date)} {c.county.name if c.county else ''}", c.summary, text.html_text(c.body)]
    return own, [text.names(c.villages), text.names(c.initiatives)]


def describe(case: Case, site: Any) -> str:
    return first(case.summary or strip_tags(case.body))


def json_ld(case: Case, site: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Article", "headline": case.title, "datePublished": case.date.isoformat(),
                            "inLanguage": "zh-CN", "publisher": {"@type": "Organization", "name":
                                                                 site.settings.footer.host or site.settings.name}}
    if case.summary:
        data["description"] = case.summary
    if case.county:
        data["contentLocation"] = place(case.county)
    return data


KIND = Kind(
    "cases", Case, "案例",
    sort_key=sort_key,
    areas=areas,
    about=lambda c: c.villages,
    story=True,
    section="cases",
    section_title="典型案例",
    section_description="党建引领乡村振兴典型案例，按年份排列。",
    template="case.html",
    value_name="case",
    search_text=search_text,
    describe=describe,
    json_ld=json_ld,
    title_key=lambda c: ("案例标题", (), c.title),
)
