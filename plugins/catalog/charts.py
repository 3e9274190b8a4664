"""Bar charts of comparable figures, drawn at build time.

Figures of one record that share a unit can be compared at a glance; a chart
shows them as bars beside the table that gives each one's source. Labels and
values stay HTML text, so they wrap on a phone and grow with the larger-text
mode; only the bars themselves are SVG.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from .records.model import Figure, Source

MIN_BARS = 3  # two numbers read fine in a table


@dataclass(frozen=True)
class Bar:
    figure: Figure
    percent: float  # bar length, 0–100, relative to the chart's scale

    @property
    def svg(self) -> Markup:
        # preserveAspectRatio="none" lets the bar stretch to the row's width on any screen.
        return Markup(f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
                f'focusable="false"><rect width="{self.percent:.1f}" height="10"/></svg>')


@dataclass(frozen=True)
class Chart:
    unit: str
    bars: tuple[Bar, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple({b.figure.source.id: b.figure.source for b in self.bars}.values())


def charts(figures: tuple[Figure, ...]) -> tuple[Chart, ...]:
    """One chart per unit shared by at least MIN_BARS figures, bars in the figures' order."""
    by_unit: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_unit[figure.unit].append(figure)
    found = []
    for unit, group in by_unit.items():
        if len(group) < MIN_BARS:
            continue
        # Percentages keep their natural scale, so 30% never looks like a full bar.
        scale = Decimal(100) if unit == "%" else max(f.value for f in group)
        if scale <= 0:
            continue
        found.append(Chart(unit, tuple(Bar(f, float(f.value / scale * 100)) for f in group)))
    return tuple(found)
