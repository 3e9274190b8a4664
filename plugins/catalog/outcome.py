"""What a check or a build found and made, as `invoke check`, `invoke build` and `invoke serve` report it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records.problems import Problem
from .signoff.pending import Pending
from .signoff.reviews import Reviews
from .site import Site


@dataclass(frozen=True)
class Checked:
    """What a check or build found besides errors: warnings, and content waiting for review."""

    site: Site
    warnings: list[Problem] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)
    reviews: Reviews | None = None  # every item's signatures, verified

    @classmethod
    def of(cls, generator: Any) -> Checked:
        return cls(generator.site, generator.warnings, generator.pending, generator.reviews)


@dataclass(frozen=True)
class Built:
    output: Path
    pages: int
    checked: Checked
    rendered: int = 0  # pages rendered by this build; the others were already as they should be
