"""What each page reads as, for search: its own content, written out from the record.

The text follows the page's template: the title, where it is, what it says,
its figures and its facts (an initiative's 实施地区, a route's stops, a
source's publisher). The names of other pages it lists as its own facts (a
case's villages and initiatives, a village's initiatives, an initiative's
parts) and its citations are its tail: found, but ranked below the page's own
text. Long lists of other pages (related cases, a county's villages, the
pages citing a source) and the templates' fixed headings are left out (see
docs/search.md). Parts are separated by line breaks, so a phrase never runs
from one part into the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from typing import Any

from ..dates import cn_date
from ..indexes import lineage
from ..records.model import Case, Figure, Initiative, Page, Record, Region, Route, Source, Village

Parts = tuple[list[str | None], list[str | None]]  # own text, tail
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
    # Not the 顿号 the page shows: that one is transparent (tokens.py), and a phrase must not run from name to name.
    return "，".join(getattr(r, "name", None) or r.title for r in records)


def _village(v: Village, values: Mapping[str, Any]) -> Parts:
    own = [v.name, _place(v.township or v.county)]
    own += [f"{t.title} {t.year or ''} {t.by or ''}" for t in v.titles]
    own += (v.profile or "").split("\n")
    own += _figures(v.figures)
    return own, [_names(v.initiatives)]


def _initiative(i: Initiative, values: Mapping[str, Any]) -> Parts:
    own = [i.name, f"{i.level} {i.kind} {i.owner or ''} {i.since or ''} {i.until or ''}",
           i.parent.name if i.parent is not None else None, i.summary]
    for m in i.measures:
        own += [m.title, m.text, *m.items]
    own += _figures(i.figures)
    own.append(_names(values.get("areas") or i.regions))  # 实施地区, as the page shows it
    return own, [_names(values.get("children", ()))]


def _route(r: Route, values: Mapping[str, Any]) -> Parts:
    own = [r.name, r.summary, r.duration]
    for s in r.stops:
        own += [s.name, s.what, _place(s.village.township or s.village.county if s.village else s.region),
                s.village.name if s.village else None, s.address, s.opening]
    return own, ["，".join(src.publisher for s in r.stops for src in s.sources)]


def _case(c: Case, values: Mapping[str, Any]) -> Parts:
    own = [c.title, f"{cn_date(c.date)} {c.county.name if c.county else ''}", c.summary, html_text(c.body)]
    return own, [_names(c.villages), _names(c.initiatives)]


def _source(s: Source, values: Mapping[str, Any]) -> Parts:
    return [s.title, s.publisher, str(s.date) if s.date else None, f"{s.grade} 级" if s.grade else None, s.note], []


def _parts(record: Record, values: Mapping[str, Any]) -> Parts:
    if isinstance(record, Village):
        return _village(record, values)
    if isinstance(record, Initiative):
        return _initiative(record, values)
    if isinstance(record, Route):
        return _route(record, values)
    if isinstance(record, Case):
        return _case(record, values)
    if isinstance(record, Source):
        return _source(record, values)
    if isinstance(record, Page):
        return [record.title, html_text(record.body)], []
    if isinstance(record, Region):
        return [record.name, _place(record)], []
    raise TypeError(f"no search text for {type(record).__name__}")


def page_text(record: Record, values: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The text of the record's page as search matches it: its own text (the title first), and its tail
    (the names of other pages it lists, its citations), which ranks below it. ``values`` are the page's."""
    own, tail = _parts(record, values or {})
    return _lines(own), _lines([*tail, *_sources(getattr(record, "sources", ()))])
