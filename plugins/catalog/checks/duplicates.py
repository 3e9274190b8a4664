"""Two pieces of content with the same title confuse readers and usually mean a file was copied."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..records.model import Case, Initiative, Record, Route, Village
from ..records.problems import Problem, Severity
from ..records.refs import Registry


def _title_key(record: Record) -> tuple | None:
    if isinstance(record, Case):
        return ("案例标题", record.title)
    if isinstance(record, Route):
        return ("线路名称", record.name)
    if isinstance(record, Village):  # two 新庄村 in two counties are two villages
        return ("村名", record.county.id, record.name)
    if isinstance(record, Initiative):
        return ("举措名称", tuple(r.id for r in record.regions), record.name)
    return None


def duplicate_titles(records: Iterable[Record], registry: Registry, kind_of: dict[type, str]) -> list[Problem]:
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for record in records:
        key = _title_key(record)
        if key is not None:
            groups[key].append(record)
    found = []
    for key, same in groups.items():
        if len(same) < 2:
            continue
        for record in same:
            others = "、".join(r.path for r in same if r is not record)
            field = "title" if isinstance(record, Case) else "name"
            lines = registry.lines[(kind_of[type(record)], record.id)]
            found.append(Problem(record.path, lines.line((field,)), field,
                                 f"{key[0]}“{key[-1]}”与 {others} 相同。如果是同一内容请合并，不同内容请改用能区分的名称。",
                                 "title-duplicate", Severity.ERROR, subject=key[-1]))
    return found
