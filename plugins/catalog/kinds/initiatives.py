"""举措: a Party initiative (党建品牌, 工作法, 工程…) and its parts (data/initiatives/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Initiative
from . import text
from .metadata import first


def sort_key(initiative: Initiative) -> tuple:
    # Parts keep the order their source lists them in; the rest sort by name.
    order = initiative.order if initiative.order is not None else float("inf")
    return (initiative.level.rank, order, pinyin_key(initiative.name), initiative.id)


def search_text(i: Initiative, values: Mapping[str, Any]) -> SearchParts:
    own = [i.name, f"{i.level} {i.kind} {i.owner or ''} {i.since or ''} {i.until or ''}",
           i.parent.name if i.parent is not None else None, i.summary]
    for m in i.measures:
        own += [m.title, m.text, *m.items]
    own += text.figures(i.figures)
    own.append(text.names(values.get("areas") or i.regions))  # 实施地区, as the page shows it
    return own, [text.names(values.get("children", ()))]


def title_key(i: Initiative) -> tuple:
    return ("举措名称", tuple(r.id for r in i.regions), i.name)


KIND = Kind(
    "initiatives", Initiative, "举措",
    sort_key=sort_key,
    areas=lambda i: i.regions,  # 实施地区; also listed where the villages and cases naming it lie (indexes.py)
    section="initiatives",
    section_title="党建举措",
    section_description="各地党建品牌、工作法、工程和行动，以及它们的主要做法和成效数据。",
    template="initiative.html",
    value_name="initiative",
    search_text=search_text,
    describe=lambda i, site: first(i.summary),
    title_key=title_key,
)
