"""Every item's review, worked out once a build, and what the public build may therefore show.

An item is public when its own signatures are complete (verify.py) and every other reviewed item it names is
public too: a case about a village still in review waits for it, so no public page ever names an unreviewed
item, not even as a draft-tagged link. Sources and regions have no review of their own; they are shown only
as far as public items use them — a source cited by one, a region holding one (with the regions above it) —
and what they print there is part of the digest each of those items' reviewers signed (digest.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..indexes import lineage
from ..records.model import Region, Source, Story
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from ..records.review import Reviewed, Status
from ..stories import link_target
from .digest import NOT_CONTENT, content_digest
from .roster import Roster, load_roster
from .store import FOLDER, read_signatures, signature_file
from .verify import Verdict, verify_item

Key = tuple[str, str]  # (kind folder, id)


@dataclass(frozen=True)
class Reviews:
    roster: Roster
    verdicts: dict[Key, Verdict] = field(default_factory=dict)
    digests: dict[Key, str] = field(default_factory=dict)
    public: frozenset[Key] = frozenset()  # every record the public build shows, of every kind
    problems: tuple[Problem, ...] = ()  # about signatures and the roster (warnings: the item is just not public)
    held: dict[Key, list[str]] = field(default_factory=dict)  # signed items waiting for others, by the names
    work_out: Callable[[Key], str] | None = field(default=None, repr=False)  # the digest of an unsigned item
    first_approved: dict[Key, dt.date] = field(default_factory=dict)  # from git: when a 终审 first came in

    def dates(self, kind: str, record: Any) -> tuple[dt.date, dt.date | None] | None:
        """(发布日期, 更新日期 or None) of a public item: first approved, and approved again in its present form
        when that was later. None for an item that is not public."""
        if (kind, record.id) not in self.public:
            return None
        final = next(s.date for s in self.verdicts[(kind, record.id)].signed if s.level == "终审")
        first = min(self.first_approved.get((kind, record.id), final), final)
        return first, (final if final > first else None)

    def digest(self, key: Key) -> str:
        """What a signature of this item now must state (worked out here only for an item without one yet)."""
        found = self.digests.get(key)
        return found if found is not None or self.work_out is None else self.work_out(key)

    def status(self, kind: str, record: Any) -> Status:
        if (kind, record.id) in self.public:
            return Status.PUBLISHED
        verdict = self.verdicts[(kind, record.id)]
        signed_once = verdict.signed or verdict.changed  # under review, whatever the author last typed
        return Status.PENDING if record.status is Status.PENDING or signed_once else Status.DRAFT


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def last_changes(root: Path, paths: list[str]) -> dict[str, str]:
    """When and by whom each file last changed (git), for the message of a signature the change voided:
    two git commands for all of them, however many were voided at once (a region renamed)."""
    if not paths:
        return {}
    try:
        log = subprocess.run(["git", "log", "--format=%x00%cs，%an，提交 %h", "--name-only", "--", *paths], cwd=root,
                             capture_output=True, text=True, timeout=30)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *paths], cwd=root, capture_output=True,
                               text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    found: dict[str, str] = {line[3:].strip(): "还没有提交的修改" for line in dirty.stdout.splitlines() if len(line) > 3}
    for entry in log.stdout.split("\0")[1:] if log.returncode == 0 else []:
        when, *files = entry.strip().splitlines()
        for file in files:
            found.setdefault(file.strip(), when)
    return found


def first_approvals(root: Path) -> dict[Key, dt.date]:
    """When each item's signature file first held a 终审, from git: one command for the whole history (the
    commits that changed how many 终审 a signature file holds). Empty outside a git work tree."""
    try:
        log = subprocess.run(["git", "log", "--reverse", "--format=%x00%cs", "--name-only", "-S", "level: 终审",
                              "--", FOLDER], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    found: dict[Key, dt.date] = {}
    for entry in log.stdout.split("\0")[1:] if log.returncode == 0 else []:
        when, *files = entry.strip().splitlines()
        for name in files:
            parts = Path(name.strip()).parts
            if len(parts) >= 3 and parts[-3] == FOLDER and parts[-1].endswith(".yml"):
                found.setdefault((parts[-2], Path(parts[-1]).stem), dt.date.fromisoformat(when))
    return found


def review_all(root: Path, content: Path, registry: Registry, kinds: dict[type, str], today: dt.date,
               roster: Roster | None = None) -> Reviews:
    """``root``: the site (reviews/, reviewers/ and every record's path are in it); ``content``: its stories."""
    roster = roster if roster is not None else load_roster(root)
    verdicts, digests, problems = {}, {}, list(roster.problems)
    signed_files = _signature_files(root)
    for (kind, item), record in registry.records_by_key():
        if not isinstance(record, Reviewed):
            continue
        file = signature_file(root, kind, item)
        if file not in signed_files:  # most items, most of the time: nothing to read or digest
            verdicts[(kind, item)] = Verdict(record.path)
            continue
        rel = file.relative_to(root).as_posix()
        signatures, found = read_signatures(file, rel)
        digest = digests[(kind, item)] = content_digest(kind, record, registry, root, _file_digest)
        verdicts[(kind, item)] = verify_item(kind, item, record.path, rel, signatures, digest, roster, today)
        problems += found
    changed = last_changes(root, [v.path for v in verdicts.values() if v.changed])
    for verdict in verdicts.values():
        problems += verdict.with_last_change(changed.get(verdict.path, "")) if verdict.changed else verdict.problems
    problems += _orphans(root, registry, signed_files)
    public, held = _public(registry, kinds, {k for k, v in verdicts.items() if v.published}, root, content)
    def work_out(key: Key) -> str:
        return content_digest(key[0], registry.of(key[0])[key[1]], registry, root, _file_digest)

    return Reviews(roster, verdicts, digests, public, tuple(problems), held, work_out,
                   first_approvals(root) if any(v.published for v in verdicts.values()) else {})


def _signature_files(root: Path) -> set[Path]:
    folder = root / FOLDER
    return {p for p in folder.rglob("*.yml") if p.is_file()} if folder.is_dir() else set()


def _orphans(root: Path, registry: Registry, files: set[Path]) -> list[Problem]:
    """Signature files for no item: a renamed or deleted item's, or one copied in by hand."""
    found = []
    for file in sorted(files):
        rel = file.relative_to(root / FOLDER)
        if len(rel.parts) != 2 or rel.stem not in registry.of(rel.parts[0]):
            found.append(Problem(file.relative_to(root).as_posix(), 0, "", "这个签名文件没有对应的内容（内容改名或删除了？）。"
                                 "签名只对原来的编号有效：改名后的内容需要重新审核签名。请删除这个文件。",
                                 "review-signature-file", Severity.WARNING))
    return found


def _named(value: Any, top: bool = True) -> Iterator[Any]:
    """The records ``value`` names: reviewed items, sources and regions, at any depth of its fields."""
    if isinstance(value, (Reviewed, Source, Region)) and not top:
        yield value
        if not isinstance(value, Region):
            return
    if isinstance(value, BaseModel) and not isinstance(value, Region):
        for name in type(value).model_fields:
            if name not in NOT_CONTENT:
                yield from _named(getattr(value, name), top=False)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _named(item, top=False)


def _linked(record: Any, by_path: dict[Path, Any], root: Path, content: Path) -> list[Any]:
    """The stories a story's body links to ({filename}): a public link would lead to, and spell, an unpublished one."""
    story = getattr(getattr(record, "article", None), "story", None)
    if story is None:
        return []
    file = root / record.path
    return [found for kind, target in story.internal_links() if kind == "filename"
            if (found := by_path.get(link_target(file, target, content))) is not None]


def _public(registry: Registry, kinds: dict[type, str], signed: set[Key], root: Path,
            content: Path) -> tuple[frozenset[Key], dict]:
    records = dict(registry.records_by_key())
    by_path = {(root / r.path).resolve(): r for r in records.values() if isinstance(r, Story)}
    public = set(signed)
    held: dict[Key, list[str]] = {}
    changed = True
    while changed:  # an item waits for every reviewed item it names or links to
        changed = False
        for key in sorted(public):
            named = [*_named(records[key]), *_linked(records[key], by_path, root, content)]
            waiting = [r for r in named if isinstance(r, Reviewed) and (kinds[type(r)], r.id) not in public]
            if waiting:
                public.discard(key)
                held[key] = [getattr(r, "name", None) or getattr(r, "title", "") for r in waiting]
                changed = True
    shown = set(public)
    for key in public:
        for named in _named(records[key]):
            if isinstance(named, Source):
                shown.add(("sources", named.id))
            elif isinstance(named, Region):
                shown.update(("regions", r.id) for r in lineage(named))
    return frozenset(shown), held
