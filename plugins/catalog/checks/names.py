"""Names and titles are what they look like: no invisible characters in them.

A right-to-left override (U+202E) makes a name show in another order than it
is stored, so a page can read differently from what was reviewed; a zero-width
space makes a name that looks like another a different one, in its web
address, in search and in the duplicate check. Neither is ever meant, so both
are refused where a name or title is written. Variation selectors are left
alone: a rare character in a name may need one to be shown right.
"""

from __future__ import annotations

from .normal import BIDI, describe, invisible

NAME_FIELDS = frozenset({"name", "title"})
_VARIATION_SELECTORS = frozenset(chr(c) for c in [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def name_problem(name: str) -> str | None:
    """What is wrong with a name as typed (a message), or None."""
    if name.isascii():
        return None
    found = [c for c in invisible(name) if c not in _VARIATION_SELECTORS]
    if not found:
        return None
    listed = "、".join(describe(c) for c in found)
    if any(c in BIDI for c in found):
        return (f"名称里有看不见的文字方向控制字符 {listed}：它让名称显示的顺序与实际保存的不同，不能使用。"
                "请删去这个名称，重新手工输入（不要从别处复制粘贴）。")
    return (f"名称里有看不见的字符 {listed}：看起来一样的名称会被当成不同的名称，也会带进网址和搜索。"
            "请删去这个名称，重新手工输入（不要从别处复制粘贴）。")
