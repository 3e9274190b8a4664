"""Every piece of text a reader could see, with where it is written: the unit all text checks read.

YAML fields are walked as typed (so a problem points at the key's line);
Markdown bodies line by line; image alt text is part of its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..records.load import field_label
from ..records.validate import RawRecord
from ..stories import ParsedStory

# Identifiers and addresses, not prose: ids, codes, URLs and file names.
SKIP_FIELDS = frozenset({"url", "code", "slug", "file", "rule", "status"})


@dataclass(frozen=True)
class TextSpan:
    path: str
    line: int
    field: str  # "" for a story's body
    text: str


def record_texts(raw: RawRecord) -> Iterator[TextSpan]:
    yield from _walk(raw, raw.data, ())


def _walk(raw: RawRecord, value: Any, at: tuple) -> Iterator[TextSpan]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in SKIP_FIELDS:
                yield from _walk(raw, inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(raw, inner, (*at, index))
    elif isinstance(value, str) and value.strip():
        yield TextSpan(raw.path, raw.lines.line(at), field_label(at), value)


def story_texts(story: ParsedStory) -> Iterator[TextSpan]:
    yield from record_texts(story.front)
    in_code = False
    for offset, line in enumerate(story.body.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if line.strip() and not in_code:
            yield TextSpan(story.front.path, story.body_line + offset, "", line)
