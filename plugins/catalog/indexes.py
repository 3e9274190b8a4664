"""Indexes over the Catalog: pure functions, computed once per build.

They give every page its links in both directions: a county lists its
villages, cases, routes and initiatives; a village lists the cases and routes
that mention it; an initiative lists its villages, cases and counties; a
source lists everything that cites it.
"""

from __future__ import annotations

import functools
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from .catalog import Catalog
from .kind import KINDS
from .kinds.places import county_of, lineage, listed_under
from .order import ordered
from .records.model import Case, Initiative, Record, Region, Route, Source, Village

__all__ = ["Links", "RegionContent", "build_links", "cited_sources", "county_of", "lineage", "related_cases", "roots"]


@dataclass(frozen=True)
class RegionContent:
    """Everything located in a region or anywhere below it."""

    villages: tuple[Village, ...] = ()
    cases: tuple[Case, ...] = ()
    routes: tuple[Route, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    # Kinds besides these four (kinds/: Kind.placed), each (kind name, its records here), in the kinds' order.
    more: tuple[tuple[str, tuple[Any, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.villages or self.cases or self.routes or self.initiatives or self.more)


@dataclass(frozen=True)
class Links:
    children: Mapping[str, tuple[Region, ...]]
    in_region: Mapping[str, RegionContent]
    village_cases: Mapping[str, tuple[Case, ...]]
    village_routes: Mapping[str, tuple[Route, ...]]
    initiative_villages: Mapping[str, tuple[Village, ...]]
    initiative_cases: Mapping[str, tuple[Case, ...]]
    initiative_areas: Mapping[str, tuple[Region, ...]]
    initiative_children: Mapping[str, tuple[Initiative, ...]]
    citations: Mapping[str, tuple[Record, ...]]
    # Every village, case, route, initiative and source, kind by kind in its kind's order (what the lists show).
    everything: Mapping[str, tuple[Record, ...]]

    def region(self, region: Region) -> RegionContent:
        return self.in_region.get(region.id, RegionContent())


def roots(catalog: Catalog) -> tuple[Region, ...]:
    return ordered(r for r in catalog.regions.values() if r.parent is None)


class _Ranks:
    """Each record's place in its kind's order, worked out once: sorting by it is sorting by the kind's key.

    Only for kinds whose key ends with the id (a total order), and only for lists whose every item is
    in the catalog; anything else is sorted by ``ordered`` itself.
    """

    def __init__(self, catalog: Catalog):
        self._rank: dict[int, int] = {}
        self.everything = {kind.name: ordered(catalog.of(kind.name).values())
                           for kind in KINDS if kind.section is not None and kind.name != "regions"}
        for records in self.everything.values():
            self._rank.update((id(r), i) for i, r in enumerate(records))

    def ordered(self, items: Iterable[Any]) -> tuple[Any, ...]:
        unique = list({i.id: i for i in items}.values())
        rank = self._rank
        if not all(id(i) in rank for i in unique) or len({type(i) for i in unique}) > 1:
            return ordered(unique)
        return tuple(sorted(unique, key=lambda i: rank[id(i)]))


class Kept(Protocol):
    """What follows from one record alone, kept by record object between builds (pages.Derived)."""

    def get(self, record: Record, part: str, make: Callable[[], Any]) -> Any: ...


class _Anew:
    """Nothing kept: everything worked out for this build."""

    def get(self, record: Record, part: str, make: Callable[[], Any]) -> Any:
        return make()


def build_links(catalog: Catalog, kept_by: Kept | None = None) -> Links:
    """``kept_by``: where what follows from one record alone (the regions it is placed under, the sources it
    cites) is kept from build to build, so that ``invoke serve`` works it out only for records that changed."""
    ranks = _Ranks(catalog)
    kept = (kept_by or _Anew()).get
    in_region = {rid: _content(buckets, ranks) for rid, buckets in _placed(catalog, kept).items()}
    freeze = functools.partial(_freeze, ranks=ranks)
    return Links(
        children=freeze(_group((r.parent.id, r) for r in catalog.regions.values() if r.parent)),
        in_region=MappingProxyType(in_region),
        village_cases=freeze(_group((v.id, c) for c in catalog.cases.values() for v in c.villages)),
        village_routes=freeze(_group(_village_routes(catalog))),
        initiative_villages=freeze(_group((i.id, v) for v in catalog.villages.values() for i in v.initiatives)),
        initiative_cases=freeze(_group((i.id, c) for c in catalog.cases.values() for i in c.initiatives)),
        initiative_areas=freeze(_group(_initiative_areas(catalog))),
        initiative_children=freeze(_group((i.parent.id, i) for i in catalog.initiatives.values() if i.parent)),
        citations=freeze(_group(_citations(catalog, kept))),
        everything=MappingProxyType(ranks.everything),
    )


def _placed(catalog: Catalog, kept: Callable[[Record, str, Callable[[], Any]], Any]
            ) -> dict[str, dict[str, list[Any]]]:
    """What lies in each region or below it, kind by kind, in the order found: an initiative also where its
    villages and cases lie."""
    placed: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def place(bucket: str, item: Any, areas: tuple[Region, ...]) -> None:
        for area in areas:
            placed[area.id][bucket].append(item)

    for kind in KINDS:
        if kind.placed:
            for record in catalog.of(kind.name).values():
                place(kind.name, record, kept(record, "areas", lambda r=record: listed_under(r)))
    for holder in (*catalog.villages.values(), *catalog.cases.values()):
        for initiative in holder.initiatives:
            place("initiatives", initiative, kept(holder, "areas", lambda h=holder: listed_under(h)))
    return placed


_FOUR = ("villages", "cases", "routes", "initiatives")  # RegionContent's own fields; other kinds go in ``more``


def _content(buckets: dict[str, list[Any]], ranks: _Ranks) -> RegionContent:
    more = tuple((k.name, ranks.ordered(buckets[k.name])) for k in KINDS if k.name not in _FOUR and k.name in buckets)
    return RegionContent(**{k: ranks.ordered(v) for k, v in buckets.items() if k in _FOUR}, more=more)


def _village_routes(catalog: Catalog) -> Iterable[tuple[str, Route]]:
    return ((s.village.id, r) for r in catalog.routes.values() for s in r.stops if s.village)


def _initiative_areas(catalog: Catalog) -> Iterable[tuple[str, Region]]:
    for initiative in catalog.initiatives.values():
        for region in initiative.regions:
            yield initiative.id, region
    for village in catalog.villages.values():
        for initiative in village.initiatives:
            yield initiative.id, village.county
    for case in catalog.cases.values():
        for initiative in case.initiatives:
            if case.county is not None:
                yield initiative.id, case.county


RELATED_CASES = 5
# What one shared village, initiative or county is worth when ranking related cases.
_WEIGHTS = {"village": 3, "initiative": 2, "county": 1}


class _CasesBy:
    """Each case listed under every village, initiative and county it names, once per catalog.

    Related cases are then found among the cases that share something, instead of
    by comparing every case with every other (quadratic: 2,000 cases were 4 million
    comparisons, a third of a rebuild).
    """

    def __init__(self, cases: Iterable[Case]) -> None:
        self.place: dict[str, int] = {}  # position in the catalog, the order ties were always kept in
        self.groups: defaultdict[tuple[str, str], list[Case]] = defaultdict(list)
        for position, case in enumerate(cases):
            self.place[case.id] = position
            for key in _shared_keys(case):
                self.groups[key].append(case)


def _shared_keys(case: Case) -> set[tuple[str, str]]:
    """(kind, id) of everything a case names that another case may share."""
    keys = {("village", v.id) for v in case.villages} | {("initiative", i.id) for i in case.initiatives}
    return keys | ({("county", case.county.id)} if case.county is not None else set())


_CASES_BY: dict[int, _CasesBy] = {}


def _cases_by(catalog: Catalog) -> _CasesBy:
    """Built on first use and dropped with its catalog (which is frozen, so it never goes stale)."""
    key = id(catalog)
    if key not in _CASES_BY:
        _CASES_BY[key] = _CasesBy(catalog.cases.values())
        weakref.finalize(catalog, _CASES_BY.pop, key, None)
    return _CASES_BY[key]


def related_cases(catalog: Catalog, case: Case) -> tuple[Case, ...]:
    """Other cases sharing the most villages, initiatives or county with this one; newest first on ties."""
    index = _cases_by(catalog)
    score: defaultdict[str, int] = defaultdict(int)
    found: dict[str, Case] = {}
    for key in _shared_keys(case):
        for other in index.groups.get(key, ()):
            score[other.id] += _WEIGHTS[key[0]]
            found[other.id] = other
    found.pop(case.id, None)
    ranked = sorted(found.values(), key=lambda o: (-score[o.id], index.place[o.id]))
    return tuple(sorted(ranked[:RELATED_CASES], key=lambda o: (-score[o.id], -o.date.toordinal(), o.id)))


def cited_sources(record: Record) -> tuple[Source, ...]:
    """Every source a record cites, in itself or in its figures, honours and stops."""
    fields = type(record).model_fields  # asked first: a missing attribute costs pydantic an exception
    field = lambda name, empty=(): getattr(record, name) if name in fields else empty  # noqa: E731
    found: list[Source] = list(field("sources"))
    found += [f.source for f in field("figures")]
    found += [t.source for t in field("titles")]
    for stop in field("stops"):
        found += stop.sources
    if field("published_in", None) is not None:
        found.append(record.published_in)
    return tuple({s.id: s for s in found}.values())


def _citations(catalog: Catalog, kept: Callable[..., Any]) -> Iterable[tuple[str, Record]]:
    for kind in KINDS:
        if kind.name in ("sources", "pages"):
            continue
        for record in catalog.of(kind.name).values():
            for source in kept(record, "cited", lambda record=record: cited_sources(record)):
                yield source.id, record


def _group(pairs: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _freeze(grouped: dict[str, list[Any]], ranks: _Ranks) -> Mapping[str, tuple[Any, ...]]:
    return MappingProxyType({k: _ordered_mixed(v, ranks) for k, v in grouped.items()})


def _ordered_mixed(items: list[Any], ranks: _Ranks) -> tuple[Any, ...]:
    """Order a list that may mix kinds (citations): kind by kind, each in its own order."""
    by_kind: dict[type, list[Any]] = defaultdict(list)
    for item in items:
        by_kind[type(item)].append(item)
    return tuple(x for kind in by_kind for x in ranks.ordered(by_kind[kind]))
