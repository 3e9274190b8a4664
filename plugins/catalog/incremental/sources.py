"""The site's source files (under content/ and data/), each known by a hash of its bytes.

A file's identity for every cache is its content digest, never its mtime: a
fresh checkout resets every mtime, and touching a file changes nothing. The
stat is kept only to decide whether a file must be read and hashed again.
``invoke serve`` keeps one Sources for its whole life and tells it which
paths watchfiles reported; a command-line build starts with an empty one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

Stat = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True)
class Seen:
    stat: Stat
    digest: str


def _stat(path: str) -> Stat | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Sources:
    def __init__(self, roots: Iterable[Path], trust_changes: bool = False):
        """``trust_changes``: a file is read again only when ``refresh`` names it (``invoke serve``, which
        hears of every change from watchfiles); otherwise whenever its stat is not what it was."""
        self.roots = tuple(os.path.abspath(r) for r in roots)
        self.trust_changes = trust_changes
        self._files: dict[str, Seen | None] | None = None  # every file under the roots; None until hashed
        self._listed: dict[tuple[str, str], list[Path]] = {}  # files_under's answers, until files come or go
        self._folder_links: set[str] = set()  # links to folders: never descended into, and said (records/inputs.py)

    def refresh(self, changed: Iterable[Path] | None = None) -> None:
        """Forget what changed (None: everything, the folders are listed again)."""
        if changed is None or self._files is None:
            self._files, self._listed = None, {}
            return
        for path in (os.path.abspath(p) for p in changed):
            if not any(path == r or path.startswith(r + os.sep) for r in self.roots):
                continue
            self._folder_links.discard(path)
            if os.path.isdir(path) and os.path.islink(path):  # not descended into, as on the first walk
                self._forget_below(path)
                self._folder_links.add(path)
            elif os.path.isdir(path):
                self._forget_below(path)
                self._files.update(dict.fromkeys(_walk(path, self._folder_links)))
                self._listed = {}
            elif os.path.isfile(path):
                if path not in self._files:
                    self._listed = {}
                self._files[path] = None
            else:
                if self._files.pop(path, False) is not False:
                    self._listed = {}
                self._forget_below(path)

    def _forget_below(self, folder: str) -> None:
        prefix = folder + os.sep
        gone = [k for k in self._all() if k.startswith(prefix)]
        for known in gone:
            del self._all()[known]
        if gone:
            self._listed = {}

    def _all(self) -> dict[str, Seen | None]:
        if self._files is None:
            self._folder_links = set()
            self._files = {path: None for root in self.roots for path in _walk(root, self._folder_links)}
        return self._files

    def folder_links(self, folder: Path) -> list[Path]:
        """The links to folders below ``folder`` (as given), sorted: their files are not among the files listed."""
        self._all()
        prefix = os.path.abspath(folder) + os.sep
        return sorted(folder / p[len(prefix):] for p in self._folder_links if p.startswith(prefix))

    def files_under(self, folder: Path) -> list[Path]:
        """The files below ``folder`` (as given: relative stays relative), sorted as sorted(folder.rglob("*")) is."""
        key = (str(folder), os.path.abspath(folder))
        found = self._listed.get(key)
        if found is None:
            prefix = key[1] + os.sep
            found = self._listed[key] = sorted(folder / p[len(prefix):] for p in self._all() if p.startswith(prefix))
        return list(found)

    def known_digest(self, file: Path) -> str | None:
        """The digest taken when the file was last read, if it has not changed since (by its stat)."""
        path = os.path.abspath(file)
        seen = self._all().get(path)
        if seen is None:
            return None
        return seen.digest if self.trust_changes or _stat(path) == seen.stat else None

    def digest(self, file: Path) -> str:
        known = self.known_digest(file)
        return known if known is not None else self.read(file)[0]

    def known(self, files: Iterable[Path]) -> list[tuple[str, Seen]]:
        """What was learnt about ``files``, to hand from a worker process to the parent (``learn``)."""
        every = self._all()
        return [(path, seen) for path in (os.path.abspath(f) for f in files) if (seen := every.get(path)) is not None]

    def learn(self, entries: Iterable[tuple[str, Seen]]) -> None:
        self._all().update(entries)

    def read(self, file: Path) -> tuple[str, bytes]:
        """The file's digest and the very bytes it was taken from; raises OSError when it cannot be read."""
        path = os.path.abspath(file)
        stat = _stat(path)  # before reading: a change while reading shows as a newer stat next time
        with open(path, "rb") as handle:
            data = handle.read()
        digest = digest_of(data)
        if stat is not None:
            if path not in self._all():
                self._listed = {}
            self._all()[path] = Seen(stat, digest)
        return digest, data


def _walk(root: str, folder_links: set[str]) -> list[str]:
    """The files below ``root``; the links to folders it does not descend into are added to ``folder_links``."""
    found = []
    for folder, dirs, files in os.walk(root):
        found += [os.path.join(folder, name) for name in files]
        folder_links.update(p for p in (os.path.join(folder, name) for name in dirs) if os.path.islink(p))
    return found
