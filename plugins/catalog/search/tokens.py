"""Text as the terms the index holds: character pairs at their positions, then each character once.

Pagefind segments Chinese into words and matches a query by word prefix, so
茶 misses 油茶 and 乡村振兴 matches 乡村…振兴 far apart. Instead every run of
letters and digits becomes its character pairs (bigrams, as Lucene's CJK
analyzer indexes), one term per position, the run's last character alone
(which keeps the pairs of two runs from ever being adjacent); after them come
the page's other characters, each once (one that ends a run is already a term):

    油茶产业。茶园 -> 油茶 茶产 产业 业 茶园 园 | 油 茶 产

A query of two or more characters is the exact phrase of its pairs at
consecutive positions (Pagefind's "quoted" search), found exactly where the
query occurs; one character is the exact term for that character. Nothing is
a prefix search: Pagefind's prefix search for a frequent character (村 starts
thousands of pairs) misses pages. Terms are spelt in ASCII letters, so
Pagefind's word segmentation (at build time) and the browser's (at search
time) leave them whole.

theme/static/js/search.js spells queries with the same rules; change both together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

LETTERS = "abcdefghijklmnopqrstuvwxyz"
WIDTH = 4  # letters per character: 26**4 covers every code point below U+6F910, past all CJK planes
LIMIT = len(LETTERS) ** WIDTH


def folded(text: str) -> Iterator[str]:
    """Characters as search compares them: NFKC (full-width digits are digits) and lower case."""
    for ch in text:
        yield from unicodedata.normalize("NFKC", ch).lower()


def is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN" and ord(ch) < LIMIT


def runs(text: str) -> Iterator[str]:
    """The runs of letters and digits; anything else (spaces, punctuation) ends a run."""
    run: list[str] = []
    for ch in folded(text):
        if is_word_char(ch):
            run.append(ch)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def spell(ch: str) -> str:
    """A character as WIDTH letters: its code point in base 26."""
    n, out = ord(ch), []
    for _ in range(WIDTH):
        n, digit = divmod(n, len(LETTERS))
        out.append(LETTERS[digit])
    return "".join(reversed(out))


def terms(run: str) -> list[str]:
    """One term per character of a run: it and the next character, the last one alone."""
    spelt = [spell(ch) for ch in run]
    return [a + b for a, b in zip(spelt, spelt[1:])] + spelt[-1:]


def indexed(text: str) -> str:
    """The content Pagefind indexes for ``text``."""
    pairs: list[str] = []
    chars: dict[str, None] = {}
    finals: set[str] = set()
    for run in runs(text):
        pairs += terms(run)
        chars.update(dict.fromkeys(run))
        finals.add(run[-1])
    # Every character of the page is then a term of its own once: Pagefind holds each term of
    # each page in memory while it indexes (30 % of its peak), so none is listed twice.
    return " ".join(pairs + [spell(ch) for ch in chars if ch not in finals])


def query(run: str) -> str:
    """The Pagefind query finding every page whose text holds ``run`` (one run, as from ``runs``)."""
    return '"' + " ".join(terms(run)[:-1] or [spell(run)]) + '"'
