"""来源: a source every fact cites (data/sources/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Source
from .metadata import first


def sort_key(source: Source) -> tuple:
    return (pinyin_key(source.publisher), pinyin_key(source.title), source.id)


def search_text(s: Source, values: Mapping[str, Any]) -> SearchParts:
    return [s.title, s.publisher, str(s.date) if s.date else None, f"{s.grade} 级" if s.grade else None, s.note], []


def describe(source: Source, site: Any) -> str:
    return first(f"{source.publisher}《{source.title}》，本站引用的资料来源。")


KIND = Kind(
    "sources", Source, "来源",
    sort_key=sort_key,
    areas=lambda s: (),
    section="sources",
    section_title="资料来源",
    section_description="本站所有事实和数据的资料来源。",
    template="source.html",
    value_name="source",
    search_text=search_text,
    describe=describe,
    placed=False,
)
