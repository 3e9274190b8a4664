"""Pieces of a record's search text that several kinds write alike (search/text.py joins them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import Any

from ..records.model import Figure, Region, Source
from .places import lineage

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
    return lines(("".join(parser.parts)).split("\n"))


def lines(parts: Iterable[str | None]) -> str:
    return "\n".join(line for line in (" ".join((p or "").split()) for p in parts) if line)


def place(region: Region | None) -> str:
    return " ".join(r.name for r in lineage(region))


def figures(found: Iterable[Figure]) -> Iterator[str]:
    for f in found:
        yield f"{f.label} {f.display} {f.scope or ''} {f.as_of or ''} {f.note or ''}"


def sources(found: Iterable[Source]) -> Iterator[str]:
    for s in found:
        yield f"{s.publisher}：《{s.title}》{s.date or ''}"


def names(records: Iterable[Any]) -> str:
    # Not the 顿号 the page shows: that one is transparent (tokens.py), and a phrase must not run from name to name.
    return "，".join(getattr(r, "name", None) or r.title for r in records)
