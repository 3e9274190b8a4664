"""Every item's review, worked out once a build, and what the public build may therefore show.

An item is public when its own signatures are complete (verify.py) and every other reviewed item it names is
public too: a case about a village still in review waits for it, so no public page ever names an unreviewed
item, not even as a draft-tagged link. Sources and regions have no review of their own; they are shown only
as far as public items use them — a source cited by one, a region holding one (with the regions above it) —
and what they print there is part of the digest each of those items' reviewers signed (digest.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records.model import Story
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from ..records.review import Reviewed, Status
from ..stories import link_target
from .ahead import Read, signature_files, stat_of
from .digest import Content, Digests, PhotoKey
from .roster import Roster, load_roster
from .statement import Signature
from .store import FOLDER, read_signatures
from .verify import Checks, Verdict, verify_item

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


@dataclass
class _Item:
    """One item's signatures as last read and judged, and what the judgement depended on."""

    inputs: tuple  # (signature file's stat, content digest, roster's fingerprint, today)
    path: str
    signatures: list[Signature]
    problems: list[Problem]  # of the file itself
    verdict: Verdict


class Remembered:
    """What reviewing needs from the last build (owned by the generator: ``invoke serve`` keeps it): each item's
    content digest, and its verdict while neither its signature file, its content, the roster nor the day changed."""

    def __init__(self) -> None:
        self.digests = Digests()
        self.items: dict[Key, _Item] = {}
        self.approvals: tuple[str, dict[Key, dt.date]] = ("", {})


def review_all(root: Path, content: Path, registry: Registry, kinds: dict[type, str], today: dt.date,
               remembered: Remembered | None = None, photo_key: PhotoKey = lambda record, file: "",
               checks: Checks | None = None, roster: Roster | None = None, ahead: Read | None = None) -> Reviews:
    """``root``: the site (reviews/, reviewers/ and every record's path are in it); ``content``: its stories.
    ``photo_key`` names a photo by its content hash (the build's photo plans); ``checks`` checks signatures
    (on every core, kept in the build's memo); ``ahead``, the signature files as read and checked meanwhile
    (ahead.py), for every file that has not changed since."""
    roster = roster if roster is not None else load_roster(root)
    remembered, checks = remembered or Remembered(), checks or Checks()
    digests = remembered.digests
    problems: list[Problem] = list(roster.problems)
    signed_files = set(ahead.files) if ahead is not None else signature_files(root)
    if ahead is not None:
        checks.adopt(ahead.checked)
    contents, items, todo = _to_judge(root, registry, remembered, signed_files, roster, today, photo_key, ahead)
    _judge(todo, contents, items, checks, roster, today)
    remembered.items = items
    verdicts = _verdicts(registry, items, problems)
    changed = last_changes(root, [v.path for v in verdicts.values() if v.changed])
    for verdict in verdicts.values():
        problems += verdict.with_last_change(changed.get(verdict.path, "")) if verdict.changed else verdict.problems
    problems += _orphans(root, registry, signed_files)
    signed = {k for k, v in verdicts.items() if v.published}
    public, held = _public(registry, kinds, signed, {k: contents[k] for k in signed}, root, content)
    digests.keep()

    def work_out(key: Key) -> str:
        return digests.of(key[0], registry.of(key[0])[key[1]], registry, photo_key).digest

    return Reviews(roster, verdicts, {k: c.digest for k, c in contents.items()}, public, tuple(problems), held,
                   work_out, _approvals(root, remembered) if signed else {})


# An item whose signatures must be judged again: its record, signature file, inputs, signatures and their problems.
_Todo = tuple[Any, str, tuple, list[Signature], list[Problem]]


def _to_judge(root: Path, registry: Registry, remembered: Remembered, signed_files: set[Key], roster: Roster,
              today: dt.date, photo_key: PhotoKey, ahead: Read | None
              ) -> tuple[dict[Key, Content], dict[Key, _Item], dict[Key, _Todo]]:
    """Each signed item's content digest; the items judged before whose inputs did not change; the others, with
    their signatures (as read ahead when the file is unchanged since, else read now)."""
    digests, before = remembered.digests, remembered.items
    contents: dict[Key, Content] = {}
    items: dict[Key, _Item] = {}
    todo: dict[Key, _Todo] = {}
    for (kind, item), record in registry.records_by_key():
        if (kind, item) not in signed_files or not isinstance(record, Reviewed):  # most items: nothing to read
            continue
        contents[(kind, item)] = digests.of(kind, record, registry, photo_key)
        stat = stat_of(root, (kind, item))
        inputs = (stat, contents[(kind, item)].digest, roster.fingerprint, today)
        kept = before.get((kind, item))
        if kept is not None and kept.inputs == inputs and kept.path == record.path:
            items[(kind, item)] = kept
            continue
        rel = f"{FOLDER}/{kind}/{item}.yml"
        early = ahead.files.get((kind, item)) if ahead is not None else None
        signatures, found = early[1:] if early is not None and early[0] == stat else read_signatures(Path(root, rel), rel)
        todo[(kind, item)] = (record, rel, inputs, signatures, found)
    return contents, items, todo


def _judge(todo: dict[Key, _Todo], contents: dict[Key, Content], items: dict[Key, _Item], checks: Checks,
           roster: Roster, today: dt.date) -> None:
    """Every signature still to check checked at once (on every core), then each item judged into ``items``."""
    checks.check_all([(s.statement(*key).text(), s.armored, reviewer.key) for key, (*_, signatures, _) in todo.items()
                      for s in signatures if (reviewer := roster.reviewers.get(s.reviewer)) is not None])
    for (kind, item), (record, rel, inputs, signatures, found) in todo.items():
        verdict = verify_item(kind, item, record.path, rel, signatures, contents[(kind, item)].digest, roster, today,
                              checks.valid)
        items[(kind, item)] = _Item(inputs, record.path, signatures, found, verdict)


def _verdicts(registry: Registry, items: dict[Key, _Item], problems: list[Problem]) -> dict[Key, Verdict]:
    """Every reviewed item's verdict (unsigned: not published), its signature file's problems added to ``problems``."""
    verdicts: dict[Key, Verdict] = {}
    for (kind, item), record in registry.records_by_key():
        if isinstance(record, Reviewed):
            found = items.get((kind, item))
            verdicts[(kind, item)] = Verdict(record.path) if found is None else found.verdict
            problems += found.problems if found is not None else []
    return verdicts


def _approvals(root: Path, remembered: Remembered) -> dict[Key, dt.date]:
    """first_approvals, asked of git again only when its history moved (one quick command a build)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if head.returncode != 0:
        return {}
    if remembered.approvals[0] != head.stdout:
        remembered.approvals = (head.stdout, first_approvals(root))
    return remembered.approvals[1]


def _orphans(root: Path, registry: Registry, files: set[Key]) -> list[Problem]:
    """Signature files for no item: a renamed or deleted item's, or one copied in by hand."""
    return [Problem(f"{FOLDER}/{kind}/{item}.yml", 0, "", "这个签名文件没有对应的内容（内容改名或删除了？）。"
                    "签名只对原来的编号有效：改名后的内容需要重新审核签名。请删除这个文件。",
                    "review-signature-file", Severity.WARNING)
            for kind, item in sorted(files) if item not in registry.of(kind)]


def _linked(record: Any, stories: Callable[[], dict[str, Any]], root: Path, content: Path) -> list[Any]:
    """The stories a story's body links to ({filename}): a public link would lead to, and spell, an unpublished one."""
    story = getattr(getattr(record, "article", None), "story", None)
    links = [target for kind, target in story.internal_links() if kind == "filename"] if story is not None else []
    if not links:
        return []
    file = root / record.path
    return [found for target in links
            if (found := stories().get(os.path.normpath(link_target(file, target, content)))) is not None]


def _public(registry: Registry, kinds: dict[type, str], signed: set[Key], contents: dict[Key, Content], root: Path,
            content: Path) -> tuple[frozenset[Key], dict]:
    records = dict(registry.records_by_key())

    @functools.cache
    def stories() -> dict[str, Any]:  # by where each lies; worked out only if a signed story links to another
        # Links out of the site are refused when stories are read (records/inputs.py): the resolved root is enough.
        base = root.resolve()
        return {os.path.normpath(os.path.join(base, r.path)): r for r in records.values() if isinstance(r, Story)}

    public = set(signed)
    held: dict[Key, list[str]] = {}
    waits = {key: [*contents[key].names, *_linked(records[key], stories, root, content)] for key in signed}
    changed = True
    while changed:  # an item waits for every reviewed item it names or links to
        changed = False
        for key in sorted(public):
            waiting = [r for r in waits[key] if (kinds[type(r)], r.id) not in public]
            if waiting:
                public.discard(key)
                held[key] = [getattr(r, "name", None) or getattr(r, "title", "") for r in waiting]
                changed = True
    shown = set(public)
    for key in public:  # sources and regions: as far as public items show them
        shown.update(("sources", s.id) for s in contents[key].sources)
        shown.update(("regions", r.id) for r in contents[key].regions)
    return frozenset(shown), held
