"""Text as the terms the index holds, and what a query matches: the rules the search page follows too.

Pagefind segments Chinese into words and matches a query by word prefix, so
茶 misses 油茶 and 乡村振兴 matches 乡村…振兴 far apart. Instead every run of
letters and digits becomes its character pairs (bigrams, as Lucene's CJK
analyzer indexes), one term per position, the run's last character alone
(which keeps the pairs of two runs from ever being adjacent); after them come
the page's other characters, each once (one that ends a run is already a term):

    油茶产业。茶园 -> 油茶 茶产 产业 业 茶园 园 | 油 茶 产

**Punctuation that does not end a run.** Quotation marks, 书名号, the 顿号,
middle dots and spaces sit inside phrases (“五星”支部, 《莱西》经验): they are
left out of a run instead of ending it, so 五星支部 finds “五星”支部. Any other
punctuation (，。：+ and line breaks) ends a run. A query word without
punctuation matches text with these marks anywhere between its characters; a
word with punctuation matches only where the text holds it as typed.

**Where a page matches.** A page's text is in two parts, its own text (which
starts with its title) and its tail (the names of other pages it lists, its
citations); the title is indexed once more. Each part's terms are spelt with
their own first letter, so one query finds the pages that hold it in their
title, in their own text or only in the tail, each with its own search:

    own text   pairs and single characters as above (first letter a–o)
    title      the same for the title, behind "t"
    tail       the same for the tail, behind "u"
    exact      "x" and the title's hash: the page whose title is the query
    pinyin     the title's Han characters: "qst" then each one's initial
               behind "q", then each one's reading behind "p" (pinyin.py)

A query of two or more characters is the exact phrase of its pairs at
consecutive positions (Pagefind's "quoted" search), found exactly where the
query occurs; one character is the exact term for that character. Nothing is
a prefix search: Pagefind's prefix search for a frequent character (村 starts
thousands of pairs) misses pages. Terms are spelt in ASCII letters, so
Pagefind's word segmentation (at build time) and the browser's (at search
time) leave them whole.

theme/static/js/search.js spells queries and matches text with the same rules; change both together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

LETTERS = "abcdefghijklmnopqrstuvwxyz"
WIDTH = 4  # letters per character: 26**4 covers every code point below U+6F910, past all CJK planes
LIMIT = len(LETTERS) ** WIDTH
# Inside a phrase, not between phrases (after folding: full-width spaces and quotes are ASCII by then).
TRANSPARENT = frozenset(" \t\u00a0\"'`“”‘’„‟〝〞〟「」『』《》〈〉«»‹›、·・‧•")
TITLE, TAIL, EXACT = "t", "u", "x"  # the first letter of each part's terms; the own text's are a–o
HASH_LETTERS = 7  # 26**7 > 2**32


def folded(text: str) -> Iterator[str]:
    """Characters as search compares them: NFKC (full-width digits are digits) and lower case."""
    for ch in text:
        yield from unicodedata.normalize("NFKC", ch).lower()


def is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN" and ord(ch) < LIMIT


def runs(text: str) -> Iterator[str]:
    """The runs of letters and digits; transparent marks are left out, anything else ends a run."""
    run: list[str] = []
    for ch in folded(text):
        if is_word_char(ch):
            run.append(ch)
        elif ch not in TRANSPARENT and run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def has_punctuation(word: str) -> bool:
    """Whether a query word must be found as typed (it holds something that is not a letter or digit)."""
    return any(not is_word_char(ch) for ch in folded(word))


def contains(text: str, word: str) -> bool:
    """Whether ``text`` holds the query word ``word`` (no spaces), as the search page decides."""
    needle = "".join(folded(word))
    if has_punctuation(word):
        return needle in "".join(folded(text))
    return needle in "".join(ch for ch in folded(text) if ch not in TRANSPARENT)


def matches(text: str, query: str) -> bool:
    """Whether ``text`` holds every word of ``query`` (words are separated by spaces)."""
    words = query.split()
    return bool(words) and all(contains(text, w) for w in words)


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


def part_terms(text: str, mark: str = "", known: Iterable[str] = ()) -> list[str]:
    """The terms of one part of a page: pairs in order, then each character once that is not a term already
    (nor in ``known``, the characters the own text lists: a character found there is not looked for again)."""
    pairs: list[str] = []
    chars: dict[str, None] = {}
    finals: set[str] = set(known)
    for run in runs(text):
        pairs += terms(run)
        chars.update(dict.fromkeys(run))
        finals.add(run[-1])
    # Pagefind holds each term of each page in memory while it indexes (30 % of its peak), so none is listed twice.
    return [mark + t for t in pairs + [spell(ch) for ch in chars if ch not in finals]]


def key(text: str) -> str:
    """What a title and a query are compared by for "the page whose title this is"."""
    return "\n".join(runs(text))


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def exact_term(text: str) -> str:
    n, out = fnv1a(key(text)), []
    for _ in range(HASH_LETTERS):
        n, digit = divmod(n, len(LETTERS))
        out.append(LETTERS[digit])
    return EXACT + "".join(reversed(out))


def indexed(text: str) -> str:
    """The content Pagefind indexes for ``text`` as a page's own text (no title, tail or pinyin)."""
    return " ".join(part_terms(text))


def query(run: str, mark: str = "") -> str:
    """The Pagefind query finding every page whose part ``mark`` holds ``run`` (one run, as from ``runs``)."""
    return '"' + " ".join(mark + t for t in (terms(run)[:-1] or [spell(run)])) + '"'
