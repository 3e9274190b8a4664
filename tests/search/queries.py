"""The committed query set and how a query's results are scored against the truth."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).resolve().parent / "queries.yml"


def load_queries() -> list[str]:
    by_length = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return [str(q) for length in sorted(by_length) for q in by_length[length]]


@dataclass(frozen=True)
class Score:
    query: str
    expected: int  # pages whose text contains the query
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


def score(query: str, returned: Iterable[str], texts: Mapping[str, str]) -> Score:
    """``texts`` maps each page's URL to its text; the truth is every page whose text contains ``query``."""
    expected = {url for url, text in texts.items() if query in text}
    got = set(returned)
    return Score(query, len(expected), len(got), len(got & expected))
