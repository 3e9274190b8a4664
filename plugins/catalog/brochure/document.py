"""The brochure's structure as typed objects: what data.py turns into the data the Typst templates draw.

A Document is a cover, one chapter per county (or wider area) holding its
overview, key figures, model villages, cases, initiatives and routes, a chapter
of initiatives when the brochure spans several areas, the sources everything
cites, and a back cover. Every heading is a Heading with its official number
(一、（一）1.（1）) and its anchor, listed in reading order in ``Document.headings``:
the table of contents, the PDF bookmarks and the tests all read that one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..pages import StopView
from ..records.model import Case, Initiative, Record, Region, Route, Source, Village
from ..records.review import Status
from .blocks import Block

CONTENTS_DEPTH = 3  # chapters, sections and entries are listed in the contents and bookmarks


@dataclass(frozen=True)
class Heading:
    level: int  # 1–4: 一、（一）1.（1）
    number: str
    title: str
    anchor: str

    @property
    def text(self) -> str:
        return f"{self.number}{self.title}"

    @property
    def in_contents(self) -> bool:
        return self.level <= CONTENTS_DEPTH


@dataclass(frozen=True)
class PrintPhoto:
    file: str  # the published copy's file name in the photo cache (photos.copies), never an original
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class VillageEntry:
    heading: Heading
    village: Village
    photos: tuple[PrintPhoto, ...] = ()


@dataclass(frozen=True)
class CaseEntry:
    heading: Heading
    case: Case
    body: tuple[Block, ...]
    elsewhere: Region | None = None  # a case of a wider area (青岛市) printed in a county's volume because it names it


@dataclass(frozen=True)
class StopEntry:
    heading: Heading
    view: StopView


@dataclass(frozen=True)
class RouteEntry:
    heading: Heading
    route: Route
    stops: tuple[StopEntry, ...]


@dataclass(frozen=True)
class InitiativeEntry:
    heading: Heading
    initiative: Initiative
    parts: tuple[InitiativeEntry, ...] = ()


@dataclass(frozen=True)
class KindEntry:
    """A record of a kind that declares its own brochure entry (kinds/: Kind.brochure): its facts as rows."""

    heading: Heading
    record: Record
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    heading: Heading
    entries: tuple = ()  # of one entry kind, or the records whose figures a key-figures section shows


@dataclass(frozen=True)
class Overview:
    """What a chapter's 概况 says: where the area is, and what the chapter holds (never a count of nothing)."""

    heading: Heading
    area: Region | None
    counts: tuple[tuple[str, int, str], ...]  # (what, how many, measure word): ("示范村", 2, "个"), only non-zero


@dataclass(frozen=True)
class AreaChapter:
    """Everything the brochure holds for one county (or a wider area, for what is recorded only there)."""

    heading: Heading
    area: Region | None  # None: content whose source names no place
    overview: Overview
    figures: Section | None
    villages: Section | None
    cases: Section | None
    initiatives: Section | None  # a county's volume: the initiatives carried out there, or naming it
    routes: Section | None
    more: tuple[Section, ...] = ()  # the kinds that declare their own entry (Kind.brochure), in the kinds' order


@dataclass(frozen=True)
class InitiativesChapter:
    heading: Heading
    entries: tuple[InitiativeEntry, ...]


@dataclass(frozen=True)
class SourcesChapter:
    heading: Heading
    sources: tuple[Source, ...]  # numbered [1] [2] … in this order; entries cite them by number

    def number(self, source: Source) -> int | None:
        for n, found in enumerate(self.sources, start=1):
            if found.id == source.id:
                return n
        return None


@dataclass(frozen=True)
class Cover:
    title: str
    scope: str  # "" for the whole site
    issuer: str  # 编印单位; "" when none was given
    date: dt.date  # the brochure's own date, not any content's
    draft: bool  # holds content whose review is not complete
    author: str  # the PDF's author: the issuer, else the site
    generator: str  # the PDF's creator: the site's name
    notice: str = ""  # printed on the back cover, e.g. 内部资料　注意保存; "" for none


@dataclass(frozen=True)
class Document:
    cover: Cover
    areas: tuple[AreaChapter, ...]
    initiatives: InitiativesChapter | None
    sources: SourcesChapter
    headings: tuple[Heading, ...]  # every heading, in reading order
    anchors: Mapping[tuple[type, str], str]  # where each record of the brochure is printed
    subject: str
    keywords: tuple[str, ...]
    statuses: Mapping[tuple[type, str], Status] = field(default_factory=lambda: MappingProxyType({}))  # by signatures
    planned_note: bool = False  # holds initiatives the sources only announce: said once, in a note

    @property
    def contents(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.in_contents)

    def anchor_for(self, record: Record) -> str | None:
        return self.anchors.get((type(record), record.id))

    def status(self, record: Record) -> Status | None:
        return self.statuses.get((type(record), record.id))
