"""The date on the cover of each brochure the site publishes: the day its content last changed.

A brochure's cover carries its date (编印日期), and the date is part of the HTML,
hence of the cache key. Dated "today", every published brochure would be
typeset again on the first build of each day: at province scale, a hundred
county brochures every morning for nothing. So the site keeps, per volume, the
date of its current edition: the brochure is first composed with that date,
and only if that misses the cache (its content changed) is it composed with
today's date, typeset, and today recorded as its new edition.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomically

FILE = "editions.json"  # in the brochure cache


@dataclass
class Editions:
    path: Path
    dates: dict[str, dt.date] = field(default_factory=dict)

    @classmethod
    def load(cls, cache: Path) -> Editions:
        path = cache / FILE
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, {name: dt.date.fromisoformat(day) for name, day in stored.items()})
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(path)  # none yet, or unreadable: every brochure is simply dated today

    def date(self, volume: str) -> dt.date | None:
        return self.dates.get(volume)

    def record(self, volume: str, day: dt.date) -> None:
        self.dates[volume] = day

    def save(self) -> None:
        text = json.dumps({name: day.isoformat() for name, day in sorted(self.dates.items())}, indent=0)
        write_atomically(self.path, text.encode("utf-8"))
