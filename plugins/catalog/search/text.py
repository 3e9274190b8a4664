"""What each page reads as, for search: its own content, written out from the record.

The text follows the page's template: the title, where it is, what it says,
its figures, the names it links to as part of its own facts (a case's villages
and initiatives, a village's honours) and its sources. Lists of other pages
(related cases, a county's villages) are left out: those pages are found on
their own. Parts are separated by line breaks, so a phrase never runs from
one part into the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from ..generators import cn_date
from ..indexes import lineage
from ..records.model import Case, Figure, Initiative, Page, Record, Region, Route, Source, Village

# Elements that start a new line when a story's HTML is read as text.
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "table",
           "blockquote", "figure", "figcaption", "pre", "hr", "dt", "dd", "section"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """A story body's text as a reader sees it, a line per block."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _lines("".join(parser.parts).split("\n"))


def _lines(parts: Iterable[str | None]) -> str:
    return "\n".join(line for line in (" ".join((p or "").split()) for p in parts) if line)


def _place(region: Region | None) -> str:
    return " ".join(r.name for r in lineage(region))


def _figures(figures: Iterable[Figure]) -> Iterator[str]:
    for f in figures:
        yield f"{f.label} {f.display} {f.scope or ''} {f.as_of or ''} {f.note or ''}"


def _sources(sources: Iterable[Source]) -> Iterator[str]:
    for s in sources:
        yield f"{s.publisher}：《{s.title}》{s.date or ''}"


def _names(records: Iterable[Record]) -> str:
    return "、".join(getattr(r, "name", None) or r.title for r in records)


def _village(v: Village) -> Iterator[str]:
    yield v.name
    yield _place(v.township or v.county)
    for t in v.titles:
        yield f"{t.title} {t.year or ''} {t.by or ''}"
    yield from (v.profile or "").split("\n")
    yield from _figures(v.figures)
    yield _names(v.initiatives)


def _initiative(i: Initiative) -> Iterator[str]:
    yield i.name
    yield f"{i.level} {i.kind} {i.owner or ''} {i.since or ''} {i.until or ''}"
    if i.parent is not None:
        yield i.parent.name
    yield i.summary
    for m in i.measures:
        yield m.title
        yield m.text
        yield from m.items
    yield from _figures(i.figures)
    yield _names(i.regions)


def _route(r: Route) -> Iterator[str]:
    yield r.name
    yield r.summary
    yield r.duration
    for s in r.stops:
        yield s.name
        yield s.what
        yield _place(s.village.township or s.village.county if s.village else s.region)
        yield s.village.name if s.village else None
        yield s.address
        yield s.opening


def _case(c: Case) -> Iterator[str]:
    yield c.title
    yield f"{cn_date(c.date)} {c.county.name if c.county else ''}"
    yield c.summary
    yield html_text(c.body)
    yield _names(c.villages)
    yield _names(c.initiatives)


def page_text(record: Record) -> str:
    """The text of the record's page, as search matches it."""
    if isinstance(record, Village):
        parts = _village(record)
    elif isinstance(record, Initiative):
        parts = _initiative(record)
    elif isinstance(record, Route):
        parts = _route(record)
    elif isinstance(record, Case):
        parts = _case(record)
    elif isinstance(record, Page):
        parts = iter((record.title, html_text(record.body)))
    elif isinstance(record, Region):
        parts = iter((record.name, _place(record)))
    else:
        raise TypeError(f"no search text for {type(record).__name__}")
    return _lines([*parts, *_sources(getattr(record, "sources", ()))])
