"""Where a build writes: a copy of output/ made of hard links, changed files replaced, swapped in by rename.

A build never writes inside output/. It works in a staging folder that starts
as output/ itself, file for file, as hard links (no data is copied), and only
ever *replaces* a file there (unlink, then write a new one), never writes into
one: the old file, which output/ still links to, is left as it was. When every
file is in place, the staging folder and output/ trade places in one step
(Linux's renameat2 with RENAME_EXCHANGE), so output/ exists and is whole at every
instant, whenever the build is killed; the previous output/ is then the
*standby*, ``.output-standby``, which the next build works in once it has been
brought level with output/ (the few files this build changed, linked across).
Where the file system cannot exchange, two renames do it, and a build killed
between them leaves no output/ until the next build puts the last good one back.
A failed build makes its folder level with output/ again, and it is then the
standby: output/ is exactly as before, and so is the standby. Nothing has to be
deleted, so nobody waits for 10,000 files to be unlinked; a folder of no more
use is renamed ``.discarded-*`` and deleted in the background (swap.py, which
also keeps builds from working beside output/ two at a time, and clears what
killed builds left there).

What each tree holds is known as a map of relative path -> digest (Listing),
so that unchanged bytes are not written again and stale files are found.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .swap import discard, discard_quietly, exchange

Identity = tuple[int, int]  # (st_dev, st_ino) of a folder: a new folder is a new tree


def identity(folder: Path) -> Identity | None:
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


@dataclass
class Trees:
    """What output/ and its standby hold, as the last build left them."""

    output: Identity | None = None
    standby: Identity | None = None  # set only while the standby is level with output/
    files: dict[str, str] = field(default_factory=dict)  # output/'s files: relative path -> digest


def standby_of(final: Path) -> Path:
    return final.parent / f".{final.name}-standby"


class Staging:
    """The folder becoming the next output/; ``files`` is what it holds, ``touched`` what this build changed."""

    def __init__(self, folder: Path, files: dict[str, str | None], reused: bool):
        self.folder = folder
        self.files = files  # None: a file whose digest is not known (it will be written again)
        self.reused = reused  # the standby, rather than a folder made for this build
        self.touched: set[str] = set()

    @classmethod
    def prepare(cls, final: Path, trees: Trees) -> Staging:
        standby = standby_of(final)
        if (trees.output is not None and trees.standby is not None and identity(final) == trees.output
                and identity(standby) == trees.standby):
            return cls(standby, dict(trees.files), reused=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
        try:
            folder.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the published site is not
            known = trees.files if trees.output is not None and identity(final) == trees.output else {}
            files = {rel: known.get(rel) for rel in _link_tree(final, folder)} if final.is_dir() else {}
        except BaseException:
            discard_quietly(folder)
            raise
        return cls(folder, files, reused=False)

    def write(self, rel: str, data: bytes, digest: str | None = None) -> bool:
        """The file ``rel`` with these bytes; False when it already had them (nothing is written)."""
        digest = digest or hashlib.sha256(data).hexdigest()
        if self.files.get(rel) == digest:
            return False
        path = self.folder / rel
        _clear(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "xb") as out:
                out.write(data)
        except OSError as error:
            error.filename = error.filename or str(path)  # a write that fails (the disk full) names no file
            raise
        self.noted(rel, digest)
        return True

    def link(self, rel: str, source: Path, digest: str) -> None:
        """``source`` itself at ``rel`` (a hard link: for files that are never written again), else a copy."""
        if self.files.get(rel) == digest:
            return
        path = self.folder / rel
        _clear(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            _link(source, path)
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, path)
        self.noted(rel, digest)

    def noted(self, rel: str, digest: str) -> None:
        """A file someone else wrote into the folder (always as a new file, never into an old one)."""
        self.files[rel] = digest
        self.touched.add(rel)

    def remove(self, rel: str) -> None:
        if rel in self.files:
            _clear(self.folder / rel)
            del self.files[rel]
            self.touched.add(rel)
            _prune_empty((self.folder / rel).parent, self.folder)

    def remove_below(self, prefix: str) -> None:
        for rel in [r for r in self.files if r.startswith(prefix)]:
            self.remove(rel)

    def keep_only(self, wanted: Iterable[str]) -> None:
        for rel in set(self.files) - set(wanted):
            self.remove(rel)

    def undo(self, final: Path) -> Identity | None:
        """After a failed build: the folder made level with output/ again, and made the standby.

        Not only what this process knows it changed is put back: a worker that died, or was stopped, half-way
        through a file never said so. Every file is compared with output/'s (the same inode, or linked again), a
        walk of both trees that a failed build can afford. Returns the standby's identity, or None when there
        is none: output/ does not exist (nothing to be level with), or the folder could not be made level (the
        disk full, say), and is discarded.
        """
        if not final.is_dir():
            discard_quietly(self.folder)
            return None
        try:
            _mirror(final, self.folder)
            return self._become_standby(final)
        except OSError:
            discard_quietly(self.folder)
            return None

    def _become_standby(self, final: Path) -> Identity | None:
        standby = standby_of(final)
        if not self.reused:
            if standby.exists():
                discard(standby)
            self.folder.rename(standby)
        return identity(standby)

    def settle(self, final: Path) -> Trees:
        """After a successful build: swapped in (if it changed anything) and the standby brought level."""
        if not self.touched and final.is_dir():
            self._become_standby(final)  # nothing changed: it only becomes the standby, if it is not already
            return Trees(identity(final), identity(standby_of(final)), self._known())
        return self.catch_up(final, self.swap_in(final))

    def _known(self) -> dict[str, str]:
        return {rel: digest for rel, digest in self.files.items() if digest is not None}

    def swap_in(self, final: Path) -> Trees:
        """Make this folder output/ (the previous output/ becomes the standby, brought level in ``catch_up``)."""
        standby = standby_of(final)
        if not self.reused and standby.exists():
            discard(standby)  # not level with output/: of no more use
        if final.exists() and exchange(self.folder, final):
            if not self.reused:  # the folder's name now holds the previous output/ (killed here: a leftover)
                self.folder.rename(standby)
            return Trees(identity(final), None, self._known())
        retired = None
        if final.exists():  # no exchange here: output/ is missing between these two renames
            retired = Path(tempfile.mkdtemp(prefix=f".{final.name}-previous-", dir=final.parent))
            retired.rmdir()
            final.rename(retired)
        self.folder.rename(final)
        if retired is not None:
            retired.rename(standby)
        return Trees(identity(final), None, self._known())

    def catch_up(self, final: Path, trees: Trees) -> Trees:
        """Bring the standby (the previous output/) level with output/: link across what this build changed.

        output/ is published by then: if the standby cannot be brought level (the disk full, say), the build has
        still succeeded, and the next one makes a new copy instead of working in it.
        """
        standby = standby_of(final)
        if not standby.is_dir():
            return trees
        try:
            for rel in sorted(self.touched):
                _clear(standby / rel)
                if rel in trees.files:
                    (standby / rel).parent.mkdir(parents=True, exist_ok=True)
                    _link(final / rel, standby / rel)
                else:
                    _prune_empty((standby / rel).parent, standby)
        except OSError:
            discard_quietly(standby)
            return trees
        return Trees(trees.output, identity(standby), trees.files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _link_tree(source: Path, target: Path) -> list[str]:
    """``target`` made a copy of ``source`` of hard links; returns every file's relative path."""
    found = []

    def walk(folder: str, into: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                inside = os.path.join(into, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(inside)
                    walk(entry.path, inside, f"{prefix}{entry.name}/")
                else:
                    os.link(entry.path, inside, follow_symlinks=False)
                    found.append(prefix + entry.name)

    walk(str(source), str(target), "")
    return found


def _mirror(source: Path, target: Path) -> None:
    """``target`` made exactly a copy of ``source`` of hard links again: each file the same inode, nothing more."""

    def walk(source: str, target: str) -> None:
        with os.scandir(target) as entries:
            present = {entry.name: entry for entry in entries}
        with os.scandir(source) as entries:
            for entry in entries:
                inside, there = os.path.join(target, entry.name), present.pop(entry.name, None)
                if entry.is_dir(follow_symlinks=False):
                    if there is not None and not there.is_dir(follow_symlinks=False):
                        os.unlink(inside)
                        there = None
                    if there is None:
                        os.mkdir(inside)
                    walk(entry.path, inside)
                elif there is None or there.is_dir(follow_symlinks=False) or there.inode() != entry.inode():
                    if there is not None:
                        _remove(there)
                    os.link(entry.path, inside, follow_symlinks=False)
        for extra in present.values():
            _remove(extra)

    walk(str(source), str(target))


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _link(source: Path, target: Path) -> None:
    os.link(source, target, follow_symlinks=False)


def _clear(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _prune_empty(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
