"""Signature files read and checked while the records are read and validated, on the other core.

A signature is checked against the statement it states (kind and id from its file's place, the rest from
its entry) and the reviewer's key: none of that needs the records. Only comparing the stated content digest
with the item's own needs them, and that is cheap. So a build's first review — a province's 12,300 files and
37,000 ed25519 checks, two seconds of one core — starts in a forked process before the records are read,
and review_all takes what it found. ``invoke serve``'s later builds keep their verdicts (reviews.Remembered)
and need none of this.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..workers import Background
from ..records.problems import Problem
from .roster import Roster
from .statement import Signature
from .store import FOLDER, read_signatures
from .verify import Checks

Key = tuple[str, str]
Stat = tuple[int, int, int]
FROM = 500  # signature files: below this, reading them where review_all is costs less than a fork


@dataclass(frozen=True)
class Read:
    files: dict[Key, tuple[Stat, list[Signature], list[Problem]]]  # each signature file, as read, with its stat
    checked: dict[str, bool]  # Checks' results, by what was checked (the new ones: the rest are in the memo)


def signature_files(root: Path) -> set[Key]:
    """(kind, id) of every signature file, read off the folder (12,000 at province scale, every build)."""
    found: set[Key] = set()
    with contextlib.suppress(OSError):
        for kind in os.scandir(os.path.join(root, FOLDER)):
            if kind.is_dir(follow_symlinks=False):
                found.update((kind.name, f.name[:-4]) for f in os.scandir(kind.path)
                             if f.name.endswith(".yml") and f.is_file(follow_symlinks=False))
    return found


def stat_of(root: Path, key: Key) -> Stat:
    found = os.stat(os.path.join(root, FOLDER, key[0], f"{key[1]}.yml"))
    return found.st_mtime_ns, found.st_size, found.st_ino


def read_all(root: Path, keys: set[Key], roster: Roster, memo: Any) -> Read:
    files = {}
    for kind, item in sorted(keys):
        stat = stat_of(root, (kind, item))
        signatures, problems = read_signatures(Path(root, FOLDER, kind, f"{item}.yml"), f"{FOLDER}/{kind}/{item}.yml")
        files[(kind, item)] = (stat, signatures, problems)
    checks = Checks(memo)
    checks.check_all([(s.statement(*key).text(), s.armored, reviewer.key) for key, (_, signatures, _) in files.items()
                      for s in signatures if (reviewer := roster.reviewers.get(s.reviewer)) is not None])
    return Read(files, checks.new)


class Ahead:
    """The signature files being read and checked in a forked process; ``result()`` waits for them."""

    def __init__(self, root: Path, roster: Roster, memo: Any) -> None:
        keys = signature_files(root)
        self._job = Background(lambda: read_all(root, keys, roster, memo)) if len(keys) >= FROM else None

    def result(self) -> Read | None:
        if self._job is None:
            return None
        job, self._job = self._job, None
        return job.result()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
