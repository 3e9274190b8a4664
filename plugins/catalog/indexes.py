"""Indexes over the Catalog: pure functions, computed once per build.

They give every page its links in both directions: a county lists its
villages, cases, routes and initiatives; a village lists the cases and routes
that mention it; an initiative lists its villages, cases and counties; a
source lists everything that cites it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .catalog import Catalog
from .order import ordered
from .records.model import Case, Initiative, Level, Record, Region, Route, Source, Village


@dataclass(frozen=True)
class RegionContent:
    """Everything located in a region or anywhere below it."""

    villages: tuple[Village, ...] = ()
    cases: tuple[Case, ...] = ()
    routes: tuple[Route, ...] = ()
    initiatives: tuple[Initiative, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.villages or self.cases or self.routes or self.initiatives)


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

    def region(self, region: Region) -> RegionContent:
        return self.in_region.get(region.id, RegionContent())


def lineage(region: Region | None) -> tuple[Region, ...]:
    """The region and all above it, from the province down."""
    chain = []
    while region is not None:
        chain.append(region)
        region = region.parent
    return tuple(reversed(chain))


def village_area(village: Village) -> Region:
    return village.township or village.county


def county_of(region: Region) -> Region | None:
    return next((r for r in lineage(region) if r.kind is Level.COUNTY), None)


def roots(catalog: Catalog) -> tuple[Region, ...]:
    return ordered(r for r in catalog.regions.values() if r.parent is None)


def build_links(catalog: Catalog) -> Links:
    placed: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def place(bucket: str, item: Any, areas: Iterable[Region | None]) -> None:
        for area in {a.id: a for r in areas if r is not None for a in lineage(r)}.values():
            placed[area.id][bucket].append(item)

    for village in catalog.villages.values():
        place("villages", village, [village_area(village)])
    for case in catalog.cases.values():
        place("cases", case, [case.county, *(village_area(v) for v in case.villages)])
    for route in catalog.routes.values():
        place("routes", route, [village_area(s.village) if s.village else s.region for s in route.stops])
    for initiative in catalog.initiatives.values():
        place("initiatives", initiative, initiative.regions)
    for village in catalog.villages.values():
        for initiative in village.initiatives:
            place("initiatives", initiative, [village_area(village)])
    for case in catalog.cases.values():
        for initiative in case.initiatives:
            place("initiatives", initiative, [case.county, *(village_area(v) for v in case.villages)])

    in_region = {rid: RegionContent(**{k: ordered(v) for k, v in buckets.items() if k in RegionContent.__dataclass_fields__})
                 for rid, buckets in placed.items()}
    return Links(
        children=_freeze(_group((r.parent.id, r) for r in catalog.regions.values() if r.parent)),
        in_region=MappingProxyType(in_region),
        village_cases=_freeze(_group((v.id, c) for c in catalog.cases.values() for v in c.villages)),
        village_routes=_freeze(_group((s.village.id, r) for r in catalog.routes.values() for s in r.stops if s.village)),
        initiative_villages=_freeze(_group((i.id, v) for v in catalog.villages.values() for i in v.initiatives)),
        initiative_cases=_freeze(_group((i.id, c) for c in catalog.cases.values() for i in c.initiatives)),
        initiative_areas=_freeze(_group(_initiative_areas(catalog))),
        initiative_children=_freeze(_group((i.parent.id, i) for i in catalog.initiatives.values() if i.parent)),
        citations=_freeze(_group(_citations(catalog))),
    )


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


def related_cases(catalog: Catalog, case: Case) -> tuple[Case, ...]:
    """Other cases sharing the most villages, initiatives or county with this one; newest first on ties."""
    def shared(other: Case) -> int:
        return (len({v.id for v in case.villages} & {v.id for v in other.villages}) * 3
                + len({i.id for i in case.initiatives} & {i.id for i in other.initiatives}) * 2
                + (case.county is not None and other.county is case.county))

    scored = [(shared(o), o) for o in catalog.cases.values() if o is not case]
    ranked = sorted((pair for pair in scored if pair[0] > 0), key=lambda pair: -pair[0])
    best = [o for _, o in ranked[:RELATED_CASES]]
    return tuple(sorted(best, key=lambda o: (-shared(o), o.date.toordinal() * -1, o.id)))


def cited_sources(record: Record) -> tuple[Source, ...]:
    """Every source a record cites, in itself or in its figures, honours and stops."""
    found: list[Source] = list(getattr(record, "sources", ()))
    found += [f.source for f in getattr(record, "figures", ())]
    found += [t.source for t in getattr(record, "titles", ())]
    for stop in getattr(record, "stops", ()):
        found += stop.sources
    if getattr(record, "published_in", None) is not None:
        found.append(record.published_in)
    return tuple({s.id: s for s in found}.values())


def _citations(catalog: Catalog) -> Iterable[tuple[str, Record]]:
    for kind in ("regions", "initiatives", "villages", "routes", "cases"):
        for record in getattr(catalog, kind).values():
            for source in cited_sources(record):
                yield source.id, record


def _group(pairs: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _freeze(grouped: dict[str, list[Any]]) -> Mapping[str, tuple[Any, ...]]:
    return MappingProxyType({k: _ordered_mixed(v) for k, v in grouped.items()})


def _ordered_mixed(items: list[Any]) -> tuple[Any, ...]:
    """Order a list that may mix kinds (citations): kind by kind, each in its own order."""
    by_kind: dict[type, list[Any]] = defaultdict(list)
    for item in items:
        by_kind[type(item)].append(item)
    return tuple(x for kind in by_kind for x in ordered(by_kind[kind]))
