"""What the Typst templates draw: blocks of text and inline spans, as typed objects.

data.py lays the Document out as these, and writes them as JSON (``data()``)
for theme/typst/blocks.typ. Record text only ever travels in a ``Span.text``,
a JSON string the template places as text: it is never Typst markup, so
``#read("/etc/passwd")`` in a village's name prints as typed. Anchors are
made of ids and slugs only (``anchor_name``), and a photo is a file name the
brochure itself placed beside the templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_NOT_ANCHOR = re.compile(r"[^A-Za-z0-9_.:-]+")
# A number and its unit are never split across lines: 35余万人次, 3000多万元, 2日. Marked here rather than
# by a regex show rule in the templates, which cost Typst a fifth of its time (docs/brochure.md, Benchmark).
UNBROKEN = re.compile(
    r"[约近超]?\d+(?:[.,]\d+)*[余多]?[十百千万亿]*[余多]?"
    r"(?:人次|万人|人|户|个|元|年|月|日|亩|平方米|米|公里|千米|吨|家|支|所|项|场次|场|次|名|条|处|座|篇|届|批|期|份|类|%|％|倍|余|多)?"
)


_SPLITTABLE = re.compile(r"[^\d.,]")


def runs(text: str) -> list[str] | None:
    """The text cut where a number and its unit must stay together: plain, kept, plain, kept, …; None if nowhere."""
    found, start = [], 0
    for match in UNBROKEN.finditer(text):
        if _SPLITTABLE.search(match.group()):  # a line never breaks inside a bare number: no box for one
            found += [text[start:match.start()], match.group()]
            start = match.end()
    return [*found, text[start:]] if found else None


def _cut(found: dict[str, Any], *keys: str) -> dict[str, Any]:
    """``found`` with each text of ``keys`` that holds a number and its unit also given cut, as ``<key>_u``."""
    for key in keys:
        if isinstance(found.get(key), str) and (cut := runs(found[key])) is not None:
            found[f"{key}_u"] = cut
    return found


def anchor_name(text: str) -> str:
    """A Typst label from an id, slug or HTML id: letters, digits and _ . : - only."""
    return _NOT_ANCHOR.sub("-", text).strip("-") or "x"


@dataclass(frozen=True)
class Span:
    text: str = ""
    bold: bool = False
    italic: bool = False
    sup: bool = False
    sub: bool = False
    link: str | None = None  # an anchor in this document
    url: str | None = None  # http, https, mailto or tel only
    tag: str | None = None  # an item's review status, drawn as a small mark
    br: bool = False  # a line break
    anchor: str | None = None  # a place in the text others link to (a footnote)

    def data(self) -> dict[str, Any]:
        found: dict[str, Any] = {"t": self.text}
        if (cut := runs(self.text)) is not None:
            found["u"] = cut
        for key, value in (("b", self.bold), ("i", self.italic), ("sup", self.sup), ("sub", self.sub),
                           ("br", self.br)):
            if value:
                found[key] = True
        for key, value in (("link", self.link), ("url", self.url), ("tag", self.tag), ("anchor", self.anchor)):
            if value is not None:
                found[key] = value
        return found


Spans = tuple[Span, ...]


def plain(text: str) -> Spans:
    return (Span(text),) if text else ()


def spans_data(spans: Spans) -> list[dict[str, Any]]:
    return [s.data() for s in spans]


@dataclass(frozen=True)
class Para:
    spans: Spans
    style: str = "body"  # body, lead, meta, label, note, cite, centered

    def data(self) -> dict[str, Any]:
        return {"k": "p", "style": self.style, "s": spans_data(self.spans)}


@dataclass(frozen=True)
class HeadingBlock:
    level: int
    number: str
    title: str
    anchor: str
    toc: bool

    def data(self) -> dict[str, Any]:
        return _cut({"k": "h", "level": self.level, "number": self.number, "title": self.title, "anchor": self.anchor,
                     "toc": self.toc}, "title")


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1
    style: str = "body"  # or small

    def data(self) -> dict[str, Any]:
        return {"k": "list", "ordered": self.ordered, "start": self.start, "style": self.style,
                "items": [[b.data() for b in item] for item in self.items]}


@dataclass(frozen=True)
class TableBlock:
    head: tuple[Spans, ...]
    rows: tuple[tuple[Spans, ...], ...]
    widths: tuple[int, ...]  # relative column widths
    caption: str | None = None

    def data(self) -> dict[str, Any]:
        return _cut({"k": "table", "caption": self.caption, "widths": list(self.widths),
                     "head": [spans_data(c) for c in self.head], "rows": [[spans_data(c) for c in r] for r in self.rows]},
                    "caption")


@dataclass(frozen=True)
class PhotoBlock:
    file: str  # a name under photos/ in the typesetting folder
    alt: str
    caption: str | None = None
    credit: str | None = None
    wide: bool = True  # landscape: the text block's width; portrait: 90 mm high

    def data(self) -> dict[str, Any]:
        return _cut({"k": "photo", "file": f"photos/{self.file}", "alt": self.alt, "caption": self.caption,
                     "credit": self.credit, "wide": self.wide}, "caption", "credit")


@dataclass(frozen=True)
class FactsBlock:
    rows: tuple[tuple[str, Spans], ...]

    def data(self) -> dict[str, Any]:
        return {"k": "facts", "rows": [{"label": label, "s": spans_data(s)} for label, s in self.rows]}


@dataclass(frozen=True)
class SourceItem:
    number: int
    anchor: str
    spans: Spans
    notes: tuple[Spans, ...] = ()


@dataclass(frozen=True)
class SourcesBlock:
    items: tuple[SourceItem, ...]

    def data(self) -> dict[str, Any]:
        return {"k": "sources", "items": [{"number": i.number, "anchor": i.anchor, "s": spans_data(i.spans),
                                           "notes": [spans_data(n) for n in i.notes]} for i in self.items]}


@dataclass(frozen=True)
class QuoteBlock:
    blocks: tuple[Block, ...]

    def data(self) -> dict[str, Any]:
        return {"k": "quote", "blocks": [b.data() for b in self.blocks]}


@dataclass(frozen=True)
class PreBlock:
    lines: tuple[str, ...]

    def data(self) -> dict[str, Any]:
        return {"k": "pre", "lines": list(self.lines)}


@dataclass(frozen=True)
class RuleBlock:
    def data(self) -> dict[str, Any]:
        return {"k": "rule"}


Block = Para | HeadingBlock | ListBlock | TableBlock | PhotoBlock | FactsBlock | SourcesBlock | QuoteBlock | PreBlock \
    | RuleBlock


@dataclass(frozen=True)
class BackRow:
    label: str
    spans: Spans


@dataclass(frozen=True)
class Layout:
    """Everything the templates draw, in order: what data.json holds besides the faces."""

    meta: dict[str, Any]
    cover: dict[str, str]
    back: tuple[BackRow, ...]
    notice: str
    body: tuple[Block, ...]
    photos: dict[str, str] = field(default_factory=dict)  # file name under photos/ -> the copy in the photo cache

    def data(self, faces: dict[str, Any]) -> dict[str, Any]:
        return {"meta": self.meta, "faces": faces, "cover": self.cover,
                "back": {"rows": [{"label": r.label, "s": spans_data(r.spans)} for r in self.back],
                         "notice": self.notice},
                "body": [b.data() for b in self.body]}

    def texts(self) -> list[str]:
        """Every string the templates print, for the glyph check."""
        found: list[str] = [*(v for v in self.cover.values()), self.notice, self.meta["running"]]
        found += [r.label for r in self.back] + [s.text for r in self.back for s in r.spans]
        _collect([b.data() for b in self.body], found)
        return found


def _collect(value: Any, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("t", "title", "number", "caption", "label", "alt", "credit", "tag") and isinstance(inner, str):
                found.append(inner)
            elif key == "lines":
                found.extend(inner)
            else:
                _collect(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, found)
