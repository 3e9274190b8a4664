"""Heading numbers as Chinese official documents write them: 一、 （一） 1. （1）.

GB/T 9704 fixes the four levels of a document's structure in this order;
the brochure's chapters, sections, entries and sub-entries use them alike.
"""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"
LEVELS = 4


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, as counted aloud."""
    if not 0 < n < 10000:
        raise ValueError(f"cannot write {n} as a heading number")
    text = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            text += ("零" if zero and text else "") + DIGITS[digit] + unit
            zero = False
        elif text:
            zero = True
    # 十二, not 一十二: the leading 一 of the tens is not said when nothing comes before it.
    return text[1:] if text.startswith("一十") else text


def heading_number(level: int, n: int) -> str:
    """The number of the ``n``-th heading at ``level`` (1–4), with its punctuation."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"official documents number {LEVELS} heading levels, not {level}")
