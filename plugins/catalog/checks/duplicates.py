"""Two pieces of content with the same title confuse readers and usually mean a file was copied.

Titles are compared as a reader sees them (normal.py): two that differ only in
how they are encoded (composed or decomposed accents, full-width forms, an
invisible character) are the same title.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..kind import KINDS
from ..records.model import Record
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from .normal import INVISIBLE, normalise


def _title_key(record: Record) -> tuple | None:
    """What two records of a kind must not share (Kind.title_key: its label, and its name as normalised)."""
    kind = KINDS.find(type(record))
    if kind is None or kind.title_key is None:
        return None
    label, scope, name = kind.title_key(record)
    return (label, scope, normalise(name))


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
            field = "name" if "name" in type(record).model_fields else "title"
            typed = getattr(record, field)
            others = "、".join(r.path for r in same if r is not record)
            encoded = ("（两处看起来一样，只是字符的编码不同，如全角与半角、组合的声调或看不见的字符）"
                       if any(getattr(r, field) != typed for r in same) else "")
            lines = registry.lines[(kind_of[type(record)], record.id)]
            found.append(Problem(record.path, lines.line((field,)), field,
                                 f"{key[0]}“{INVISIBLE.sub('', typed)}”与 {others} 相同{encoded}。"
                                 "如果是同一内容请合并，不同内容请改用能区分的名称。",
                                 "title-duplicate", Severity.ERROR, subject=typed))
    return found
