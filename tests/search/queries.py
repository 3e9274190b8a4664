"""The committed query set, what each query should find, and how its results are scored against that."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from catalog.search.index import SearchRecord
from catalog.search.sound import pinyin_match, reading, sounds, syllables, typed_pinyin
from catalog.search.tokens import matches

QUERIES = Path(__file__).resolve().parent / "queries.yml"
# Each class is held to the bar on its own (tests/test_search.py).
CLASSES = ("phrases", "punctuation-inside", "punctuated", "pinyin", "initials", "ranking")


def _loaded() -> dict:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def load_queries() -> dict[str, list[str]]:
    """Each class's queries (the phrases by length, shortest first)."""
    loaded = _loaded()
    by_length = loaded["phrases"]
    return {"phrases": [str(q) for n in sorted(by_length) for q in by_length[n]],
            **{name: [str(q) for q in loaded[name]] for name in CLASSES[1:]}}


def load_slips() -> dict[str, str]:
    return {str(k): str(v) for k, v in _loaded()["slips"].items()}


class Truth:
    """What each query should find among ``records``: the rules of tokens.py and sound.py, from the records."""

    def __init__(self, records: Iterable[SearchRecord]) -> None:
        records = list(records)
        self.texts = {r.url: r.text + ("\n" + r.tail if r.tail else "") for r in records}
        self.readings = {r.url: reading(r.title) for r in records}
        self.syllables = syllables(sounds(()))

    def of(self, query: str) -> set[str]:
        found = {url for url, text in self.texts.items() if matches(text, query)}
        parts = None if any("\u3400" <= ch <= "\U0003134f" for ch in query) else typed_pinyin(query)
        if parts:
            found |= {url for url, tokens in self.readings.items() if pinyin_match(tokens, parts, self.syllables)}
        return found


@dataclass(frozen=True)
class Score:
    query: str
    expected: int  # pages the query should find
    returned: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.returned if self.returned else 1.0  # nothing returned: nothing wrong

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0  # nothing to find: nothing missed

    def __str__(self) -> str:
        return (f"{self.query}: 应有 {self.expected}，返回 {self.returned}，正确 {self.correct}"
                f"（P={self.precision:.3f} R={self.recall:.3f}）")


def score(query: str, returned: Iterable[str], expected: set[str]) -> Score:
    got = set(returned)
    return Score(query, len(expected), len(got), len(got & expected))

