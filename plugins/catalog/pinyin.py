"""The pinyin of a text, worked out once: lists sort by it (order.py) and URLs are spelt with it (urls.py).

pypinyin segments the text into words first, about 17 µs a name; a province
has some 20,000 names and file names. The worker that checks the texts of the
files just read (incremental/reading.py) works theirs out on the second core
while the first validates, and hands them over (``learn``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pypinyin import lazy_pinyin

_KNOWN: dict[str, tuple[str, ...]] = {}
_LIMIT = 200_000  # a long invoke serve forgets them all past this many: they are only a saving


def syllables(text: str) -> tuple[str, ...]:
    found = _KNOWN.get(text)
    if found is None:
        if len(_KNOWN) >= _LIMIT:
            _KNOWN.clear()
        found = _KNOWN[text] = tuple(lazy_pinyin(text))
    return found


def of_all(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    return {text: syllables(text) for text in texts}


def learn(known: dict[str, tuple[str, ...]]) -> None:
    """Take in what ``of_all`` worked out in another process."""
    _KNOWN.update(known)


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, str]:
    """Chinese names sort by pinyin, as readers expect in a list; the text itself breaks ties between homophones,
    so the order is total."""
    return " ".join(syllables(text)), text
