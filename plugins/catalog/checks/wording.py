"""The curated table of wrong wordings and placeholders (rules/wording.yml), applied to any text.

The table is data staff can extend; it is validated like a record. Wrong
wordings are found in one pass with an Aho-Corasick automaton, so the cost
does not grow with the number of rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import ahocorasick
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from ..records.load import load_yaml
from ..records.messages import problems_from
from ..records.problems import Problem
from ..records.types import Text


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:  # reported with its line, like any other bad value
        raise PydanticCustomError("value-regex", "正则表达式写错了：{error}。", {"error": str(error)}) from None
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


@dataclass(frozen=True)
class Hit:
    rule: str
    text: str
    message: str


class Wording:
    """Matches a table against text; build once per run."""

    def __init__(self, rules: WordingRules):
        self.rules = rules
        self._automaton = ahocorasick.Automaton()
        for correction in rules.corrections:
            self._automaton.add_word(correction.wrong, correction)
        if rules.corrections:
            self._automaton.make_automaton()
        self._placeholders = [(re.compile(p.pattern), p) for p in rules.placeholders]
        # One scan says whether any placeholder is there at all (in nearly every text none is).
        self._any_placeholder = _either(p.pattern for p in rules.placeholders)

    def find(self, text: str) -> Iterator[Hit]:
        if self.rules.corrections:
            for end, correction in self._automaton.iter(text):
                start = end - len(correction.wrong) + 1
                before = correction.unless_before
                if before and text[max(0, start - len(before)):start] == before:
                    continue
                yield Hit("wording", correction.wrong, f"“{correction.wrong}”应为“{correction.right}”"
                          + (f"：{correction.note}" if correction.note else "") + "。")
        if self._any_placeholder is not None and not self._any_placeholder.search(text):
            return
        for pattern, placeholder in self._placeholders:
            # One problem per kind of placeholder in a text, naming every occurrence with the word it stands for.
            shown = list(dict.fromkeys(text[m.start():m.end() + 1] if m.end() - m.start() == 1 else m.group(0)
                                       for m in pattern.finditer(text)))
            if shown:
                quoted = "".join(f"“{s}”" for s in shown)
                yield Hit("placeholder", shown[0], f"有未完成的占位写法{quoted}：{placeholder.note}。")


def _either(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern that matches where any of ``patterns`` does; None when there are none, or they cannot be joined
    (a pattern with its own flags), and each must then be tried."""
    joined = "|".join(f"(?:{p})" for p in patterns)
    if not joined:
        return None
    try:
        return re.compile(joined)
    except re.error:
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
