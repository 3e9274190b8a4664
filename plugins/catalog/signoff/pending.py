"""What is waiting for which review, as `invoke check` lists it.

Whether content is published is decided by the reviewers' signatures (reviews.py); this only says,
for each item not yet public, where it stands and what it waits for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..records.model import Record
from ..records.review import Reviewed, Status
from .reviews import Reviews


@dataclass(frozen=True, order=True)
class Pending:
    """A piece of content not yet published, and the step it waits for."""

    path: str
    status: str
    waiting_for: str

    def __str__(self) -> str:
        return f"{self.path}：{self.status}，{self.waiting_for}"


def pending(records: Iterable[Record], reviews: Reviews, kind_of: dict[type, str]) -> list[Pending]:
    waiting = []
    for record in records:
        if not isinstance(record, Reviewed):
            continue
        key = (kind_of[type(record)], record.id)
        if key in reviews.public:
            continue
        verdict = reviews.verdicts[key]
        if key in reviews.held:
            step = f"三级签名已齐，等它提到的{'、'.join(reviews.held[key])}审完后一起发布"
        elif reviews.status(key[0], record) is Status.DRAFT:
            step = "作者完成后把 status 改为“待审”，再请审核人签名（make sign）"
        else:
            step = verdict.waiting_for
        waiting.append(Pending(record.path, reviews.status(key[0], record).value, step))
    return sorted(waiting)
