"""How the generator reads the site's files: each one through the memo, by its content digest.

Every function here has the signature of the plain reader it stands in front of
(records/validate.read_record, stories.parse_story, photos.plan,
checks.FileTexts), and returns exactly what that reader returns for the same
bytes: only the work is saved. A result is always stored under the digest of
the very bytes it was computed from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import pinyin
from ..checks import FileTexts
from ..checks.wording import Wording
from ..records.inputs import leaves, link_out, unread
from ..photos import PhotoError, PhotoPlan, plan
from ..records.problems import BuildFailed, Problem
from ..records.validate import RawRecord, read_record
from ..settings import STORY_SUFFIXES
from ..stories import ParsedStory, parse_story
from .memo import Memo
from .sources import Sources, digest_of
from ..workers import Background, fork_map

# Below this many files not yet read, the work is not worth splitting over processes.
PARALLEL_FROM = 200
# The fields lists sort by (order.py).
_NAMED_BY = ("name", "title", "publisher")


class Reading:
    def __init__(self, root: Path, sources: Sources, memo: Memo, workers: int = 1, store_aside: bool = False):
        """``store_aside``: the memo is saved after this build (a command-line build), so what a prefetch read
        may be written to it by the worker that checks its texts (``prefetch``)."""
        self.root = root
        self.sources = sources
        self.memo = memo
        self.workers = workers
        self.store_aside = store_aside
        self._aside: Background | None = None
        self._storing: Background | None = None
        self._resolved: dict[Path, Path] = {}
        self._relative: dict[tuple[Path, Path], str] = {}
        self._real_folders: dict[str, str] = {}

    def files(self, folder: Path) -> list[Path]:
        return self.sources.files_under(folder)

    def resolved(self, file: Path) -> Path:
        """``file.resolve()``, once per file (it asks the file system for every folder on the way)."""
        found = self._resolved.get(file)
        if found is None:
            found = self._resolved[file] = file.resolve()
        return found

    def _real(self, folder: str) -> str:
        """``os.path.realpath(folder)``, once per folder."""
        found = self._real_folders.get(folder)
        if found is None:
            found = self._real_folders[folder] = os.path.realpath(folder)
        return found

    def unread(self, folder: Path, suffixes: tuple[str, ...]) -> list[Problem]:
        """What under ``folder`` no reader takes, as problems (inputs.unread)."""
        return unread(self.files(folder), self.sources.folder_links(folder), self.root, suffixes)

    def _relative_to(self, file: Path, root: Path, resolve: bool) -> str:
        key = (file, root)
        found = self._relative.get(key)
        if found is None:
            if resolve and self.resolved(file).is_relative_to(self.resolved(root)):
                found = self.resolved(file).relative_to(self.resolved(root)).as_posix()
            else:  # or a link out of the site, never read (``_through``): named as it is listed
                found = file.relative_to(root).as_posix()
            self._relative[key] = found
        return found

    def _through(self, kind: str, rel: str, file: Path, root: Path, compute: Callable[[bytes, str], Any],
                 refuse: Callable[[Problem], Any]) -> Any:
        """The memo's result for the file as it is now; computed from the bytes just read when there is none.

        A file that would be read from outside its folder (content/ or data/) through a link is not read at
        all: ``refuse`` makes the reader's result for it from the problem."""
        known = self.sources.known_digest(file)
        found = self.memo.get((kind, rel, known)) if known is not None else None
        if found is None:
            if leaves(file, root, self._real):
                return refuse(link_out(file, root))
            digest, data = self.sources.read(file)
            found = self.memo.get((kind, rel, digest))  # the stat changed, the content did not
            if found is None:
                found = self.memo.put((kind, rel, digest), compute(data, digest))
        return found

    def record(self, file: Path, root: Path) -> tuple[RawRecord | None, list[Problem]]:
        rel = self._relative_to(file, root, resolve=False)  # as records/validate.relative names it
        return self._through("yaml", rel, file, root, lambda data, digest: _read_yaml(file, root, data, digest),
                             lambda problem: (None, [problem]))

    def story(self, file: Path, root: Path) -> ParsedStory:
        rel = self._relative_to(file, root, resolve=True)  # as stories.parse_story names it
        found = self._through("story", rel, file, root, lambda data, digest: _parse_story(file, root, data, digest),
                              lambda problem: (problem,))
        if isinstance(found, ParsedStory):
            return found
        raise BuildFailed(list(found))

    def photo(self, source: Path) -> PhotoPlan:
        try:
            digest = self.sources.digest(source)
        except OSError:
            return plan(source)  # raises the PhotoError staff see
        key = ("photo", str(source), digest)
        found = self.memo.get(key)
        if found is None:
            try:
                found = plan(source)
            except PhotoError as error:
                found = error.args  # kept as plain values: a fresh error is raised from them each time
            self.memo.put(key, found)
        if isinstance(found, PhotoPlan):
            return found
        raise PhotoError(*found)

    def texts(self, wording: Wording, wording_digest: str) -> FileTexts:
        return _RememberedTexts(wording, wording_digest, self.memo)

    def prefetch(self, records: Iterable[Path], stories: Iterable[Path], texts: FileTexts) -> None:
        """Read what the memo lacks on every core, before the build asks for it file by file.

        Then, while this process validates, one worker checks the texts of what was read and works out the
        pinyin of its names (``settle`` takes them in), and after that another writes it all to the memo's
        store (``stored_aside``): the second core would otherwise sit idle."""
        todo = [f for f in [*records, *stories] if self.sources.known_digest(f) is None]
        if self.workers < 2 or len(todo) < PARALLEL_FROM:
            return
        todo.sort(key=lambda f: -_size(f))
        chunks = [todo[i::self.workers] for i in range(self.workers)]  # dealt largest first: even shares
        for seen, entries in fork_map(lambda chunk: self._read_chunk(chunk), chunks):
            self.sources.learn(seen)
            self.memo.merge(entries)
        self._aside = Background(lambda: self._check_aside(todo, texts))

    def settle(self) -> None:
        """Wait for the worker ``prefetch`` started, and take in the text problems and the pinyin it found."""
        job, self._aside = self._aside, None
        if job is None:
            return
        checked, names = job.result()
        self.memo.merge(checked)
        pinyin.learn(names)
        if self.store_aside:
            self._storing = Background(self._store_new)

    def stored_aside(self) -> None:
        """Before the memo is saved: wait for the worker writing to its store, so it writes only the rest."""
        job, self._storing = self._storing, None
        if job is not None:
            with contextlib.suppress(Exception):  # then the memo's save writes them itself
                self.memo.stored(job.result())

    def cancel(self) -> None:
        """The build stopped early: the worker's results are not wanted."""
        job, self._aside = self._aside, None
        if job is not None:
            job.cancel()
            with contextlib.suppress(Exception):  # killed: its pipe ends empty; reaped here, not left a zombie
                job.result()

    def _read_chunk(self, chunk: list[Path], texts: FileTexts | None = None) -> tuple[list, dict[str, Any]]:
        """In a worker: what reading ``chunk`` (and checking its texts) adds to the memo, and the digests it learnt."""
        self.memo.begin_batch()
        for file in chunk:
            try:
                if file.suffix in STORY_SUFFIXES:
                    story = self.story(file, self.root)
                    if texts is not None:
                        texts.of_story(story)
                else:
                    raw, _ = self.record(file, self.root)
                    if raw is not None and texts is not None:
                        texts.of_record(raw)
            except (BuildFailed, OSError):
                continue  # the build reports it when it reads the file itself
        return self.sources.known(chunk), self.memo.batch()

    def _check_aside(self, files: list[Path], texts: FileTexts) -> tuple[dict[str, Any], dict[str, tuple]]:
        """In a worker: the memo entries of the texts checked, and the pinyin of the names and file names read
        (what lists sort by and URLs are spelt with)."""
        _, checked = self._read_chunk(files, texts)
        return checked, pinyin.of_all(self._names(files))

    def _store_new(self) -> list[str]:
        """In a worker: write what the memo's store lacks; the keys written."""
        entries = self.memo.batch()
        self.memo.store(entries)
        return list(entries)

    def _names(self, files: list[Path]) -> Iterator[str]:
        for file in files:
            yield file.stem
            try:
                raw = self.story(file, self.root).front if file.suffix in STORY_SUFFIXES else self.record(file, self.root)[0]
            except (BuildFailed, OSError):
                continue
            for field in _NAMED_BY if raw is not None else ():
                value = raw.data.get(field)
                if isinstance(value, str) and value.strip():
                    yield value.strip()


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _read_yaml(file: Path, root: Path, data: bytes, digest: str) -> tuple[RawRecord | None, list[Problem]]:
    raw, problems = read_record(file, root, text=data)
    return (dataclasses.replace(raw, digest=digest) if raw is not None else None), problems


def _parse_story(file: Path, root: Path, data: bytes, digest: str) -> ParsedStory | tuple[Problem, ...]:
    """The parsed story, or the problems that stopped it (kept like a result: they follow from the bytes)."""
    try:
        story = parse_story(file, root, data)
    except BuildFailed as failed:
        return tuple(failed.problems)
    # The record is read from the front matter alone: its digest is the front matter's, the body's is the file's.
    front = dataclasses.replace(story.front, digest=digest_of(pickle.dumps(story.front.data, protocol=5)))
    return dataclasses.replace(story, front=front, digest=digest)


class _RememberedTexts(FileTexts):
    """A file's text problems, kept by its content and the wording table's."""

    def __init__(self, wording: Wording, wording_digest: str, memo: Memo):
        super().__init__(wording)
        self.wording_digest = wording_digest
        self.memo = memo

    def of_record(self, raw: RawRecord) -> list[Problem]:
        return self._kept(raw.path, raw.digest, lambda: super(_RememberedTexts, self).of_record(raw))

    def of_story(self, story: ParsedStory) -> list[Problem]:
        return self._kept(story.front.path, story.digest, lambda: super(_RememberedTexts, self).of_story(story))

    def _kept(self, path: str, digest: str, compute: Callable[[], list[Problem]]) -> list[Problem]:
        if not digest:
            return compute()
        key = ("texts", path, digest, self.wording_digest)
        found = self.memo.get(key)
        return found if found is not None else self.memo.put(key, compute())


def wording_digest(file: Path) -> str:
    return digest_of(file.read_bytes()) if file.is_file() else "none"
