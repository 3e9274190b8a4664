"""A story's body as a reader reads it: the pieces the text checks read a body by.

Markup splits a word for the eye of whoever reads the file, not for whoever
reads the page: ``<span>138</span><span>12345678</span>``, ``待**补充**``,
``[待](x)补充``, ``&#x5F85;补充``, or 待 and 补充 on two lines (the page joins
a line break between two Chinese characters, stories.render). So a paragraph
is checked as it reads: tags, emphasis marks and link targets taken out,
entities decoded, its lines joined as the page joins them. What the page
carries without showing (a link's address, a tag's attributes, an HTML
comment) is checked too, each on its own; fenced code is shown as typed, and
checked line by line as it stands.

Which line of the file a character of a paragraph was typed on is worked out
only for a paragraph with a problem (``Passage.line_at``): nearly none has one.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from ..stories import ParsedStory

_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # as stories.render joins lines
_FENCE = re.compile(r"[ \t]*(```|~~~)")
# What starts a block of its own: a heading, a quote, a list item (the marks are not read).
_MARKS = re.compile(r"[ \t]*(?:>[ \t]?|#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)*")
_RULE_LINE = re.compile(r"[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*")  # a horizontal rule or a heading's underline
# Tags after which a reader sees a new line, not the same word.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "pre", "section", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_INLINE = re.compile(r"""
    (?P<comment><!--(?P<remark>.*?)-->)
  | (?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>)
  | (?P<entity>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
  | (?P<escape>\\[!-/:-@\[-`{-~])
  | (?P<target>\]\((?P<url>[^)]*)\))
  | (?P<mark>!?\[|\]|[*_`~]+)
  | (?P<cell>\|)
""", re.X)
# Every token above starts with one of these: found by this simple scan, a token is tried only there (an
# alternation tried at every character of a long Chinese paragraph costs fifteen times as much).
_TOKEN_START = re.compile(r"[<&\\\[\]!*_`~|]")
# What the page carries without showing, read on its own.
_HIDDEN = {"comment": "remark", "tag": "attrs", "target": "url"}


@dataclass(frozen=True)
class Passage:
    """A piece of a body as read, and the way back to the file's line of each of its characters."""

    text: str  # as read
    typed: str = ""  # the paragraph's lines as typed (block marks left out, joined as read); "" when text is typed
    starts: tuple[int, ...] = (0,)  # offsets in ``typed`` (or ``text``) where each line of the file begins
    lines: tuple[int, ...] = (1,)  # and those lines

    def line_at(self, offset: int) -> int:
        """The file's line of ``text[offset]``."""
        at = offset
        if self.typed:
            read_at, typed_at = self._stretches
            index = max(0, bisect_right(read_at, offset) - 1)
            at = typed_at[index] + offset - read_at[index]
        return self.lines[max(0, bisect_right(self.starts, at) - 1)]

    @cached_property
    def _stretches(self) -> tuple[list[int], list[int]]:
        """Where each stretch of ``typed`` that reads as typed begins, in ``text`` and in ``typed``; what a token
        reads as counts as typed at the token's start."""
        read_at, typed_at, read, at = [0], [0], 0, 0
        for token in _tokens(self.typed):
            read += token.start() - at
            read_at.append(read)
            typed_at.append(token.start())
            read += len(_reading(token))
            at = token.end()
            read_at.append(read)
            typed_at.append(at)
        return read_at, typed_at


def _tokens(typed: str) -> Iterator[re.Match[str]]:
    """``_INLINE.finditer(typed)``, quickly."""
    at = 0
    while (start := _TOKEN_START.search(typed, at)) is not None:
        token = _INLINE.match(typed, start.start())
        if token is None:
            at = start.start() + 1
            continue
        yield token
        at = token.end()


def _reading(token: re.Match[str]) -> str:
    """What a reader sees of a token."""
    kind = token.lastgroup
    if kind == "tag":
        return "\n" if token.group("name").lower() in _BLOCK_TAGS else ""
    if kind == "entity":
        return html.unescape(token.group())
    if kind == "escape":
        return token.group()[1]
    return "\n" if kind == "cell" else ""


def body_passages(story: ParsedStory) -> Iterator[Passage]:
    paragraph: list[tuple[int, str]] = []  # (line, text as typed, block marks left out)
    last = ""  # the previous line as typed, while a paragraph goes on
    in_code = False
    for offset, typed in enumerate(story.body.splitlines()):
        line = story.body_line + offset
        fence = _FENCE.match(typed)
        if fence or in_code or not typed.strip() or _RULE_LINE.fullmatch(typed):
            yield from _read(paragraph)
            paragraph, last = [], ""
            if fence:
                in_code = not in_code
            elif in_code and typed.strip():
                yield Passage(typed, lines=(line,))
            continue
        marks = _MARKS.match(typed).end()
        if last:
            paragraph.append((line, _between(last, typed, marks > 0)))
        paragraph.append((line, typed[marks:]))
        last = typed
    yield from _read(paragraph)


def _between(last: str, typed: str, new_block: bool) -> str:
    """What a reader sees between two lines of one paragraph: nothing between Chinese characters, else a space;
    a new line where a new block starts or the line ended in a hard break."""
    if new_block or last.endswith(("  ", "\\")):
        return "\n"
    return "" if _CJK.match(last[-1]) and _CJK.match(typed.lstrip()[:1] or " ") else " "


def _read(paragraph: list[tuple[int, str]]) -> Iterator[Passage]:
    """A paragraph's passage as read, then what it carries without showing."""
    if not paragraph:
        return
    typed = "".join(text for _, text in paragraph)
    starts, lines, size = [], [], 0
    for line, text in paragraph:
        if not lines or lines[-1] != line:
            starts.append(size)
            lines.append(line)
        size += len(text)
    aside: list[Passage] = []
    read, at = [], 0
    for token in _tokens(typed):
        read += (typed[at:token.start()], _reading(token))
        at = token.end()
        hidden = _HIDDEN.get(token.lastgroup or "")
        if hidden and token.group(hidden).strip():
            aside.append(Passage(token.group(hidden), lines=(lines[max(0, bisect_right(starts, token.start()) - 1)],)))
    text = "".join(read) + typed[at:] if read else typed
    if text.strip():
        yield Passage(text, typed if text != typed else "", tuple(starts), tuple(lines))
    yield from aside
