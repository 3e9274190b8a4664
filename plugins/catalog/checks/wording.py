"""The curated table of wrong wordings and placeholders (rules/wording.yml), applied to any text.

The table is data staff can extend; it is validated like a record. Wrong
wordings are found in one pass with an Aho-Corasick automaton, so the cost
does not grow with the number of rules. Both are matched in the normal text
(normal.py), and the table is folded the same way when it is loaded.

Placeholder patterns are regular expressions anyone may add to, and every text
of the site passes through them, so they are matched by RE2, whose time grows
only with the length of the text: a pattern such as ``(啊+)+$``, which would
make a backtracking engine (Python's ``re``) run for minutes on one line, costs
no more than any other. RE2 has no lookarounds or backreferences; a pattern
using them is refused when the table is loaded, with its line and what to write
instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated

import ahocorasick
import re2
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from ..records.load import load_yaml
from ..records.messages import problems_from
from ..records.problems import Problem
from ..records.types import Text
from .hits import Hit
from .normal import Normalised, normalise

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a bad pattern is reported in Chinese with its line, not logged by RE2 in English
# What RE2 says is wrong (the start of its message), in the words of the staff guide.
_RE2_ERRORS = (
    ("missing )", "括号不成对，少了“)”"), ("missing closing )", "括号不成对，少了“)”"),
    ("unexpected )", "括号不成对，多了“)”"), ("missing ]", "方括号不成对，少了“]”"),
    ("bad repetition operator", "重复符号（* + ? {n}）用错了"),
    ("no argument for repetition operator", "重复符号（* + ? {n}）前面没有内容"),
    ("invalid repetition size", "重复次数写错了或太大（最多 1000）"),
    ("invalid escape sequence", "反斜杠“\\”后面的写法不认识"), ("trailing \\", "末尾多了一个反斜杠“\\”"),
    ("invalid character class range", "方括号里的字符范围写错了"), ("invalid named capture", "分组的名字写错了"),
    ("pattern too large", "表达式太大"), ("invalid perl operator", "有不支持的“(?…)”写法"),
)
# What anchors a pattern at a whole text's ends, not a line's (or may: a flag group turning multi-line off).
_WHOLE_TEXT = re.compile(r"\\[Az]|\(\?[a-zA-Z]*-[a-zA-Z]*m")
# Regular-expression syntax is ASCII; a character the normal form turns into one of these is meant literally.
_SYNTAX = frozenset("\\.^$|?*+()[]{}-")


def normal_pattern(pattern: str) -> str:
    """``pattern`` for matching the normal text: each literal character folded as the text is (so “（” finds
    “（” and “(” alike), and escaped where folding made it regular-expression syntax."""
    if pattern.isascii():
        return pattern
    return "".join(char if char.isascii() else "".join("\\" + c if c in _SYNTAX else c for c in normalise(char))
                   for char in pattern)


def compile_pattern(pattern: str) -> re2._Regexp:
    """The RE2 program of a placeholder pattern; raises the Chinese error a table's line is reported with."""
    try:
        return re2.compile(normal_pattern(pattern), _OPTIONS)
    except re2.error as error:
        said = error.args[0].decode("utf-8", "replace") if isinstance(error.args[0], bytes) else str(error.args[0])
    where = said.partition(": ")[2]
    if where.startswith(("(?=", "(?!", "(?<=", "(?<!")):
        raise PydanticCustomError("value-regex", "正则表达式用了前后查看（如“(?<!…)”“(?=…)”）。检查用的匹配方式"
                                  "不会被写法拖慢，但不支持这种写法。请改写：如用“\\b”表示前后不是英文字母或数字，"
                                  "或把后面跟着的字一起写进表达式（如“X[\\u4e00-\\u9fff]”）。")
    if re.fullmatch(r"\\[1-9]\d*", where) or "(?P=" in pattern:
        raise PydanticCustomError("value-regex", "正则表达式用了反向引用（如“\\1”“(?P=名字)”）。检查用的匹配方式"
                                  "不会被写法拖慢，但不支持这种写法。请把要重复的内容直接写出来。")
    what = next((chinese for start, chinese in _RE2_ERRORS if said.startswith(start)), "写法不对")
    raise PydanticCustomError("value-regex", "正则表达式写错了：{what}" + ("（在“{where}”处）" if where else "") + "。",
                              {"what": what, "where": where})


def _regex(value: str) -> str:
    compile_pattern(value)  # reported with its line, like any other bad value
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Correction(_Model):
    wrong: Text
    right: Text
    note: Text | None = None
    unless_before: Text | None = None  # not an error when preceded by this (党的 + 二十大)


class Placeholder(_Model):
    pattern: Annotated[Text, AfterValidator(_regex)]
    example: Text
    note: Text


class WordingRules(_Model):
    corrections: tuple[Correction, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()


class Wording:
    """Matches a table against text; build once per run."""

    def __init__(self, rules: WordingRules):
        self.rules = rules
        self._automaton = ahocorasick.Automaton()
        for correction in rules.corrections:
            wrong = normalise(correction.wrong)
            self._automaton.add_word(wrong, (wrong, normalise(correction.unless_before or ""), correction))
        if rules.corrections:
            self._automaton.make_automaton()
        self._placeholders = [(compile_pattern(p.pattern), p) for p in rules.placeholders]
        # One scan says whether any placeholder is there at all (in nearly every text none is); another, over
        # all of a file's texts a line each, which could hold one (``suspects``).
        self._any_placeholder = _either(p.pattern for p in rules.placeholders)
        lines_apart = all(not _WHOLE_TEXT.search(p.pattern) for p in rules.placeholders)
        self._any_in_lines = _either((p.pattern for p in rules.placeholders), "(?m)") if lines_apart else None

    def suspects(self, lines: str) -> Iterator[tuple[int, int]]:
        """Spans of ``lines`` (normal texts joined by line breaks) such that every text in which ``find`` finds
        anything overlaps one of them; the first says whether there is anything to look for at all.

        Each text is a line of its own there: a wrong wording does not hold a line break, and a placeholder
        pattern read with ^ and $ at every line's ends (``(?m)``) matches wherever it matches one text alone, or
        its match there overlaps that text; unless it anchors at the whole text's ends (\\A, \\z) or turns that
        reading off: then every text is suspect."""
        if self.rules.corrections:
            for end, (wrong, _, _) in self._automaton.iter(lines):
                yield end + 1 - len(wrong), end + 1
        if not self._placeholders:
            return
        if self._any_in_lines is None:
            yield 0, len(lines)
            return
        for match in self._any_in_lines.finditer(lines):
            yield match.span()

    def find(self, text: Normalised | str, where: Callable[[int], object] = lambda start: None) -> Iterator[Hit]:
        """The hits in ``text``; the occurrences of one placeholder kind make one hit for each ``where`` they
        start at (a body's passage: each line of the file)."""
        typed = text if isinstance(text, Normalised) else Normalised(text)
        normal_text = typed.text
        if self.rules.corrections:
            for end, (wrong, before, correction) in self._automaton.iter(normal_text):
                start = end - len(wrong) + 1
                if before and normal_text[max(0, start - len(before)):start] == before:
                    continue
                span = (start, end + 1)
                yield Hit("wording", (span,), (typed.shown(*span),),
                          f"“{typed.shown(*span)}”应为“{correction.right}”"
                          + (f"：{correction.note}" if correction.note else "") + "。")
        if self._any_placeholder is not None and not self._any_placeholder.search(normal_text):
            return
        for pattern, placeholder in self._placeholders:
            # One problem per kind of placeholder, naming every occurrence (as typed) once.
            found: dict[object, list[tuple[int, int]]] = {}
            for match in pattern.finditer(normal_text):
                if match.end() > match.start():
                    found.setdefault(where(match.start()), []).append(match.span())
            for spans in found.values():
                shown = tuple(dict.fromkeys(typed.shown(*span) for span in spans))
                quoted = "".join(f"“{s}”" for s in shown)
                yield Hit("placeholder", tuple(spans), shown, f"有未完成的占位写法{quoted}：{placeholder.note}。")


def _either(patterns: Iterable[str], flags: str = "") -> re2._Regexp | None:
    """A pattern that matches where any of ``patterns`` does; None when there are none, or it cannot be made."""
    joined = "|".join(f"(?:{normal_pattern(p)})" for p in patterns)
    if not joined:
        return None
    try:
        return re2.compile(flags + joined, _OPTIONS)
    except re2.error:  # too large as one program: each is then tried
        return None


def load_wording(file: Path, root: Path) -> tuple[Wording, list[Problem]]:
    rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.name
    if not file.exists():
        return Wording(WordingRules()), []
    loaded = load_yaml(file.read_text(encoding="utf-8"), rel)
    if loaded.problems:
        return Wording(WordingRules()), loaded.problems
    try:
        return Wording(WordingRules.model_validate(loaded.data or {})), []
    except ValidationError as error:
        return Wording(WordingRules()), problems_from(error, WordingRules, rel, loaded.lines)
