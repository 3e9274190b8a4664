"""Content checks: what government sites are judged by, run before anything is published.

Placeholders, personal data, wrong wordings and duplicate titles are found in
every YAML field, every paragraph of every story as it reads (body.py) and
every image's alt text, each matched in its normal form
(normal.py) and quoted as typed. Names and titles may hold no invisible
characters (names.py). Problems carry rule ids; content rules may be waived only
in the record itself, for the exact text named (waivers.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate, chain

from ..records.model import Record
from ..records.problems import Problem
from ..records.refs import Registry
from ..records.validate import RawRecord
from ..stories import ParsedStory
from .body import Passage, body_passages
from .duplicates import duplicate_titles
from .hits import Hit
from .names import NAME_FIELDS, name_problem
from .normal import Normalised, describe, normalise
from .personal import find_personal, personal_suspects
from .texts import TextSpan, record_values, span_at
from .waivers import apply_waivers
from .wording import Wording, load_wording

__all__ = ["FileTexts", "check_content", "load_wording", "text_problems"]


def text_problems(span: TextSpan, wording: Wording) -> Iterator[Problem]:
    typed = Normalised(span.text)
    return (_problem(span.path, span.line, span.field, hit, typed) for hit in _hits(typed, wording))


def _hits(typed: Normalised, wording: Wording, where: Callable[[int], object] = lambda start: None) -> list[Hit]:
    return [*wording.find(typed, where), *find_personal(typed)]


def _problem(path: str, line: int, field: str, hit: Hit, typed: Normalised) -> Problem:
    hidden = dict.fromkeys(char for span in hit.spans for char in typed.hidden(*span))
    note = f"文字中夹有看不见的字符 {'、'.join(map(describe, hidden))}，请一并删去。" if hidden else ""
    return Problem(path, line, field, hit.message + note, hit.rule, subject=hit.subject)


class FileTexts:
    """The text problems of one file at a time: a record's values, or a story's front matter and body.

    They depend only on the file and the wording table, so incremental/reading.py keeps them by content.
    """

    def __init__(self, wording: Wording):
        self.wording = wording

    def of_record(self, raw: RawRecord) -> list[Problem]:
        return _record_problems(raw, self.wording)

    def of_story(self, story: ParsedStory) -> list[Problem]:
        return _record_problems(story.front, self.wording) + _body_problems(story, self.wording)


def _suspects(texts: list[str], wording: Wording) -> list[int]:
    """Which of ``texts`` may have a problem: one pass over all of a file's texts, a line each, instead of one
    per text (a province has 170,000 texts per core, nearly all fine), and each text looked at alone only when
    a match in that pass overlaps it."""
    if next(_spans(normalise("\n".join(texts)), wording), None) is None:  # normalising keeps line breaks
        return []
    normal_texts = [normalise(text) for text in texts]
    starts = list(accumulate((len(text) + 1 for text in normal_texts[:-1]), initial=0))
    found: set[int] = set()
    for start, end in _spans("\n".join(normal_texts), wording):
        found.update(range(bisect_right(starts, start) - 1, bisect_right(starts, max(start, end - 1))))
    return sorted(found)


def _spans(lines: str, wording: Wording) -> Iterator[tuple[int, int]]:
    return chain(personal_suspects(lines), wording.suspects(lines))


def _record_problems(raw: RawRecord, wording: Wording) -> list[Problem]:
    values = list(record_values(raw))
    found: list[Problem] = []
    for index in _suspects([text for _, text in values], wording):
        at, text = values[index]
        typed = Normalised(text)
        hits = _hits(typed, wording)
        if hits:  # only then is it worth working out the line and the field's name
            span = span_at(raw, at, text)
            found += [_problem(span.path, span.line, span.field, hit, typed) for hit in hits]
    for at, text in values:
        wrong_name = name_problem(text) if at and at[-1] in NAME_FIELDS else None
        if wrong_name:
            span = span_at(raw, at, text)
            found.append(Problem(span.path, span.line, span.field, wrong_name, "name-invisible"))
    return found


def _body_problems(story: ParsedStory, wording: Wording) -> list[Problem]:
    passages = list(body_passages(story))
    found: list[Problem] = []
    for index in _suspects([passage.text for passage in passages], wording):
        passage = passages[index]
        typed = Normalised(passage.text)

        def line(start: int, passage: Passage = passage, typed: Normalised = typed) -> int:
            return passage.line_at(typed.origin(start, start + 1)[0])

        found += [_problem(story.front.path, line(hit.start), "", hit, typed) for hit in _hits(typed, wording, line)]
    return found


def check_content(raw: Iterable[RawRecord], stories: Iterable[ParsedStory], records: list[Record],
                  registry: Registry, kind_of: dict[type, str], wording: Wording,
                  photo_problems: Iterable[Problem] = (), texts: FileTexts | None = None) -> list[Problem]:
    texts = texts or FileTexts(wording)
    found = [p for r in raw for p in texts.of_record(r)] + [p for st in stories for p in texts.of_story(st)]
    found += list(photo_problems)
    found += duplicate_titles(records, registry, kind_of)
    return apply_waivers(found, records, registry, kind_of)
