"""How much work a story body asks of Python-Markdown, measured before it is rendered.

Python-Markdown parses nested blocks by recursion: a list nested a few hundred levels deep (or
``- - - … x`` on one line) ends in RecursionError. Its link patterns look for the ``]`` that closes each
``[`` by walking the rest of the paragraph in Python: a few thousand unclosed ``[`` in a long paragraph,
or ``[[[…]]]`` nested as deep, take minutes. A story needs neither: three levels of lists and a handful
of links. Both are measured here in a pass of regular expressions over the text, and a body past either
limit is reported at its line instead of rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Blockquotes, list items and steps of indentation a line may open. A story uses three or four, code a
# few more steps of indentation; Python-Markdown runs out of recursion past two hundred.
MAX_DEPTH = 50
# Characters Python-Markdown's link patterns may walk looking for closing brackets (~0.5 µs each):
# a story with dozens of links uses a few thousand.
MAX_BRACKET_WALK = 1_000_000

_TAB = 4  # Python-Markdown's indentation per level
# The start of a line made only of what may open blocks: spaces, ">", list markers. A line can be
# MAX_DEPTH deep only if this run is at least MAX_DEPTH characters long, so only such lines are measured.
_LONG_PREFIX = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_DEPTH},}}", re.M)
_OPENER = re.compile(r">|(?:[-+*]|\d+[.)])(?=[ \t]|$)")
_BRACKET = re.compile(r"[\[\]]|\n[ \t]*\n")


@dataclass(frozen=True)
class TooMuch:
    """Where a body asks too much (an offset into it) and what."""

    offset: int
    what: str  # "depth" or "brackets"


def measure(body: str) -> TooMuch | None:
    return _too_deep(body) or _too_many_brackets(body)


def _too_deep(body: str) -> TooMuch | None:
    for prefix in _LONG_PREFIX.finditer(body):
        if _depth(prefix.group()) > MAX_DEPTH:
            return TooMuch(prefix.start(), "depth")
    return None


def _depth(prefix: str) -> int:
    """How many blocks a line's prefix may open: each ">" and list marker, and each step of indentation."""
    openers = _OPENER.findall(prefix)
    spaces = prefix.count(" ") + _TAB * prefix.count("\t")
    return len(openers) + spaces // _TAB


def _too_many_brackets(body: str) -> TooMuch | None:
    """The walk is the distance from each "[" to its "]", or to the end of its paragraph when it has none."""
    if body.count("[") * len(body) <= MAX_BRACKET_WALK:  # nearly every story: no need to look closer
        return None
    walk, opened = 0, []
    for found in _BRACKET.finditer(body):
        mark = found.group()
        if mark == "[":
            opened.append(found.start())
            continue
        if mark == "]":
            if not opened:
                continue
            start = opened.pop()
            walk += found.start() - start
        else:  # a blank line: the paragraph ends, and with it every search for a "]"
            walk += sum(found.start() - start for start in opened)
            start, opened = (opened[0] if opened else found.start()), []
        if walk > MAX_BRACKET_WALK:
            return TooMuch(start, "brackets")
    walk += sum(len(body) - start for start in opened)
    return TooMuch(opened[0], "brackets") if walk > MAX_BRACKET_WALK else None
