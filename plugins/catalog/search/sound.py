"""How a page's title sounds, for finding it by pinyin, and how characters sound, for "did you mean".

A title's reading comes from pypinyin at build time, which reads a
character by the words around it (长 in 延长 is cháng, 乐 in 乐亭 is lào);
``OVERRIDES`` corrects the few it reads wrongly in the site's names (each
found by the hand-checked table, tests/search/readings.yml). Tones are left
out: visitors type ``laixi`` far more often than ``láixī``, and a tone typed
wrongly (``lǎixī``) still finds 莱西.

A query of Latin letters only is tried as pinyin (search.js): full pinyin
(``laixi``, ``lai xi``), split into syllables every way it can be, finds the
titles with those syllables in a row; initials (``lx``, two or more) find the
titles one of whose runs of Han characters starts with them. ``pinyin_match``
is the rule, which the search page applies the same way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from pypinyin import Style, lazy_pinyin, pinyin

from .tokens import TRANSPARENT, folded

# Words pypinyin reads wrongly in the site's names, with their readings (checked by hand).
OVERRIDES: dict[str, tuple[str, ...]] = {
    "安全同行": ("an", "quan", "tong", "xing"),  # to go together (同行 tóngháng is a colleague)
    "消薄": ("xiao", "bo"),  # 消除薄弱村: 薄 as in 薄弱
    "长治": ("chang", "zhi"),  # 山西长治市 (pypinyin: zhǎng)
    "洪洞": ("hong", "tong"),  # 山西洪洞县 (pypinyin: dòng)
}
START = "qst"  # before each run of Han characters in a title's pinyin terms
SKIP, BREAK = ",", "|"  # a title character that is not read: inside a run (a quotation mark), or ending it
MAX_SEGMENTATIONS = 16
MIN_INITIALS = 2


def _syllable(reading: str) -> str:
    return reading if reading.isascii() and reading.isalpha() else ""


def reading(title: str) -> list[str]:
    """One token per character of ``title``: its syllable (no tone, ü as v), SKIP or BREAK."""
    spoken = [_syllable(r) for r in lazy_pinyin(title, style=Style.NORMAL, errors=lambda s: [""] * len(s))]
    for word, syllables in OVERRIDES.items():
        at = title.find(word)
        while at >= 0:
            spoken[at:at + len(word)] = syllables
            at = title.find(word, at + 1)
    tokens = []
    for ch, syllable in zip(title, spoken):
        if syllable:
            tokens.append(syllable)
        else:
            tokens.append(SKIP if all(c in TRANSPARENT for c in folded(ch)) else BREAK)
    return tokens


def han_runs(tokens: list[str]) -> Iterator[list[str]]:
    """The syllables of each run of Han characters (transparent marks inside a run are passed over)."""
    run: list[str] = []
    for token in tokens:
        if token == BREAK:
            if run:
                yield run
            run = []
        elif token != SKIP:
            run.append(token)
    if run:
        yield run


def pinyin_terms(tokens: list[str]) -> list[str]:
    """The index terms of a title's reading: per run, START and the initials, then the syllables."""
    out: list[str] = []
    for run in han_runs(tokens):
        out += [START] + ["q" + s[0] for s in run] + ["p" + s for s in run]
    return out


def typed_pinyin(query: str) -> list[str] | None:
    """The parts of a query typed in pinyin (lower case, no tones, ü as v), or None when it is not pinyin."""
    text = unicodedata.normalize("NFD", query.lower()).replace("u\u0308", "v").replace("u:", "v")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    parts = text.replace("'", " ").split()
    if not parts or not all(p.isascii() and p.isalpha() for p in parts):
        return None
    return parts


def segmentations(parts: list[str], syllables: frozenset[str]) -> list[list[str]]:
    """Every way (up to MAX_SEGMENTATIONS) the parts split into syllables, each part on its own."""
    found: list[list[str]] = [[]]
    for part in parts:
        ways: dict[int, list[list[str]]] = {0: [[]]}
        for end in range(1, len(part) + 1):
            ways[end] = [w + [part[start:end]] for start in range(max(0, end - 6), end)
                         if part[start:end] in syllables for w in ways.get(start, [])][:MAX_SEGMENTATIONS]
        found = [f + w for f in found for w in ways[len(part)]][:MAX_SEGMENTATIONS]
    return found


def pinyin_match(tokens: list[str], parts: list[str], syllables: frozenset[str]) -> bool:
    """Whether a title read as ``tokens`` is found by the pinyin query ``parts`` (the rule search.js follows)."""
    runs = list(han_runs(tokens))
    for seg in segmentations(parts, syllables):
        if any(run[i:i + len(seg)] == seg for run in runs for i in range(len(run) - len(seg) + 1)):
            return True
    letters = "".join(parts)
    return len(letters) >= MIN_INITIALS and any("".join(s[0] for s in run[:len(letters)]) == letters
                                                and len(run) >= len(letters) for run in runs)


def _gb2312() -> Iterator[str]:
    """The 6,763 characters of GB 2312, the ones a Chinese input method offers first."""
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                yield bytes((high, low)).decode("gb2312")
            except UnicodeDecodeError:
                continue


def syllables(table: dict[str, str]) -> frozenset[str]:
    """The syllables a typed query is split into: those with a vowel (not the interjections m, n, ng, hm)."""
    return frozenset(s for s in table if any(v in s for v in "aeiouv"))


def sounds(extra: Iterable[str]) -> dict[str, str]:
    """Every reading (no tones) of the common characters and of ``extra``: syllable -> the characters read so."""
    table: dict[str, set[str]] = {}
    for ch in sorted(set(_gb2312()) | {c for c in extra if "\u3400" <= c <= "\U0003134f"}):
        for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors=lambda s: [[]])[0] or []:
            if _syllable(r):
                table.setdefault(r, set()).add(ch)
    return {s: "".join(sorted(chars)) for s, chars in sorted(table.items())}
