"""Composing the Document from a Selection: which chapter holds what, and every heading's number.

Each village, case and route is printed in the chapter of its county; what a
source records only for a whole city (a case about 青岛市) gets a chapter of
that city, placed before its counties, in the order of the site's region tree.
Numbers are handed out in reading order, so they match the printed page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from .. import urls
from ..indexes import RegionContent, cited_sources, lineage, roots
from ..order import ordered
from ..pages import stop_views
from ..records.model import Case, Initiative, Record, Region, Route, Village
from ..records.review import Status
from ..site import Site, places
from .document import (
    AreaChapter,
    CaseEntry,
    Cover,
    Document,
    Heading,
    InitiativeEntry,
    InitiativesChapter,
    PrintPhoto,
    RouteEntry,
    Section,
    SourcesChapter,
    StopEntry,
    VillageEntry,
)
from .numbering import LEVELS, heading_number
from .scope import Selection
from .settings import Options
from .story import print_body

OTHER = "未注明地区"  # the chapter of cases whose source names no place


class _Outline:
    """Hands out headings in reading order, numbering each level and restarting the levels below."""

    def __init__(self) -> None:
        self.counts = [0] * (LEVELS + 1)
        self.headings: list[Heading] = []

    def heading(self, level: int, title: str, anchor: str) -> Heading:
        self.counts[level] += 1
        self.counts[level + 1:] = [0] * (LEVELS - level)
        found = Heading(level, heading_number(level, self.counts[level]), title, anchor)
        self.headings.append(found)
        return found


def anchor(record: Record) -> str:
    """A record's place in the brochure, readable like its URL: ``villages-xiaowang``."""
    return f"{urls.SECTIONS[type(record)]}-{urls.slug(record)}"


def compose(selection: Selection, site: Site, options: Options) -> Document:
    outline = _Outline()
    grouped = _by_area(selection, site)
    titles = _area_titles(list(grouped))
    chapters = tuple(_area_chapter(outline, area, titles[area.id if area else ""], records, selection, site)
                     for area, records in grouped.items())
    initiatives = _initiatives_chapter(outline, selection, site) if selection.initiatives else None
    printed = [*selection.villages, *selection.cases, *selection.routes, *selection.initiatives]
    areas = [c.area for c in chapters if c.area is not None]
    sources = ordered(s for r in [*printed, *areas] for s in cited_sources(r))
    sources_chapter = SourcesChapter(outline.heading(1, "资料来源", "sources"), sources)
    anchors = {(type(r), r.id): anchor(r) for r in [*printed, *areas, *sources]}
    draft = any(site.status(r) is not Status.PUBLISHED for r in printed)
    counts = (f"示范村{len(selection.villages)}个、典型案例{len(selection.cases)}篇、"
              f"红色旅游线路{len(selection.routes)}条、党建举措{len(selection.initiatives)}项")
    return Document(
        cover=Cover(options.title, selection.label, options.issuer, options.date, draft,
                    options.issuer or site.settings.name, site.settings.name),
        areas=chapters, initiatives=initiatives, sources=sources_chapter, headings=tuple(outline.headings),
        anchors=MappingProxyType(anchors), statuses=MappingProxyType({(type(r), r.id): site.status(r) for r in printed}),
        subject=f"{selection.label or '全部内容'}：{counts}",
        keywords=("党建引领", "乡村振兴", *(a.name for a in areas)))


def _by_area(selection: Selection, site: Site) -> dict[Region | None, list[Record]]:
    """Villages, cases and routes by the region whose chapter holds them, in the region tree's order."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    found: dict[str, Region | None] = {}
    for record in [*selection.villages, *selection.cases, *selection.routes]:
        area = _area_of(record)
        key = area.id if area else ""
        found[key] = area
        grouped[key].append(record)
    position = _tree_positions(site)
    keys = sorted(grouped, key=lambda k: position.get(k, len(position)))
    return {found[k]: grouped[k] for k in keys}


def _area_of(record: Record) -> Region | None:
    if isinstance(record, Village):
        return record.county
    if isinstance(record, Case):
        return record.county or (record.villages[0].county if record.villages else None)
    return _common_ancestor(places(record))


def _common_ancestor(regions: Iterable[Region]) -> Region | None:
    chains = [lineage(r) for r in regions]
    common = None
    for step in zip(*chains):
        if any(r is not step[0] for r in step):
            break
        common = step[0]
    return common


def _tree_positions(site: Site) -> dict[str, int]:
    """Each region's place in the site's region tree, read depth first: a city, then its counties."""
    positions: dict[str, int] = {}
    todo = list(reversed(roots(site.catalog)))
    while todo:
        region = todo.pop()
        positions[region.id] = len(positions)
        todo.extend(reversed(site.links.children.get(region.id, ())))
    return positions


def _area_titles(areas: list[Region | None]) -> dict[str, str]:
    """Chapter titles: the region's name, with its parent's when two chapters would share one."""
    names = [a.name for a in areas if a is not None]
    return {(a.id if a else ""): (OTHER if a is None else
                                 f"{a.parent.name}{a.name}" if names.count(a.name) > 1 and a.parent else a.name)
            for a in areas}


def _area_chapter(outline: _Outline, area: Region | None, title: str, records: list[Record], selection: Selection,
                  site: Site) -> AreaChapter:
    base = anchor(area) if area else "regions-other"
    heading = outline.heading(1, title, base)
    villages = ordered(r for r in records if isinstance(r, Village))
    cases = ordered(r for r in records if isinstance(r, Case))
    routes = ordered(r for r in records if isinstance(r, Route))
    chosen = {i.id for i in selection.initiatives}
    here = tuple(i for i in site.links.region(area).initiatives if i.id in chosen) if area else ()
    overview = outline.heading(2, "概况", f"{base}-overview")
    with_figures = tuple(r for r in [*villages, *_headline_initiatives(here, area)] if r.figures)
    figures = Section(outline.heading(2, "主要数据", f"{base}-figures"), with_figures) if with_figures else None
    return AreaChapter(
        heading=heading, area=area, content=RegionContent(villages, cases, routes, here), initiatives=here,
        overview=overview, figures=figures,
        villages=_section(outline, "示范村", f"{base}-villages", villages, lambda v: _village(outline, v, site)),
        cases=_section(outline, "典型案例", f"{base}-cases", cases, lambda c: _case(outline, c, site)),
        routes=_section(outline, "红色旅游线路", f"{base}-routes", routes, lambda r: _route(outline, r)))


def _headline_initiatives(initiatives: tuple[Initiative, ...], area: Region) -> list[Initiative]:
    """The area's own initiatives that are not part of another of its own: their figures head the chapter.

    The figures of their parts are printed with each part in the initiatives chapter; repeating
    them all here would fill pages (齐齐哈尔's seven projects have some fifty figures).
    """
    own = {i.id for i in initiatives if area.id in {r.id for r in i.regions}}
    return [i for i in initiatives if i.id in own and (i.parent is None or i.parent.id not in own)]


def _section(outline: _Outline, title: str, at: str, records: tuple, entry) -> Section | None:
    if not records:
        return None
    heading = outline.heading(2, title, at)
    return Section(heading, tuple(entry(r) for r in records))


def _village(outline: _Outline, village: Village, site: Site) -> VillageEntry:
    heading = outline.heading(3, village.name, anchor(village))
    folder = site.settings.photo_cache
    photos = []
    for photo in village.photos:
        plan = site.photo_for(village, photo.file)
        if plan is not None:
            photos.append(PrintPhoto((Path(folder) / plan.largest.jpeg).as_uri(), photo.alt, photo.caption,
                                     photo.credit))
    return VillageEntry(heading, village, tuple(photos))


def _case(outline: _Outline, case: Case, site: Site) -> CaseEntry:
    heading = outline.heading(3, case.title, anchor(case))
    body = print_body(case.body, heading.anchor, lambda src: site.photo_for(case, src), site.settings.photo_cache)
    return CaseEntry(heading, case, body)


def _route(outline: _Outline, route: Route) -> RouteEntry:
    heading = outline.heading(3, route.name, anchor(route))
    stops = tuple(StopEntry(outline.heading(4, view.stop.name, f"{heading.anchor}-{n}"), view)
                  for n, view in enumerate(stop_views(route), start=1))
    return RouteEntry(heading, route, stops)


def _initiatives_chapter(outline: _Outline, selection: Selection, site: Site) -> InitiativesChapter:
    heading = outline.heading(1, "党建举措", "initiatives")
    chosen = {i.id for i in selection.initiatives}

    def entry(initiative: Initiative, level: int) -> InitiativeEntry:
        own = outline.heading(level, initiative.name, anchor(initiative))
        parts = [p for p in site.links.initiative_children.get(initiative.id, ()) if p.id in chosen]
        return InitiativeEntry(own, initiative, tuple(entry(p, min(level + 1, LEVELS)) for p in parts))

    tops = [i for i in selection.initiatives if i.parent is None or i.parent.id not in chosen]
    return InitiativesChapter(heading, tuple(entry(i, 2) for i in tops))
