"""What the pages say about the published brochures: where each is, how big, how many pages."""

from __future__ import annotations

from dataclasses import dataclass

from ..records.model import Region
from .files import size_label


@dataclass(frozen=True)
class Download:
    url: str
    bytes: int
    pages: int
    region: Region | None = None  # the county it covers; None for the whole site

    @property
    def size(self) -> str:
        return size_label(self.bytes)


@dataclass(frozen=True)
class Downloads:
    """Every brochure the site publishes: the whole site's (while it is short) and one per county."""

    site: Download | None = None
    counties: tuple[Download, ...] = ()  # in the site's order of regions

    def __bool__(self) -> bool:
        return self.site is not None or bool(self.counties)

    def of(self, region: Region) -> Download | None:
        """A county's brochure, for its page; None for any other region."""
        return next((d for d in self.counties if d.region is not None and d.region.id == region.id), None)
