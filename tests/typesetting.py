"""The brochure's typesetting measured in the PDF itself: lines, their edges and faces, read with pdfplumber.

A line is the characters of one page sharing a baseline and a size. The text
block is GB/T 9704's: 156 mm wide, 28 mm from the binding edge (the left edge of
right-hand pages, which are the odd physical pages: the cover is page 1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
PAGE_WIDTH = 210 * MM
TEXT_WIDTH = 156 * MM
BINDING = 28 * MM
TOP = 37 * MM
TEXT_BOTTOM = (37 + 225) * MM
BODY_SIZE = 16.0
# Punctuation that may not begin a line (避头尾: 行首禁则).
CLOSING = set("，。、；：？！）》」』】〕’”…·—%％")
HALF_AT_END = set("，。、；：？！）》」』】〕")


@dataclass(frozen=True)
class Line:
    page: int  # 0-based physical page
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str
    fonts: frozenset[str]
    last_x0: float  # where the last character starts

    @property
    def ink_right(self) -> float:
        """Where the line's text ends: Typst sets CJK punctuation at a line's end half wide (its glyph's
        ink is in the left half; the font still says it is a full em, which is what the PDF reports)."""
        if self.text[-1] in HALF_AT_END:
            return self.last_x0 + self.size / 2
        if self.text[-1] in "”’":  # a closing quote is set half wide or whole, as the line's justification needs
            half = self.last_x0 + self.size / 2
            return half if abs(self.right - half) < abs(self.right - self.x1) else self.x1
        return self.x1

    @property
    def left(self) -> float:
        """The text block's left edge on this page."""
        return BINDING if self.page % 2 == 0 else PAGE_WIDTH - BINDING - TEXT_WIDTH

    @property
    def right(self) -> float:
        return self.left + TEXT_WIDTH

    @property
    def in_text_block(self) -> bool:
        return TOP - 1 <= self.top and self.bottom <= TEXT_BOTTOM + 1


def _light(char: dict) -> bool:
    """The draft watermark: a pale grey, not text of the page."""
    colour = char.get("non_stroking_color")
    return isinstance(colour, (tuple, list)) and len(colour) == 1 and colour[0] > 0.9


def read_lines(pdf: Path) -> list[Line]:
    found: list[Line] = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            rows: dict[tuple[float, float], list[dict]] = defaultdict(list)
            for char in page.chars:
                if _light(char) or not char["text"].strip():
                    continue
                rows[(round(char["bottom"], 0), round(char["size"], 1))].append(char)
            for (_, size), chars in sorted(rows.items(), key=lambda item: item[1][0]["top"]):
                chars.sort(key=lambda c: c["x0"])
                found.append(Line(number, min(c["top"] for c in chars), max(c["bottom"] for c in chars),
                                  chars[0]["x0"], max(c["x1"] for c in chars), size, "".join(c["text"] for c in chars),
                                  frozenset(c["fontname"].split("+", 1)[-1] for c in chars), chars[-1]["x0"]))
    return found


def full_body_lines(lines: list[Line], body_font: str) -> list[Line]:
    """Body lines followed, on the same page, by a line of the same paragraph: a line starting at the text
    block's left edge (a new paragraph starts two characters in)."""
    body = [line for line in lines if abs(line.size - BODY_SIZE) < 0.1 and line.fonts == {body_font}
            and line.in_text_block]
    full = []
    for line, following in zip(body, body[1:]):
        if (following.page == line.page and 0 < following.top - line.top < BODY_SIZE * 2.2
                and abs(following.x0 - following.left) < 1):
            full.append(line)
    return full


def page_rects(pdf: Path) -> list[tuple[int, float, float]]:
    """Every rule and box drawn on a page (tables, lines): (page, x0, x1)."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            for shape in [*page.rects, *page.lines]:
                found.append((number, shape["x0"], shape["x1"]))
    return found
