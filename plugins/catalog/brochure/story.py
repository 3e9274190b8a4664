"""A story's body as the brochure prints it: the site's sanitized HTML read into blocks and spans.

The body is the site's own HTML (nh3's allowlist, {filename} links resolved).
For paper it changes only what paper needs: its headings sit below the case's
own heading and are numbered（1）（2）… as the fourth level of an official
document; links to site pages, which a printed page cannot follow, become plain
text; footnotes lose their "back" arrows; ids are prefixed with the case's
anchor so two stories' footnotes never share one. Photos are the published
copies (the photo cache's); an image that is not a published photo is not
printed but reported (``Body.refused``), and the brochure is not made.

Nothing of the HTML becomes Typst markup: text goes into spans (blocks.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..photos import PhotoPlan
from .blocks import (
    Block,
    HeadingBlock,
    ListBlock,
    Para,
    PhotoBlock,
    PreBlock,
    QuoteBlock,
    RuleBlock,
    Span,
    TableBlock,
    anchor_name,
)
from .numbering import heading_number

_EXTERNAL = re.compile(r"^(https?|mailto|tel):", re.I)
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "figure", "hr", "pre", "div", "dl"}
_VOID = {"br", "hr", "img"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("body", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Body:
    blocks: tuple[Block, ...]
    photos: dict[str, str]  # file name under photos/ -> the published copy's path in the photo cache
    refused: tuple[str, ...]  # images that are not published photos: never printed


def print_body(html: str, anchor: str, find: Callable[[str], PhotoPlan | None]) -> Body:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    reader = _Reader(anchor, find, _ids(tree.root))
    blocks = reader.blocks(tree.root.children)
    return Body(tuple(blocks), reader.photos, tuple(reader.refused))


def _ids(element: _Element) -> set[str]:
    found = {element.attrs["id"]} if element.attrs.get("id") else set()
    for child in element.children:
        if isinstance(child, _Element):
            found |= _ids(child)
    return found


class _Reader:
    def __init__(self, anchor: str, find: Callable[[str], PhotoPlan | None], ids: set[str]) -> None:
        self.anchor, self.find, self.ids = anchor, find, ids
        self.photos: dict[str, str] = {}
        self.refused: list[str] = []
        self.count = 0
        self.top: int | None = None

    def _id(self, html_id: str) -> str:
        return anchor_name(f"{self.anchor}-{html_id}")

    def blocks(self, nodes: list[_Element | str]) -> list[Block]:
        found: list[Block] = []
        loose: list[_Element | str] = []  # inline content outside any paragraph

        def flush() -> None:
            spans = self.spans(loose)
            if any(s.text.strip() or s.br for s in spans):
                found.append(Para(_trim(spans)))
            loose.clear()

        for node in nodes:
            if isinstance(node, _Element) and (node.tag in _BLOCKS or node.tag == "img"):
                flush()
                found.extend(self.block(node))
            else:
                loose.append(node)
        flush()
        return found

    def block(self, node: _Element) -> list[Block]:
        tag = node.tag
        if tag == "p":
            return self.paragraph(node)
        if tag in ("h2", "h3", "h4", "h5", "h6"):
            return [self.heading(node)]
        if tag in ("ul", "ol"):
            return [self.list_block(node)]
        if tag == "blockquote":
            return [QuoteBlock(tuple(self.blocks(node.children)))]
        if tag == "hr":
            return [RuleBlock()]
        if tag == "pre":
            return [PreBlock(tuple(node.text().strip("\n").split("\n")))]
        if tag == "table":
            return [self.table(node)]
        if tag == "img":
            return self.image(node)
        if tag == "dl":
            return self.definitions(node)
        # div, figure and the like: their content, in order.
        return self.blocks(node.children)

    def paragraph(self, node: _Element) -> list[Block]:
        """The paragraph's text (none when blank), then its photos, printed after it."""
        spans = _trim(self.spans(node.children))
        images = [c for c in node.children if isinstance(c, _Element) and c.tag == "img"]
        found: list[Block] = [Para(spans)] if any(s.text.strip() for s in spans) else []
        for image in images:
            found.extend(self.image(image))
        return found

    def list_block(self, node: _Element) -> Block:
        items = tuple(tuple(self.blocks(li.children)) for li in node.children
                      if isinstance(li, _Element) and li.tag == "li")
        start = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
        return ListBlock(items, ordered=node.tag == "ol", start=start)

    def definitions(self, node: _Element) -> list[Block]:
        """A definition list: each term a bold label, each definition its blocks."""
        items: list[Block] = []
        for child in node.children:
            if isinstance(child, _Element) and child.tag == "dt":
                items.append(Para(tuple(Span(s.text, bold=True) for s in self.spans(child.children)), "label"))
            elif isinstance(child, _Element) and child.tag == "dd":
                items.extend(self.blocks(child.children))
        return items

    def heading(self, node: _Element) -> Block:
        level = int(node.tag[1])
        self.top = level if self.top is None else min(self.top, level)
        title = "".join(s.text for s in self.spans(node.children)).strip()
        html_id = node.attrs.get("id")
        self.count += 1
        anchor = self._id(html_id) if html_id else anchor_name(f"{self.anchor}-h{self.count}")
        if level == self.top:
            self.number = getattr(self, "number", 0) + 1
            return HeadingBlock(4, heading_number(4, self.number), title, anchor, toc=False)
        return HeadingBlock(5, "", title, anchor, toc=False)

    def table(self, node: _Element) -> Block:
        rows: list[list[tuple[Span, ...]]] = []
        head: list[tuple[Span, ...]] = []
        caption = None
        for row, in_head in self._rows(node):
            cells = [tuple(_trim(self.spans(c.children))) for c in row.children
                     if isinstance(c, _Element) and c.tag in ("td", "th")]
            if in_head and not head:
                head = cells
            else:
                rows.append(cells)
        for child in node.children:
            if isinstance(child, _Element) and child.tag == "caption":
                caption = child.text().strip() or None
        width = max([len(head), *(len(r) for r in rows)] or [1])
        head = head or [()] * width
        return TableBlock(tuple(_pad(head, width)), tuple(tuple(_pad(r, width)) for r in rows), (1,) * width, caption)

    def _rows(self, node: _Element, in_head: bool = False):
        for child in node.children:
            if not isinstance(child, _Element):
                continue
            if child.tag == "tr":
                yield child, in_head or all(isinstance(c, str) or c.tag == "th" for c in child.children)
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from self._rows(child, child.tag == "thead")

    def image(self, node: _Element) -> list[Block]:
        src = node.attrs.get("src", "")
        plan = self.find(src) if src else None
        if plan is None:
            self.refused.append(src)
            return []
        largest = plan.largest
        name = largest.jpeg.rsplit("/", 1)[-1]
        self.photos[name] = largest.jpeg
        return [PhotoBlock(name, node.attrs.get("alt", ""), wide=largest.size.width >= largest.size.height)]

    def spans(self, nodes: list[_Element | str], style: dict | None = None) -> tuple[Span, ...]:
        style = style or {}
        found: list[Span] = []
        for node in nodes:
            if isinstance(node, str):
                text = re.sub(r"\s*\n\s*", "", node) if not style.get("pre") else node
                if text:
                    found.append(Span(text, **style))
                continue
            tag, attrs = node.tag, node.attrs
            if tag == "br":
                found.append(Span(br=True))
                continue
            if tag == "img":
                continue  # printed after its paragraph (block)
            if "footnote-backref" in attrs.get("class", ""):
                continue  # "back to the text": a reader of paper cannot follow it
            inner = self._style(node, style)
            if attrs.get("id") and tag not in ("h2", "h3", "h4", "h5", "h6"):
                found.append(Span(anchor=self._id(attrs["id"])))
            if tag == "q":
                found.append(Span("“", **style))
            found.extend(self.spans(node.children, inner))
            if tag == "q":
                found.append(Span("”", **style))
        return tuple(found)

    def _style(self, node: _Element, style: dict) -> dict:
        """The style ``node`` gives its content: bold, italic, raised or lowered, a link within the story or out."""
        tag, attrs = node.tag, node.attrs
        inner = dict(style)
        if tag in ("b", "strong"):
            inner["bold"] = True
        elif tag in ("i", "em", "cite"):
            inner["italic"] = True
        elif tag == "sup":
            inner["sup"] = True
        elif tag == "sub":
            inner["sub"] = True
        elif tag == "a":
            href = attrs.get("href", "")
            if href.startswith("#") and href[1:] in self.ids:
                inner["link"] = self._id(href[1:])
            elif _EXTERNAL.match(href):
                inner["url"] = href
            # a link to a site page: plain text on paper
        return inner


def _trim(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Without the whitespace Markdown leaves at a paragraph's ends."""
    items = list(spans)
    if items and items[0].text:
        items[0] = Span(**{**items[0].__dict__, "text": items[0].text.lstrip()})
    if items and items[-1].text:
        items[-1] = Span(**{**items[-1].__dict__, "text": items[-1].text.rstrip()})
    return tuple(s for s in items if s.text or s.br or s.anchor)


def _pad(cells: list, width: int) -> list:
    return list(cells) + [()] * (width - len(cells))
