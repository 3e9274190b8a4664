"""Bar charts of figures that measure the same thing, drawn at build time.

A chart compares like with like: one measure (the figures' label) in one unit, each bar that measure for
another year or another place (its scope). Figures that measure different things — investment beside income,
villages beside projects — are not comparable however their units agree, and a bar with no year or scope to
tell it from the next says nothing; those stay in the table alone, which gives every figure with its source.
Labels and values stay HTML text, so they wrap on a phone and grow with the larger-text mode; only the bars
themselves are SVG.
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
    label: str  # what tells this bar from the others: its year, its scope, or both
    percent: float  # bar length, 0–100, relative to the chart's scale

    @property
    def svg(self) -> Markup:
        # preserveAspectRatio="none" lets the bar stretch to the row's width on any screen.
        return Markup(f'<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
                f'focusable="false"><rect width="{self.percent:.1f}" height="10"/></svg>')


@dataclass(frozen=True)
class Chart:
    measure: str  # what every bar measures: the figures' one label
    unit: str
    bars: tuple[Bar, ...]

    @property
    def caption(self) -> str:
        return f"{self.measure}（单位：{self.unit}）"

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple({b.figure.source.id: b.figure.source for b in self.bars}.values())


def charts(figures: tuple[Figure, ...]) -> tuple[Chart, ...]:
    """One chart per measure given for at least MIN_BARS years or places, bars in the figures' order."""
    by_measure: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        by_measure[(figure.label, figure.unit)].append(figure)
    found = []
    for (measure, unit), group in by_measure.items():
        labels = bar_labels(group)
        if len(group) < MIN_BARS or labels is None:
            continue
        # Percentages keep their natural scale, so 30% never looks like a full bar.
        scale = Decimal(100) if unit == "%" else max(f.value for f in group)
        if scale <= 0 or any(f.value < 0 for f in group):
            continue
        found.append(Chart(measure, unit, tuple(Bar(f, label, float(f.value / scale * 100))
                                                for f, label in zip(group, labels, strict=True))))
    return tuple(found)


def bar_labels(group: list[Figure]) -> list[str] | None:
    """Each figure's year, scope or both — whichever differ across the group — or None when some bar would have
    no label of its own (a year missing where the others differ by year, or two bars alike)."""
    years = {f.as_of for f in group}
    scopes = {f.scope for f in group}
    by_year, by_scope = len(years) > 1, len(scopes) > 1
    if (by_year and None in years) or (by_scope and None in scopes):
        return None
    labels = ["，".join(part for part in (f.scope if by_scope else None, str(f.as_of) if by_year else None) if part)
              for f in group]
    return labels if all(labels) and len(set(labels)) == len(labels) else None
