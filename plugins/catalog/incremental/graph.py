"""Which records a validated record holds: read off its fields, never declared by hand.

A field that refers to another record holds that record (records/refs.py), so
walking a record's fields, and the figures, stops and honours inside them,
finds every record it refers to. Both the incremental validation (who must be
validated again when a record changes) and the fingerprints (what a page
shows) follow these edges.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..records.model import Record

Key = tuple[str, str]  # (kind, id): the kind as the Catalog names it ("villages")


class Graph:
    """The records each record holds, worked out once per record object (records are immutable)."""

    def __init__(self) -> None:
        self._held: dict[int, tuple[Record, tuple[Record, ...]]] = {}  # by id(); the record kept so ids stay unique

    def held(self, record: Record) -> tuple[Record, ...]:
        found = self._held.get(id(record))
        if found is None or found[0] is not record:
            found = self._held[id(record)] = (record, _held_by(record))
        return found[1]

    def keep_only(self, records: dict[Any, Record]) -> None:
        """Forget records no longer validated (a long ``invoke serve`` would otherwise only grow)."""
        if len(self._held) > 2 * len(records):
            alive = {id(r) for r in records.values()}
            self._held = {k: v for k, v in self._held.items() if k in alive}


def _held_by(record: Record) -> tuple[Record, ...]:
    found: dict[int, Record] = {}
    for name in type(record).model_fields:
        if name != "article":  # a story's Pelican content object: its body, not a record
            _walk(getattr(record, name), found)
    return tuple(found.values())


def _walk(value: Any, found: dict[int, Record]) -> None:
    if isinstance(value, Record):
        found.setdefault(id(value), value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _walk(getattr(value, name), found)
    elif isinstance(value, tuple | list):
        for item in value:
            _walk(item, found)
