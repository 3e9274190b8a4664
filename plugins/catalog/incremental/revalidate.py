"""Validate again only what changed, and the records that hold what changed.

A validated record holds the records it refers to (a village holds its county,
which holds its city), so when a record's file changes, or it disappears, every
record holding it must be validated again to hold the new object; and so must
the records holding those. Everything else is handed back as it was, through
the ``reuse`` hook of records/validate.validate_all: the same loop, in the same
dependency order, as a clean validation.

This is only ever used when the previous build succeeded. When a build that
reused records finds any problem at all, the session validates everything
again from scratch (session.py), so a report is always exactly a clean build's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..records.model import Record
from ..records.refs import Registry
from ..records.validate import RawRecord, Reuse
from .graph import Graph, Key


@dataclass(frozen=True)
class Validated:
    """What a successful build validated: each record, the file it came from, and who holds whom."""

    records: dict[Key, Record]
    files: dict[Key, tuple[str, str]]  # (path, content digest)
    holders: defaultdict[Key, set[Key]]
    articles: dict[Key, Any]  # a story's Pelican content object, which its record holds

    @classmethod
    def of(cls, registry: Registry, graph: Graph, kind_of: dict[type, str], previous: Validated | None = None
           ) -> Validated:
        """What ``registry`` holds; worked out from ``previous`` (which is used up) where records are the same."""
        records = dict(registry.records_by_key())
        if previous is None:
            before: dict[Key, Record] = {}
            holders: defaultdict[Key, set[Key]] = defaultdict(set)
            files: dict[Key, tuple[str, str]] = {}
            articles: dict[Key, Any] = {}
        else:
            before, holders, files, articles = previous.records, previous.holders, previous.files, previous.articles
        for key in [k for k in before if records.get(k) is not before[k]]:  # replaced or gone
            for held in graph.held(before[key]):
                holders[(kind_of[type(held)], held.id)].discard(key)
            files.pop(key, None)
            articles.pop(key, None)
        for key, record in records.items():
            if before.get(key) is not record:  # new, or validated again
                for held in graph.held(record):
                    holders[(kind_of[type(held)], held.id)].add(key)
                raw = registry.raw[key]
                files[key] = (raw.path, raw.digest)
                if getattr(record, "article", None) is not None:
                    articles[key] = record.article
        return cls(records, files, holders, articles)

    def changed(self, now: dict[Key, RawRecord], kinds: set[str]) -> set[Key]:
        """Records of ``kinds`` whose file is new, different or gone, compared with ``now``."""
        gone = {key for key in self.files if key[0] in kinds and key not in now}
        return gone | {key for key, raw in now.items() if self.files.get(key) != (raw.path, raw.digest)
                       or not raw.digest}

    def affected(self, changed: Iterable[Key]) -> set[Key]:
        """The changed records and, transitively, every record holding one of them."""
        found, todo = set(), list(changed)
        while todo:
            key = todo.pop()
            if key not in found:
                found.add(key)
                todo += self.holders.get(key, ())
        return found


class Reuser:
    """The ``reuse`` hook: a record validated before, if nothing it depends on has changed."""

    def __init__(self, previous: Validated):
        self.previous = previous
        self.affected: set[Key] = set()

    def records(self, raw: dict[str, dict[str, RawRecord]]) -> Reuse:
        """For data/'s records, once every file is read and before any is validated."""
        now = {(kind, rid): r for kind, records in raw.items() for rid, r in records.items()}
        # Stories are read later, one by one: nothing holds a story, so data/'s files alone decide.
        self.affected = self.previous.affected(self.previous.changed(now, set(raw)))
        return self._reuse

    def _reuse(self, kind: str, raw: RawRecord) -> Any:
        key = (kind, raw.id)
        if key in self.affected or not raw.digest or self.previous.files.get(key) != (raw.path, raw.digest):
            return None
        return self.previous.records.get(key)

    def story(self, kind: str, raw: RawRecord, article: Any) -> Any:
        """A story's record, when its file is unchanged, it holds nothing that changed, and its content object is the same."""
        if self.previous.articles.get((kind, raw.id)) is not article:
            return None
        return self._reuse(kind, raw)
