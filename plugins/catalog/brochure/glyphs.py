"""Characters the brochure's fonts cannot draw, reported against the record and line that hold them.

The whole brochure's text is checked at once (every string the templates print,
from the layout, template words included). Only when a character is missing are
the records searched for it, so the common case costs one set lookup per
character and no file is read again.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..checks.texts import SKIP_FIELDS, story_texts
from ..records.load import field_label
from ..records.model import Record, Story
from ..records.problems import Problem
from ..records.validate import read_record
from .fonts import undrawable

# Fields never printed: bookkeeping, not text.
_NOT_PRINTED = SKIP_FIELDS | {"id", "path", "article", "review", "waive"}
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Written:
    """A piece of text and where it is written; ``at`` is its key path in the file, () for a story's line."""

    path: str
    at: tuple
    line: int  # 0 until known: YAML lines are looked up only for a problem
    text: str
    rendered: bool = False  # a story's body as Markdown renders it, for what its source does not spell out


def html_text(html: str) -> str:
    """A story body's text as a reader sees it."""
    return html_lib.unescape(_TAG.sub("", html))


def glyph_problems(texts: Iterable[str], drawable: frozenset[int], faces: str, records: Iterable[Record],
                   options: dict[str, str], root: Path) -> list[Problem]:
    """Every undrawable character, named with the record (file:line) or the option it comes from."""
    missing = set(undrawable("".join(texts), drawable))
    if not missing:
        return []
    problems, placed, at = [], set(), set()
    for written in _everything(records, options):
        for char in undrawable(written.text, drawable):
            if char in missing and not (written.rendered and (written.path, char) in at):
                placed.add(char)
                at.add((written.path, char))
                problems.append(_problem(written, char, root, faces))
    problems += [Problem("theme/typst", 0, "", _message(c, faces), "brochure-glyph") for c in missing - placed]
    return sorted(set(problems))


def _everything(records: Iterable[Record], options: dict[str, str]) -> Iterator[Written]:
    for option, value in options.items():
        yield Written(f"命令行选项 {option}", (), 0, value)
    for record in records:
        yield from _record_texts(record)


def _record_texts(record: Record) -> Iterator[Written]:
    if isinstance(record, Story) and record.article is not None:
        story = record.article.story
        for span in story_texts(story):
            yield Written(span.path, (), span.line, span.text)
        yield Written(story.front.path, (), story.body_line, html_text(story.html), rendered=True)
        return
    for at, text in _walk(record, ()):
        yield Written(record.path, at, 0, text)


def _walk(value: object, at: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, Record) and at:
        return  # a reference: the record it names is printed, and checked, on its own
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_PRINTED:
                yield from _walk(getattr(value, name), (*at, name))
    elif isinstance(value, tuple):
        for index, inner in enumerate(value):
            yield from _walk(inner, (*at, index))
    elif isinstance(value, str):
        yield at, value


def _problem(written: Written, char: str, root: Path, faces: str) -> Problem:
    line = written.line
    if not line and written.at:
        raw, _ = read_record(root / written.path, root)  # only now: to point at the line
        line = raw.lines.line(written.at) if raw is not None else 1
    return Problem(written.path, line, field_label(written.at) if written.at else "", _message(char, faces), "brochure-glyph",
                   subject=char)


def _message(char: str, fonts: str) -> str:
    return (f"字“{char}”（U+{ord(char):04X}）在成果汇编的字体（{fonts}）里没有，印出来会是空白方框或换成别的字体，"
            "所以没有生成成果汇编。请先核对这个字是否写错（如从别处复制来的乱码或异体字）；"
            "如确为村名等专名里的生僻字，请联系技术人员为成果汇编补充包含这个字的字体。")
