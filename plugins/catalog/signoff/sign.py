"""``make sign``: a reviewer signs one item at one level with their own key; the signature goes in its file.

The reviewer is whoever the key belongs to in the roster; nobody types a name. Signing refuses what the
build would not count anyway (a level the roster does not allow, a level before the one below it, the same
person twice), so a reviewer learns it at once rather than at publishing time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..kind import KINDS
from . import keys
from .reviews import Reviews
from .roster import parse_key
from .statement import LEVELS, NAMESPACE, Signature, Statement
from .store import read_signatures, signature_file, write_signatures


class SignFailed(Exception):
    """Why nothing was signed, for staff."""


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    path: str  # relative to the site root
    title: str


def sign_item(root: Path, reviews: Reviews, item: Item, level: str, key: Path, today: dt.date) -> Path:
    """Sign ``item`` at ``level`` with the private key ``key``; the signature file written."""
    if level not in LEVELS:
        raise SignFailed(f"级别只能是{'、'.join(LEVELS)}，实际写的是“{level}”。")
    roster = reviews.roster
    if not roster.reviewers:
        raise SignFailed(f"还没有审核人名单（{roster.why_not}）。请管理员先建立名单，见工作指南“审核和签名”一节。")
    public = parse_key(keys.public_key(key))
    reviewer = roster.by_key(public) if public is not None else None
    if reviewer is None:
        raise SignFailed(f"密钥 {key} 不在审核人名单里。请把 {key}.pub 交给管理员加入名单并重新签名名单后再签。")
    if level not in reviewer.levels:
        raise SignFailed(f"名单里{reviewer.name}只能签{'、'.join(reviewer.levels)}，不能签{level}。")
    verdict = reviews.verdicts[(item.kind, item.id)]
    valid = {s.level: s for s in verdict.signed}
    before = LEVELS[: LEVELS.index(level)]
    missing = [lv for lv in before if lv not in valid]
    if missing:
        raise SignFailed(f"{item.path} 还没有有效的{'、'.join(missing)}，要先{missing[0]}，再签{level}。")
    twice = [lv for lv, s in valid.items() if s.reviewer == reviewer.name and lv != level]
    if twice:
        raise SignFailed(f"{reviewer.name}已经签了{item.path} 的{twice[0]}。三审要由三位不同的审核人完成。")
    digest = reviews.digest((item.kind, item.id))
    statement = Statement(item.kind, item.id, digest, level, reviewer.name, today)
    armored = keys.sign(key, NAMESPACE, statement.text())
    file = signature_file(root, item.kind, item.id)
    kept, _ = read_signatures(file, file.relative_to(root).as_posix())
    entry = Signature(level, reviewer.name, today, digest, armored)
    write_signatures(file, [s for s in kept if s.level != level] + [entry])
    return file


def describe(item: Item) -> str:
    return f"{KINDS.labels().get(item.kind, item.kind)}“{item.title}”（{item.path}）"
