"""The brochure's structure as typed objects: what the templates receive.

A Document is a cover, one chapter per county (or wider area) holding its
overview, key figures, model villages, cases and routes, then a chapter of
initiatives with their measures and figures, then the sources everything
cites. Every heading is a Heading with its official number (一、（一）1.（1）)
and its anchor, listed in reading order in ``Document.headings``: the table of
contents, the PDF bookmarks and the tests all read that one list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from markupsafe import Markup

from ..indexes import RegionContent
from ..pages import StopView
from ..records.model import Case, Initiative, Record, Region, Route, Source, Village
from ..records.review import Status

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
    src: str  # file URI of the largest published copy
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
    body: Markup


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
class Section:
    heading: Heading
    entries: tuple = ()  # of one entry kind, or the records whose figures a key-figures section shows


@dataclass(frozen=True)
class AreaChapter:
    """Everything the brochure holds for one county (or a wider area, for what is recorded only there)."""

    heading: Heading
    area: Region | None  # None: content whose source names no place
    content: RegionContent  # what this chapter holds, for the overview's counts
    initiatives: tuple[Initiative, ...]  # initiatives of the brochure carried out here
    overview: Heading
    figures: Section | None
    villages: Section | None
    cases: Section | None
    routes: Section | None


@dataclass(frozen=True)
class InitiativeEntry:
    heading: Heading
    initiative: Initiative
    parts: tuple[InitiativeEntry, ...] = ()


@dataclass(frozen=True)
class InitiativesChapter:
    heading: Heading
    entries: tuple[InitiativeEntry, ...]


@dataclass(frozen=True)
class SourcesChapter:
    heading: Heading
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Cover:
    title: str
    scope: str  # "" for the whole site
    issuer: str  # 编印单位; "" when none was given
    date: dt.date  # the brochure's own date, not any content's
    draft: bool  # holds content whose review is not complete
    author: str  # the PDF's author: the issuer, else the site
    generator: str  # the PDF's creator: the site's name


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

    @property
    def contents(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.in_contents)

    def anchor_for(self, record: Record) -> str | None:
        return self.anchors.get((type(record), record.id))


@dataclass(frozen=True)
class PrintSite:
    """What the site's macros call ``site`` when they render for paper: links lead within the brochure.

    ``link(record)`` in partials/macros.html becomes a link to where the record
    is printed, or plain text when the brochure does not hold it.
    """

    document: Document

    def url_for(self, record: Record) -> str | None:
        anchor = self.document.anchor_for(record)
        return f"#{anchor}" if anchor else None

    def status(self, record: Record) -> Status | None:
        return self.document.statuses.get((type(record), record.id))
