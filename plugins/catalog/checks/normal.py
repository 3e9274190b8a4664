"""Text as a reader sees it: the one normalisation every content match is made on.

A phone number typed in full-width digits (１３８…), or with a zero-width
space inside it, looks to a reader like any other, and must be found like one.
So before the personal-data, placeholder and wrong-word checks and the
duplicate-name check, text goes through ``normalise``: invisible characters
(format controls such as zero-width spaces, bidi controls and the BOM, and
variation selectors) are removed, then NFKC folds full-width and compatibility
forms into their ordinary ones. Removal comes first so that a character split
from its accent by an invisible one is composed with it again.

Messages quote what was typed, so ``Normalised`` keeps the way back from an
offset in the normal text to the typed text; it is worked out only for a text
that has a problem, as nearly every text has none.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode's format characters (category Cf; tests/test_checks.py holds this list to the running Unicode
# database), the combining grapheme joiner, Hangul fillers and variation selectors: nothing a reader sees.
_INVISIBLE_IN_BMP = ("\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
                     "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff"
                     "\uffa0\ufff9-\ufffb")
INVISIBLE = re.compile(f"[{_INVISIBLE_IN_BMP}\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                       "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
# The controls that reorder how text is shown (a name could read backwards from how it is stored).
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMES = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不换行", "\ufeff": "字节顺序标记",
    "\u00ad": "软连字符", "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u061c": "阿拉伯字母标记",
    "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向格式结束", "\u202d": "从左到右覆盖",
    "\u202e": "从右到左覆盖", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离", "\u2068": "方向隔离",
    "\u2069": "方向隔离结束",
}
# Full-width ASCII forms and the ideographic space: nearly all that NFKC changes in Chinese text (，：（）…), each
# one character for one. NFKC(text) is NFKC(text with these folded), each being its own NFKC decomposition, and
# once the common ones are folded (by str.replace, which is quick) a text is nearly always in normal form already,
# which is checked in one pass: ten times faster than NFKC over a whole story (it decomposes and composes every
# character of a text not in normal form).
_WIDE = re.compile("[\u3000\uff01-\uff5e]+")
_WIDE_FOLDED = {c: unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}
_COMMON_WIDE = tuple((wide, _WIDE_FOLDED[ord(wide)]) for wide in "，：（）；！？\u3000")
# INVISIBLE is slow to scan for (its astral ranges); these two say quickly whether it need be.
_INVISIBLE_BMP = re.compile(f"[{_INVISIBLE_IN_BMP}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Hangul vowel and final jamo compose with the syllable before them, as combining marks do.
_JAMO_FOLLOWERS = re.compile("[\u1161-\u11ff\ud7b0-\ud7ff]")


def normalise(text: str) -> str:
    """``text`` as it is matched: invisible characters removed, then NFKC."""
    if text.isascii():  # nearly every identifier and number: nothing to fold or remove
        return text
    if has_invisible(text):
        text = INVISIBLE.sub("", text)
    for wide, folded in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, folded)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", _WIDE.sub(_fold_wide, text))


def _fold_wide(match: re.Match[str]) -> str:
    return match.group().translate(_WIDE_FOLDED)


def has_invisible(text: str) -> bool:
    return not text.isascii() and (_INVISIBLE_BMP.search(text) is not None
                                   or (_ASTRAL.search(text) is not None and INVISIBLE.search(text) is not None))


def invisible(text: str) -> list[str]:
    """The invisible characters in ``text``, each once, in order."""
    return list(dict.fromkeys(INVISIBLE.findall(text))) if has_invisible(text) else []


def describe(char: str) -> str:
    """How a message names an invisible character: ``U+200B（零宽空格）``."""
    name = _NAMES.get(char, "不可见的格式字符")
    return f"U+{ord(char):04X}（{name}）"


class Normalised:
    """A text as typed and as matched, with the way back from an offset in one to the other."""

    __slots__ = ("typed", "text", "_starts", "_ends")

    def __init__(self, typed: str):
        self.typed = typed
        self.text = normalise(typed)
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The typed text's offsets of ``text[start:end]``."""
        if self.text is self.typed or self.text == self.typed:
            return start, end
        if self._starts is None:
            self._starts, self._ends = _offsets(self.typed, self.text)
        if start >= end:
            at = self._starts[start] if start < len(self._starts) else len(self.typed)
            return at, at
        return self._starts[start], self._ends[end - 1]

    def shown(self, start: int, end: int) -> str:
        """What was typed for ``text[start:end]``, invisible characters left out (they cannot be quoted)."""
        first, last = self.origin(start, end)
        return INVISIBLE.sub("", self.typed[first:last])

    def hidden(self, start: int, end: int) -> list[str]:
        """The invisible characters typed within ``text[start:end]``."""
        first, last = self.origin(start, end)
        return invisible(self.typed[first:last])


def _offsets(typed: str, text: str) -> tuple[list[int], list[int]]:
    """For each character of ``text`` (= normalise(typed)), where the typed character(s) it came from start and end.

    Each visible character with the combining marks after it is folded on its own; when that does not give
    ``text`` (a rare composition across such pieces), every character maps to the whole typed text."""
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[tuple[int, int]] = []  # (start, end) of each piece of typed text folded on its own
    for index, char in enumerate(typed):
        if INVISIBLE.match(char):
            continue
        if pieces and (unicodedata.combining(char) or _JAMO_FOLLOWERS.match(char)):
            pieces[-1] = (pieces[-1][0], index + 1)
        else:
            pieces.append((index, index + 1))
    for first, last in pieces:
        folded = unicodedata.normalize("NFKC", INVISIBLE.sub("", typed[first:last]))
        starts += [first] * len(folded)
        ends += [last] * len(folded)
    if len(starts) != len(text) or "".join(
            unicodedata.normalize("NFKC", INVISIBLE.sub("", typed[f:e])) for f, e in pieces) != text:
        return [0] * len(text), [len(typed)] * len(text)
    return starts, ends
