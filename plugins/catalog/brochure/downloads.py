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

    def shown(self) -> tuple:
        """Everything a page shows of it, as plain values (its size as shown: a few bytes more change no page)."""
        return self.url, self.size, self.pages, self.region.id if self.region else None, \
            self.region.name if self.region else None


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

    def shown_by(self, template: str, owner: object) -> tuple:
        """What a page made from ``template`` for ``owner`` shows of the downloads, as plain values: every
        page whether there are any (the footer's link), the home page all of them, a county's page its own.
        A page's fingerprint holds this (incremental/fingerprints.py), so one county's new brochure renders
        again only the home page and that county's; tests/test_incremental.py reads the templates to hold
        them to it."""
        if template == "index.html":
            shown: tuple = (self.site, *self.counties)
        elif template == "region.html" and isinstance(owner, Region):
            shown = (self.of(owner),)
        else:
            shown = ()
        return (bool(self), *(d.shown() if d is not None else None for d in shown))
