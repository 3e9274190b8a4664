"""The bench's figures as rows, and the rows as the Markdown table docs/performance.md quotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HEADER = ("", "ours", "plain Pelican", "Hugo", "ours / Hugo", "ours / plain Pelican")
UNITS = {"s": "{:.1f} s", "MB": "{:.0f} MB", "KB": "{:.0f} KB", "pages/s": "{:.0f}", "pages": "{:.0f}"}
RATIOS = ("s", "MB", "pages/s")  # a ratio of page counts would mean nothing


@dataclass(frozen=True)
class Row:
    label: str
    unit: str  # a key of UNITS
    ours: float | None
    pelican: float | None = None
    hugo: float | None = None

    def cells(self) -> tuple[str, ...]:
        ratios = (_ratio(self.ours, self.hugo), _ratio(self.ours, self.pelican)) if self.unit in RATIOS else ("—", "—")
        return (self.label, self._shown(self.ours), self._shown(self.pelican), self._shown(self.hugo), *ratios)

    def _shown(self, value: float | None) -> str:
        return "—" if value is None else UNITS[self.unit].format(value)


def _ratio(ours: float | None, other: float | None) -> str:
    if ours is None or not other:
        return "—"
    return f"{ours / other:.2f}×"


def markdown(rows: Iterable[Row]) -> str:
    lines = [HEADER, ("---",) * len(HEADER), *(row.cells() for row in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
