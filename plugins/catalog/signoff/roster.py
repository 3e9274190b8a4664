"""The roster: who may sign which levels, with which key; trusted only when the administrator signed it.

``reviewers/roster.yml`` lists the reviewers; ``reviewers/roster.yml.sig`` is the administrator's signature
over it (``make roster-sign``). The administrator's public key is the trust root, so it never comes from the
repository, where anyone with commit access could replace it: the publishing machine is given it in the
environment, ``REVIEW_ADMIN_KEY`` (the public key line) or ``REVIEW_ADMIN_KEY_FILE`` (a .pub file).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sshsig

from ..records.load import load_yaml
from ..records.problems import Problem, Severity
from .statement import LEVELS, ROSTER_NAMESPACE

ROSTER = Path("reviewers/roster.yml")
ADMIN_KEY = "REVIEW_ADMIN_KEY"
ADMIN_KEY_FILE = "REVIEW_ADMIN_KEY_FILE"


@dataclass(frozen=True)
class Reviewer:
    name: str
    levels: tuple[str, ...]
    key: sshsig.PublicKey


@dataclass(frozen=True)
class Roster:
    """The reviewers by name; ``trusted`` only when the administrator's signature over the file is valid."""

    reviewers: dict[str, Reviewer] = field(default_factory=dict)
    # True: the administrator's signature over the file is valid. None: not checked, this machine has no
    # administrator's key (a staff computer: signatures are checked against the roster as it stands, and
    # only the publishing machine, which must have the key, decides what is public). False: checked, and it
    # is not the administrator's file: no signature counts, anywhere.
    verified: bool | None = None
    why_not: str = ""  # when not verified: why, for every message that depends on it
    problems: tuple[Problem, ...] = ()
    admin: str = ""  # the fingerprint (SHA256:…) of the administrator's key it was verified with
    fingerprint: str = ""  # of everything a verdict depends on here: the file, its signature, the key, the outcome

    @property
    def trusted(self) -> bool:
        return self.verified is True

    def by_key(self, key: sshsig.PublicKey) -> Reviewer | None:
        return next((r for r in self.reviewers.values() if r.key == key), None)


def parse_key(text: str) -> sshsig.PublicKey | None:
    try:
        return sshsig.PublicKey.from_openssh_str(text.strip())
    except (ValueError, NotImplementedError, IndexError):
        return None


def admin_key(environ: Mapping[str, str] = os.environ) -> tuple[sshsig.PublicKey | None, str]:
    """The administrator's public key from the environment, or None and why."""
    text = environ.get(ADMIN_KEY, "").strip()
    if not text and environ.get(ADMIN_KEY_FILE):
        try:
            text = Path(environ[ADMIN_KEY_FILE]).read_text(encoding="utf-8").strip()
        except OSError:
            return None, f"环境变量 {ADMIN_KEY_FILE} 指向的文件“{environ[ADMIN_KEY_FILE]}”读不出来"
    if not text:
        return None, f"这台电脑没有设置管理员公钥（环境变量 {ADMIN_KEY}）"
    key = parse_key(text)
    if key is None:
        return None, f"环境变量 {ADMIN_KEY} 不是有效的 SSH 公钥（应为“ssh-ed25519 AAAA…”这样的一行）"
    return key, ""


def load_roster(root: Path, environ: Mapping[str, str] = os.environ) -> Roster:
    roster = _load_roster(root, environ)
    parts = [roster.verified, roster.why_not, roster.admin, *((r.name, r.levels, r.key.openssh_str())
                                                             for r in roster.reviewers.values())]
    return replace(roster, fingerprint=hashlib.sha256(repr(parts).encode()).hexdigest())


def _load_roster(root: Path, environ: Mapping[str, str]) -> Roster:
    file, rel = root / ROSTER, ROSTER.as_posix()
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return Roster(verified=False, why_not=f"还没有审核人名单 {rel}")
    text = data.decode("utf-8", "replace")
    reviewers, problems = _reviewers(text, rel)
    key, missing = admin_key(environ)
    if key is None:
        return Roster(reviewers, None, missing, tuple(problems))
    try:
        armored = (root / f"{rel}.sig").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        why = f"审核人名单 {rel} 没有管理员的签名（{rel}.sig）"
        return Roster(reviewers, False, why, (*problems, _untrusted(rel, why)))
    try:
        sshsig.verify(data, armored, [key], namespace=ROSTER_NAMESPACE)
    except (sshsig.InvalidSignature, NotImplementedError, ValueError):
        why = f"审核人名单 {rel} 在管理员签名之后被改动过，或签名不是管理员的密钥做的"
        return Roster(reviewers, False, why, (*problems, _untrusted(rel, why)))
    if problems:
        return Roster(reviewers, False, f"审核人名单 {rel} 有错误", tuple(problems))
    return Roster(reviewers, True, "", (), key.sha256_str())


def _untrusted(rel: str, why: str) -> Problem:
    return Problem(rel, 0, "", f"{why}，名单里的审核人一律不认，任何签名都不算数。请管理员核对名单后用 make roster-sign "
                   "重新签名。", "review-roster", Severity.WARNING)


def _reviewers(text: str, rel: str) -> tuple[dict[str, Reviewer], list[Problem]]:
    loaded = load_yaml(text, rel)
    # Warnings: a broken roster leaves nothing publishable (untrusted) but must not stop the preview.
    problems = [replace(p, severity=Severity.WARNING) for p in loaded.problems]
    entries = loaded.data.get("reviewers") if isinstance(loaded.data, dict) else None
    if not problems and not isinstance(entries, list):
        problems.append(Problem(rel, 1, "reviewers", "名单应写成 reviewers: 下面的列表，每人一项（name、levels、key）。",
                                "review-roster", Severity.WARNING))
    found: dict[str, Reviewer] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        line = loaded.lines.line(("reviewers", i))
        named = _reviewer(entry)
        if named is None:
            problems.append(Problem(rel, line, f"reviewers[{i}]", "每位审核人要写 name（姓名）、levels（可签的级别："
                                    "初审、复审、终审）和 key（make reviewer-key 生成的公钥，一整行）。", "review-roster", Severity.WARNING))
            continue
        name, reviewer = named
        if name in found or any(r.key == reviewer.key for r in found.values()):
            problems.append(Problem(rel, line, f"reviewers[{i}]", f"“{name}”或这把公钥在名单里出现了两次。每人一项，"
                                    "一人一把密钥。", "review-roster", Severity.WARNING))
            continue
        found[name] = reviewer
    return found, problems


def _reviewer(entry: Any) -> tuple[str, Reviewer] | None:
    """One entry of the roster as written (its name as typed) and the reviewer it names; None when incomplete."""
    entry = entry if isinstance(entry, dict) else {}
    name, levels, key = entry.get("name"), entry.get("levels"), parse_key(str(entry.get("key") or ""))
    wrong = [lv for lv in levels or [] if lv not in LEVELS] if isinstance(levels, list) else ["?"]
    if not isinstance(name, str) or not name.strip() or not levels or wrong or key is None:
        return None
    return name, Reviewer(name.strip(), tuple(levels), key)
