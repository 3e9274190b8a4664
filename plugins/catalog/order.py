"""How things are sorted: one rule per kind, used by every page and index.

Chinese names sort by pinyin, as readers expect in a list; regions sort by
official division code, which follows the administrative order.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from .pinyin import syllables
from .records.model import Case, Initiative, Region, Route, Source, Village

T = TypeVar("T")


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, str]:
    # The text itself breaks ties between homophones, so the order is total.
    return " ".join(syllables(text)), text


def region_key(region: Region) -> tuple:
    return (region.code is None, region.code or "", pinyin_key(region.name))


def village_key(village: Village) -> tuple:
    return (pinyin_key(village.name), village.id)


def case_key(case: Case) -> tuple:
    # Newest first; the date is the story's own, never the build time.
    return (-case.date.toordinal(), pinyin_key(case.title), case.id)


def initiative_key(initiative: Initiative) -> tuple:
    # Parts keep the order their source lists them in; the rest sort by name.
    order = initiative.order if initiative.order is not None else float("inf")
    return (initiative.level.rank, order, pinyin_key(initiative.name), initiative.id)


def route_key(route: Route) -> tuple:
    return (pinyin_key(route.name), route.id)


def source_key(source: Source) -> tuple:
    return (pinyin_key(source.publisher), pinyin_key(source.title), source.id)


_KEYS = {Region: region_key, Village: village_key, Case: case_key, Initiative: initiative_key, Route: route_key,
         Source: source_key}


def ordered(items: Iterable[T]) -> tuple[T, ...]:
    """Items of one kind, in that kind's order, without duplicates."""
    unique = {i.id: i for i in items}.values()
    if not unique:
        return ()
    first = next(iter(unique))
    return tuple(sorted(unique, key=_KEYS[type(first)]))
