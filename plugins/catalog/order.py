"""How things are sorted: each kind's one rule (Kind.sort_key, kinds/), used by every page and index.

Chinese names sort by pinyin, as readers expect in a list; regions sort by
official division code, which follows the administrative order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from .kind import KINDS
from .pinyin import pinyin_key

T = TypeVar("T")

__all__ = ["ordered", "pinyin_key"]


def ordered(items: Iterable[T]) -> tuple[T, ...]:
    """Items of one kind, in that kind's order, without duplicates."""
    unique = {i.id: i for i in items}.values()
    if not unique:
        return ()
    first = next(iter(unique))
    return tuple(sorted(unique, key=KINDS.of(first).sort_key))
