"""Results of pure functions of one file's content, kept by a key that names everything they depend on.

A key is (what was computed, the file's path, its content digest, and whatever
else it read, such as the wording table's digest). The code version is part of
every key through the store's file name: ``memo-<code version>.sqlite`` under
.cache/build/, so a build with other code never opens another version's results.
``invoke serve`` keeps its Memo in memory between rebuilds; a command-line
build loads it from disk and writes back only what is new.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .version import code_version

Key = tuple[str, ...]
_MISSING = object()
# A store is rewritten with only the entries still in use once it holds this many times as many.
_COMPACT_AT = 3


def _text(key: Key) -> str:
    return "\x1f".join(key)


class Memo:
    def __init__(self, folder: Path | None = None):
        """In memory only, or backed by ``folder`` (.cache/build/)."""
        self.folder = folder
        self._values: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._used: set[str] = set()
        if folder is not None:
            self._values = _load(self._file())

    def _file(self) -> Path:
        assert self.folder is not None
        return self.folder / f"memo-{code_version()}.sqlite"

    def get(self, key: Key, default: Any = None) -> Any:
        text = _text(key)
        value = self._values.get(text, _MISSING)
        if value is _MISSING:
            return default
        self._used.add(text)
        return value

    def put(self, key: Key, value: Any) -> Any:
        text = _text(key)
        self._values[text] = self._new[text] = value
        self._used.add(text)
        return value

    def begin_batch(self) -> None:
        """In a worker process: from here on, remember what is added, to hand it back (``batch``)."""
        self._new = {}

    def batch(self) -> dict[str, Any]:
        return dict(self._new)

    def merge(self, batch: dict[str, Any]) -> None:
        """Entries a worker computed, taken in as if computed here."""
        self._values.update(batch)
        self._new.update(batch)
        self._used.update(batch)

    def start(self) -> None:
        """A new build begins: what it does not use will not be kept."""
        self._used = set()

    def forget_unused(self) -> None:
        """Drop entries the last build did not use (a long ``invoke serve`` would otherwise only grow)."""
        self._values = {k: v for k, v in self._values.items() if k in self._used}

    def save(self) -> None:
        """Write what is new; compact when the store mostly holds entries nothing uses any more."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("memo-*.sqlite"):
            if old != self._file():
                old.unlink(missing_ok=True)  # another code version's: never read again
        with contextlib.closing(_connect(self._file())) as db, db:
            rows = db.execute("SELECT COUNT(*) FROM memo").fetchone()[0]
            if rows + len(self._new) > _COMPACT_AT * max(len(self._used), 1):
                db.execute("DELETE FROM memo")
                kept = {k: self._values[k] for k in self._used if k in self._values}
            else:
                kept = self._new
            _insert(db, kept)
        self._new = {}

    def store(self, entries: dict[str, Any]) -> None:
        """Write ``entries`` now, and nothing else (a worker storing what was read while the build goes on);
        compacting is left to ``save``, which knows everything the build used."""
        if self.folder is None or not entries:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(_connect(self._file())) as db, db:
            _insert(db, entries)

    def stored(self, keys: Iterable[str]) -> None:
        """These entries were written by a worker (``store``): ``save`` need not write them again."""
        for key in keys:
            self._new.pop(key, None)


def _insert(db: sqlite3.Connection, entries: dict[str, Any]) -> None:
    db.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?)",
                   ((k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in entries.items()))


def _connect(file: Path) -> sqlite3.Connection:
    db = sqlite3.connect(file, timeout=30)
    db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    return db


def _load(file: Path) -> dict[str, Any]:
    if not file.exists():
        return {}
    try:
        with contextlib.closing(_connect(file)) as db:
            return {key: pickle.loads(value) for key, value in db.execute("SELECT key, value FROM memo")}
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        file.unlink(missing_ok=True)  # a damaged cache is only a slower build
        return {}
