"""Content checks: what government sites are judged by, run before anything is published.

Placeholders, personal data, wrong wordings and duplicate titles are found in every YAML field, every line of every story and every
image's alt text. Problems carry rule ids; content rules may be waived only in
the record itself (waivers.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..records.model import Record
from ..records.problems import Problem
from ..records.refs import Registry
from ..records.validate import RawRecord
from ..stories import ParsedStory
from .duplicates import duplicate_titles
from .personal import Finding, find_personal
from .texts import TextSpan, body_texts, record_values, span_at
from .waivers import apply_waivers
from .wording import Hit, Wording, load_wording

__all__ = ["FileTexts", "check_content", "load_wording", "text_problems"]


def text_problems(span: TextSpan, wording: Wording) -> Iterator[Problem]:
    return _problems(span, _hits(span.text, wording))


def _hits(text: str, wording: Wording) -> list[Hit | Finding]:
    return [*wording.find(text), *find_personal(text)]


def _problems(span: TextSpan, hits: list[Hit | Finding]) -> Iterator[Problem]:
    for hit in hits:
        yield Problem(span.path, span.line, span.field, hit.message, hit.rule, subject=hit.text)


class FileTexts:
    """The text problems of one file at a time: a record's values, or a story's front matter and body.

    They depend only on the file and the wording table, so incremental/reading.py keeps them by content.
    """

    def __init__(self, wording: Wording):
        self.wording = wording

    def of_record(self, raw: RawRecord) -> list[Problem]:
        return _record_problems(raw, self.wording)

    def of_story(self, story: ParsedStory) -> list[Problem]:
        return _record_problems(story.front, self.wording) + [p for span in body_texts(story)
                                                              for p in text_problems(span, self.wording)]


def _record_problems(raw: RawRecord, wording: Wording) -> list[Problem]:
    found: list[Problem] = []
    for at, text in record_values(raw):
        hits = _hits(text, wording)
        if hits:  # only then is it worth working out the line and the field's name
            found += _problems(span_at(raw, at, text), hits)
    return found


def check_content(raw: Iterable[RawRecord], stories: Iterable[ParsedStory], records: list[Record],
                  registry: Registry, kind_of: dict[type, str], wording: Wording,
                  photo_problems: Iterable[Problem] = (), texts: FileTexts | None = None) -> list[Problem]:
    texts = texts or FileTexts(wording)
    found = [p for r in raw for p in texts.of_record(r)] + [p for st in stories for p in texts.of_story(st)]
    found += list(photo_problems)
    found += duplicate_titles(records, registry, kind_of)
    return apply_waivers(found, records, registry, kind_of)
