"""Whether an item's signatures make it publishable: each checked against the roster, its content and the date.

An item is published only when 初审, 复审 and 终审 are each signed, validly, over its current content, by
three different reviewers whom the trusted roster allows those levels, in that order, none dated after
today. Anything else leaves it 待审, with a message that names the item, the signature and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sshsig
from sshsig.sshsig import SshsigSignature

from ..workers import fork_map
from ..records.problems import Problem, Severity
from . import ed25519
from .roster import Roster
from .statement import LEVELS, NAMESPACE, Signature

PARALLEL_FROM = 2000  # below this many checks (under a quarter of a second), forking costs more than it saves


@dataclass(frozen=True)
class Signed:
    level: str
    reviewer: str
    date: dt.date


@dataclass(frozen=True)
class Verdict:
    """What an item's signatures amount to."""

    path: str  # the item's file, for messages
    signed: tuple[Signed, ...] = ()  # the valid sign-offs, in level order
    problems: tuple[Problem, ...] = ()  # one per signature that does not count, and why
    changed: bool = False  # a signature was over other content: the text changed after signing
    in_order: bool = True  # three different reviewers, each level signed no earlier than the one before

    @property
    def published(self) -> bool:
        return [s.level for s in self.signed] == list(LEVELS) and self.in_order

    def with_last_change(self, since: str) -> tuple[Problem, ...]:
        """The problems, a voided signature's saying when the item last changed (git), when that is known."""
        if not since:
            return self.problems
        return tuple(Problem(p.path, p.line, p.field, p.message + f"（{self.path} 最近一次改动：{since}）", p.rule,
                             p.severity) if p.message.find("已失效") >= 0 else p for p in self.problems)

    @property
    def waiting_for(self) -> str:
        if self.published:
            return ""
        done = {s.level for s in self.signed}
        missing = [level for level in LEVELS if level not in done]
        if self.changed:
            return "内容在签名后改过，签名已失效，需要重新" + "、".join(missing)
        return f"等待{missing[0]}" if missing else "签名有问题，见上面的提示"


def _valid(statement: bytes, armored: str, key: sshsig.PublicKey, fast: ed25519.Key | None = None) -> bool:
    """One check: an ed25519 signature read here (ed25519.py, about 0.1 ms), any other shape by sshsig."""
    found = ed25519.check(statement, armored, fast or ed25519.Key(key), NAMESPACE)
    if found is not None:
        return found
    try:
        sshsig.verify(statement, armored, [key], namespace=NAMESPACE)
    except (sshsig.InvalidSignature, NotImplementedError, ValueError):
        return False
    return True


def _check_share(share: list[tuple[bytes, str, sshsig.PublicKey]]) -> list[bool]:
    keys: dict[int, ed25519.Key] = {}
    return [_valid(statement, armored, key, keys.get(id(key)) or keys.setdefault(id(key), ed25519.Key(key)))
            for statement, armored, key in share]


class Checks:
    """Every signature's check, made once: in a build, on every core at once; kept by what was checked (the
    statement, the signature and the key) in the build's memo (.cache/build), so a province of 37,000
    signatures is checked again only where one changed."""

    def __init__(self, memo: Any = None, workers: int = 1) -> None:
        self.memo, self.workers = memo, workers
        self._known: dict[str, bool] = {}
        self.new: dict[str, bool] = {}  # checked by this object, not found in the memo
        self._keys: dict[int, tuple[sshsig.PublicKey, bytes]] = {}  # a roster's few keys, spelt once

    def _key(self, statement: bytes, armored: str, key: sshsig.PublicKey) -> str:
        spelt = self._keys.get(id(key))
        if spelt is None or spelt[0] is not key:
            spelt = self._keys[id(key)] = (key, key.openssh_str().encode())
        return hashlib.sha256(statement + b"\0" + armored.encode() + b"\0" + spelt[1]).hexdigest()

    def check_all(self, triples: list[tuple[bytes, str, sshsig.PublicKey]]) -> None:
        todo = {}
        for triple in triples:
            name = self._key(*triple)
            if name in self._known:
                continue
            remembered = self.memo.get(("signature", name)) if self.memo is not None else None
            if remembered is not None:
                self._known[name] = remembered
            else:
                todo[name] = triple
        if not todo:
            return
        names, work = list(todo), list(todo.values())
        shares = [work[i::self.workers] for i in range(self.workers)] if len(work) >= PARALLEL_FROM else [work]
        results = fork_map(_check_share, shares) if len(shares) > 1 else [_check_share(work)]
        for i, share in enumerate(results):
            self.adopt(dict(zip(names[i::len(results)], share, strict=True)))

    def adopt(self, found: dict[str, bool]) -> None:
        """Results checked elsewhere (a forked process: ahead.py), kept as if checked here."""
        self._known.update(found)
        self.new.update(found)
        if self.memo is not None:
            for name, ok in found.items():
                self.memo.put(("signature", name), ok)

    def valid(self, statement: bytes, armored: str, key: sshsig.PublicKey) -> bool:
        name = self._key(statement, armored, key)
        if name not in self._known:
            self._known[name] = _check_share([(statement, armored, key)])[0]
        return self._known[name]


def _signer(armored: str, roster: Roster) -> str | None:
    """Whose roster key made this signature, whatever it claims."""
    try:
        key = SshsigSignature.from_armored(armored).public_key
        found = roster.by_key(sshsig.PublicKey.from_ssh_encoding(key))
    except (ValueError, NotImplementedError, AttributeError):
        return None
    return found.name if found is not None else None


@dataclass
class _Verifier:
    kind: str
    item: str
    sig_path: str
    digest: str
    roster: Roster
    today: dt.date
    valid: Callable[[bytes, str, sshsig.PublicKey], bool] = _valid
    problems: list[Problem] = field(default_factory=list)
    changed: bool = False

    def say(self, line: int, message: str) -> None:
        # None of the review rules can be waived (checks/rules.py).
        self.problems.append(Problem(self.sig_path, line, "", message, "review-signature", Severity.WARNING))

    def check(self, s: Signature) -> bool:  # noqa: PLR0911 - one reason a signature does not count, each
        label = f"{s.level}签名（{s.reviewer}，{s.date.isoformat()}）"
        reviewer = self.roster.reviewers.get(s.reviewer)
        if self.roster.verified is False:
            self.say(s.line, f"{label}不算数：{self.roster.why_not}。")
            return False
        if reviewer is None:
            self.say(s.line, f"{label}不算数：“{s.reviewer}”不在审核人名单里。请由名单里的审核人用 make sign 签名。")
            return False
        if not self.valid(s.statement(self.kind, self.item).text(), s.armored, reviewer.key):
            signer = _signer(s.armored, self.roster)
            why = (f"签名用的是{signer}的密钥，不是{s.reviewer}的" if signer and signer != s.reviewer
                   else "签名与签名文件里写的内容、位置对不上（签名文件被改过，或是从别的条目复制来的）")
            self.say(s.line, f"{label}不算数：{why}。请删除这一项，由审核人本人用 make sign 重新签名。")
            return False
        if s.level not in reviewer.levels:
            self.say(s.line, f"{label}不算数：名单里{s.reviewer}只能签{'、'.join(reviewer.levels)}。"
                             f"请由可以签{s.level}的审核人签名。")
            return False
        if s.date > self.today:
            self.say(s.line, f"{label}不算数：签名日期在今天（{self.today.isoformat()}）之后。请删除这一项，重新签名。")
            return False
        if s.content != self.digest:
            self.changed = True
            self.say(s.line, f"{label}已失效：签名以后，这份内容（或它引用的资料来源、照片、地区名称）改过。"
                             f"请审核人看过改动后用 make sign 重新签{s.level}。")
            return False
        return True


def verify_item(kind: str, item: str, path: str, sig_path: str, signatures: list[Signature], digest: str,
                roster: Roster, today: dt.date, valid: Callable[[bytes, str, sshsig.PublicKey], bool] = _valid
                ) -> Verdict:
    checker = _Verifier(kind, item, sig_path, digest, roster, today, valid)
    valid: dict[str, Signature] = {}
    for s in signatures:
        if checker.check(s):
            valid[s.level] = s
    signed = [valid[level] for level in LEVELS if level in valid]
    in_order = True
    for i, s in enumerate(signed):
        for earlier in signed[:i]:
            in_order = in_order and earlier.reviewer != s.reviewer and earlier.date <= s.date
            if earlier.reviewer == s.reviewer:
                checker.say(s.line, f"{s.reviewer}同时签了{earlier.level}和{s.level}：三审要由三位不同的审核人完成。"
                                    f"请另请一位可以签{s.level}的审核人签名。")
            elif earlier.date > s.date:
                checker.say(s.line, f"{s.level}的日期 {s.date.isoformat()} 早于{earlier.level}的 "
                                    f"{earlier.date.isoformat()}：要先{earlier.level}、后{s.level}。请重新签{s.level}。")
    return Verdict(path, tuple(Signed(s.level, s.reviewer, s.date) for s in signed), tuple(checker.problems),
                   checker.changed, in_order)
