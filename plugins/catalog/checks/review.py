"""Which content may be published, and what is waiting for which review.

先审后发: the public build publishes a story or record only when its status is
已发布 and every required review level is signed. The preview shows
everything; `invoke check` lists what is waiting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..records.model import Record
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from ..records.review import LEVELS, Reviewed, Status


@dataclass(frozen=True, order=True)
class Pending:
    """A piece of content not yet published, and the step it waits for."""

    path: str
    status: str
    waiting_for: str

    def __str__(self) -> str:
        return f"{self.path}：{self.status}，{self.waiting_for}"


def publishable(record: Record, levels: int) -> bool:
    """Reference data (regions, sources) has no review; content needs 已发布 and every level signed."""
    if not isinstance(record, Reviewed):
        return True
    return record.status is Status.PUBLISHED and not record.review.missing(levels)


def review_problems(records: Iterable[Record], registry: Registry, kind_of: dict[type, str], levels: int
                    ) -> list[Problem]:
    found = []
    for record in records:
        if not isinstance(record, Reviewed):
            continue
        lines = registry.lines[(kind_of[type(record)], record.id)]
        missing = record.review.missing(levels)
        if record.status is Status.PUBLISHED and missing:
            found.append(Problem(record.path, lines.line(("status",)), "status",
                                 f"标为“已发布”，但还缺少{'、'.join(missing)}。请在 review 下补上审核人和日期，"
                                 "或把 status 改为“待审”。", "review-incomplete"))
        signers = [(label, getattr(record.review, key)) for key, label in LEVELS[:levels]]
        names = [(label, s.by) for label, s in signers if s is not None]
        for i, (label, name) in enumerate(names):
            earlier = [lab for lab, other in names[:i] if other == name]
            if earlier:
                found.append(Problem(record.path, lines.line(("review",)), "review",
                                     f"{name}同时签了{earlier[0]}和{label}。三审应由不同的人完成，请核对。",
                                     "review-same-person", Severity.WARNING, subject=name))
    return found


def pending(records: Iterable[Record], levels: int) -> list[Pending]:
    waiting = []
    for record in records:
        if isinstance(record, Reviewed) and not publishable(record, levels):
            missing = record.review.missing(levels)
            if record.status is Status.DRAFT:
                step = "作者完成后把 status 改为“待审”"
            elif missing:
                step = f"等待{missing[0]}"
            else:
                step = "审核已完成，可把 status 改为“已发布”"
            waiting.append(Pending(record.path, record.status.value, step))
    return sorted(waiting)
