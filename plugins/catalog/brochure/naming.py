"""What the records of a wider area say of a county: a case or initiative of 青岛市 naming 莱西市.

A county's brochure also holds the cases and initiatives of the areas above it (or of no area) that name it
(its name, or its name without 市/县/区/旗), are about one of its villages, or have a part carried out there
(scope.Selection.named).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..indexes import Links, lineage
from ..records.model import Case, Initiative, Level, Record, Region
from ..site import Site


def naming(areas: tuple[Region, ...], site: Site, cases: set[str],
           initiatives: set[str]) -> dict[tuple[type, str], tuple[Record, Region]]:
    """The cases and initiatives of a wider area that name one of ``areas`` (its name, or its name without
    市/县/区), are about one of its villages, or have a part carried out there; with the area they name."""
    found: dict[tuple[type, str], tuple[Record, Region]] = {}
    for area in areas:
        if area.kind is not Level.COUNTY:
            continue  # a city's brochure holds its counties' records already; the wider ones are the province's
        county = _County.of(area, site.links)
        for case in site.catalog.cases.values():
            if case.id not in cases and county.named_by_case(case):
                found.setdefault((Case, case.id), (case, area))
        for initiative in site.catalog.initiatives.values():
            if (initiative.id not in initiatives and initiative.id not in county.here
                    and county.named_by_initiative(initiative, site.links)):
                found.setdefault((Initiative, initiative.id), (initiative, area))
    return found


@dataclass(frozen=True)
class _County:
    """A county asked for, as the records of a wider area may name it."""

    above: frozenset[str]  # the regions it lies in
    words: frozenset[str]  # its name, and its name without 市/县/区/旗
    villages: frozenset[str]
    here: frozenset[str]  # the initiatives carried out in it

    @classmethod
    def of(cls, area: Region, links: Links) -> _County:
        words = {area.name} | ({area.name[:-1]} if len(area.name) > 2 and area.name[-1] in "市县区旗" else set())
        return cls(frozenset(r.id for r in lineage(area)[:-1]), frozenset(words),
                   frozenset(v.id for v in links.region(area).villages),
                   frozenset(i.id for i in links.region(area).initiatives))

    def named_by_case(self, case: Case) -> bool:
        """A case of a wider area (or of none) about one of its villages, or naming it."""
        if case.county is not None and case.county.id not in self.above:
            return False
        return bool({v.id for v in case.villages} & self.villages
                    or _names(self.words, case.title, case.summary or "", _story_text(case)))

    def named_by_initiative(self, initiative: Initiative, links: Links) -> bool:
        """An initiative of a wider area (or of none) with a part carried out in it, or naming it."""
        if initiative.regions and not all(r.id in self.above for r in initiative.regions):
            return False
        parts = {p.id for p in links.initiative_children.get(initiative.id, ())}
        return bool(parts & self.here or _names(self.words, *_initiative_texts(initiative)))


def _names(words: Iterable[str], *texts: str) -> bool:
    return any(word in text for text in texts for word in words)


def _story_text(case: Case) -> str:
    return re.sub(r"<[^>]+>", "", case.body)


def _initiative_texts(initiative: Initiative) -> list[str]:
    texts = [initiative.name, initiative.short_name or "", initiative.summary]
    for measure in initiative.measures:
        texts += [measure.title, measure.text or "", *measure.items]
    texts += [f"{f.label}{f.scope or ''}{f.note or ''}" for f in initiative.figures]
    return texts
