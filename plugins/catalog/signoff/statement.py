"""What a reviewer signs: one item's content at one level, by name and date, as exact bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# ssh-keygen's -n: a signature made for one purpose cannot be passed off as one for another.
NAMESPACE = "dangjian-review@showcase"
ROSTER_NAMESPACE = "dangjian-roster@showcase"
LEVELS = ("初审", "复审", "终审")  # in the order they are signed
_VERSION = "dangjian-review-statement v1"


@dataclass(frozen=True)
class Statement:
    """The signed facts. The item's kind and id come from where the signature file lies, never from its text,
    so a signature copied to another item or kept after a rename states another item and fails."""

    kind: str  # the folder the item's kind is kept in: "cases", "villages", …
    item: str  # its id (file name)
    content: str  # "sha256:<hex>" of the content as published (digest.py)
    level: str
    reviewer: str
    date: dt.date

    def text(self) -> bytes:
        lines = [_VERSION, f"kind: {self.kind}", f"id: {self.item}", f"content: {self.content}",
                 f"level: {self.level}", f"reviewer: {self.reviewer}", f"date: {self.date.isoformat()}"]
        return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Signature:
    """One entry of a signature file: the statement's own fields, the armored SSH signature, its line."""

    level: str
    reviewer: str
    date: dt.date
    content: str
    armored: str
    line: int = 1

    def statement(self, kind: str, item: str) -> Statement:
        return Statement(kind, item, self.content, self.level, self.reviewer, self.date)
