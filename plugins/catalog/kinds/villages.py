"""村: a model village (data/villages/<county>/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Village
from . import text
from .metadata import first, place
from .places import lineage


def sort_key(village: Village) -> tuple:
    return (pinyin_key(village.name), village.id)


def areas(village: Village) -> tuple:
    return (village.township or village.county,)


def search_text(v: Village, values: Mapping[str, Any]) -> SearchParts:
    own = [v.name, text.place(areas(v)[0])]
    own += [f"{t.title} {t.year or ''} {t.by or ''}" for t in v.titles]
    own += (v.profile or "").split("\n")
    own += text.figures(v.figures)
    return own, [text.names(v.initiatives)]


def describe(village: Village, site: Any) -> str:
    where = "".join(r.name for r in lineage(areas(village)[0]))
    return first(f"{where}{village.name}。{village.profile or ''}")


def json_ld(village: Village, site: Any) -> dict[str, Any]:
    return {**place(areas(village)[0], village.name), "description": describe(village, site)}


def title_key(v: Village) -> tuple:
    return ("村名", v.county.id, v.name)  # two 新庄村 in two counties are two villages


KIND = Kind(
    "villages", Village, "村",
    sort_key=sort_key,
    areas=areas,
    section="villages",
    section_title="示范村",
    section_description="本站收录的村：资料记载的荣誉称号、村情简介、主要数据和相关案例。",
    template="village.html",
    value_name="village",
    search_text=search_text,
    describe=describe,
    json_ld=json_ld,
    title_key=title_key,
)
