"""Every piece of text a reader could see, with where it is written: the unit all text checks read.

YAML fields are walked as typed (so a problem points at the key's line);
Markdown bodies line by line as typed, image alt text part of its line (what the
brochure's glyph check reads). The content checks read a body as it reads on the
page instead, paragraph by paragraph (body.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..records.load import field_label
from ..records.validate import RawRecord
from ..stories import ParsedStory

# Identifiers and addresses, not prose: ids, codes, URLs and file names; and waivers, which are never
# published and quote the very text they waive (checked there, a waiver would always find its own text).
SKIP_FIELDS = frozenset({"url", "code", "slug", "file", "rule", "status", "waive"})


@dataclass(frozen=True)
class TextSpan:
    path: str
    line: int
    field: str  # "" for a story's body
    text: str


def record_texts(raw: RawRecord) -> Iterator[TextSpan]:
    return (span_at(raw, at, text) for at, text in record_values(raw))


def record_values(raw: RawRecord) -> Iterator[tuple[tuple, str]]:
    """Each text of a record with the keys leading to it, in the order written.

    The checks ask where a text is only when it has a problem (span_at): a
    province has a few hundred thousand texts and nearly all are fine."""
    stack: list[tuple[tuple, Any]] = [((), raw.data)]
    while stack:
        at, value = stack.pop()
        if isinstance(value, str):
            if value.strip():
                yield at, value
        elif isinstance(value, dict):
            stack += reversed([((*at, key), inner) for key, inner in value.items() if key not in SKIP_FIELDS])
        elif isinstance(value, list):
            stack += reversed([((*at, index), inner) for index, inner in enumerate(value)])


def span_at(raw: RawRecord, at: tuple, text: str) -> TextSpan:
    return TextSpan(raw.path, raw.lines.line(at), field_label(at), text)


def story_texts(story: ParsedStory) -> Iterator[TextSpan]:
    yield from record_texts(story.front)
    yield from body_texts(story)


def body_texts(story: ParsedStory) -> Iterator[TextSpan]:
    in_code = False
    for offset, line in enumerate(story.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if line.strip() and not in_code:
            yield TextSpan(story.front.path, story.body_line + offset, "", line)
