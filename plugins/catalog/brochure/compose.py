"""Composing the Document from a Selection: which chapter holds what, and every heading's number.

Each village, case and route is printed in the chapter of its county; what a
source records only for a whole city (a case about 青岛市) gets a chapter of
that city, placed before its counties, in the order of the site's region tree.
A volume of one area is about that area: one chapter holding its overview, key
figures, villages, cases, the initiatives carried out there and its routes,
with the wider area's cases and initiatives that name it (scope.Selection.named).
A volume of several areas prints the initiatives in a chapter of their own.
Numbers are handed out in reading order, so they match the printed page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import MappingProxyType

from .. import urls
from ..indexes import cited_sources, lineage, roots
from ..kind import KINDS
from ..order import ordered
from ..pages import stop_views
from ..records.model import Case, Initiative, Record, Region, Route, Stage, Village
from ..records.review import Status
from ..site import Site, places
from .blocks import anchor_name
from .document import (
    AreaChapter,
    CaseEntry,
    Cover,
    Document,
    Heading,
    InitiativeEntry,
    InitiativesChapter,
    KindEntry,
    Overview,
    PrintPhoto,
    RouteEntry,
    Section,
    SourcesChapter,
    StopEntry,
    VillageEntry,
)
from .errors import BrochureError
from .numbering import LEVELS, heading_number
from .scope import Selection
from .settings import Options
from .story import Body, print_body

OTHER = "未注明地区"  # the chapter of cases whose source names no place


class Refused(BrochureError):
    """A story shows an image that is not a published photo: the brochure reads nothing else."""


class _Outline:
    """Hands out headings in reading order, numbering each level and restarting the levels below."""

    def __init__(self) -> None:
        self.counts = [0] * (LEVELS + 1)
        self.headings: list[Heading] = []

    def heading(self, level: int, title: str, anchor: str) -> Heading:
        self.counts[level] += 1
        self.counts[level + 1:] = [0] * (LEVELS - level)
        found = Heading(level, heading_number(level, self.counts[level]), title, anchor_name(anchor))
        self.headings.append(found)
        return found


def anchor(record: Record) -> str:
    """A record's place in the brochure, readable like its URL: ``villages-xiaowang``."""
    return anchor_name(f"{KINDS.of(record).section}-{urls.slug(record)}")


class Composer:
    def __init__(self, selection: Selection, site: Site) -> None:
        self.selection, self.site = selection, site
        self.outline = _Outline()
        self.photos: dict[str, str] = {}  # file name -> the published copy's name in the photo cache
        self.refused: list[str] = []

    def document(self, options: Options, notice: str = "") -> Document:
        selection, site = self.selection, self.site
        one = selection.areas[0] if len(selection.areas) == 1 else None
        grouped = self._by_area(one)
        titles = _area_titles(list(grouped))
        chapters = tuple(self._area_chapter(area, titles[area.id if area else ""], records, inside=one is not None)
                         for area, records in grouped.items())
        initiatives = self._initiatives_chapter() if selection.initiatives and one is None else None
        printed = [*selection.villages, *selection.cases, *selection.routes, *selection.initiatives,
                   *(r for _, records in selection.more for r in records)]
        sources = ordered(s for r in printed for s in cited_sources(r))
        sources_chapter = SourcesChapter(self.outline.heading(1, "资料来源", "sources"), sources)
        self._refuse_outside()
        statuses = {(type(r), r.id): site.status(r) for r in printed}
        draft = any(s is not Status.PUBLISHED for s in statuses.values())
        return Document(
            cover=Cover(options.title, selection.label, options.issuer, options.date, draft,
                        options.issuer or site.settings.name, site.settings.name, notice),
            areas=chapters, initiatives=initiatives, sources=sources_chapter, headings=tuple(self.outline.headings),
            anchors=MappingProxyType(_anchors(printed, sources, chapters)), statuses=MappingProxyType(statuses),
            subject=self._subject(),
            keywords=("党建引领", "乡村振兴", *(c.area.name for c in chapters if c.area is not None)),
            planned_note=any(i.stage is Stage.PLANNED for i in selection.initiatives))

    def _refuse_outside(self) -> None:
        """Raises Refused when a story showed anything but a published photo (its source is named for staff)."""
        if self.refused:
            shown = "\n".join(f"  {src}" for src in dict.fromkeys(self.refused))
            raise Refused(f"成果汇编要读取本项目以外的文件或网址，已拒绝，没有生成成果汇编：\n{shown}\n"
                          "成果汇编只使用本项目的模板、字体和已发布的照片。请把这段提示发给技术人员。")

    def _subject(self) -> str:
        """The PDF's subject: the scope and what it holds (依安县：示范村3个、案例5篇…)."""
        selection = self.selection
        more = [r for _, records in selection.more for r in records]
        counts = "、".join(f"{what}{n}{unit}" for what, n, unit in _counts(selection.villages, selection.cases,
                                                                           selection.initiatives, selection.routes, more))
        return f"{selection.label or '全部内容'}：{counts}"

    def _by_area(self, one: Region | None) -> dict[Region | None, list[Record]]:
        """Villages, cases and routes by the region whose chapter holds them, in the region tree's order; a
        volume of one area has that one chapter, even when it holds only initiatives."""
        selection = self.selection
        grouped: dict[str, list[Record]] = defaultdict(list)
        found: dict[str, Region | None] = {}
        chaptered = [*selection.villages, *selection.cases, *selection.routes,
                     *(r for _, records in selection.more for r in records)]
        if one is not None:
            return {one: chaptered}
        for record in chaptered:
            area = selection.named.get((type(record), record.id)) or _area_of(record)
            key = area.id if area else ""
            found[key] = area
            grouped[key].append(record)
        position = _tree_positions(self.site)
        keys = sorted(grouped, key=lambda k: position.get(k, len(position)))
        return {found[k]: grouped[k] for k in keys}

    def _area_chapter(self, area: Region | None, title: str, records: list[Record], inside: bool) -> AreaChapter:
        outline, selection, site = self.outline, self.selection, self.site
        base = anchor(area) if area else "regions-other"
        heading = outline.heading(1, title, base)
        villages = ordered(r for r in records if isinstance(r, Village))
        cases = _own_first(ordered(r for r in records if isinstance(r, Case)), selection)
        routes = ordered(r for r in records if isinstance(r, Route))
        chosen = {i.id for i in selection.initiatives}
        if inside:
            here = selection.initiatives
        else:
            here = tuple(i for i in site.links.region(area).initiatives if i.id in chosen) if area else ()
        overview = Overview(outline.heading(2, "概况", f"{base}-overview"), area,
                            _counts(villages, cases, here, routes, records))
        headline = _headline(tuple(i for i in here if (Initiative, i.id) not in selection.named), area, inside)
        with_figures = tuple(r for r in [*villages, *headline] if r.figures)
        figures = Section(outline.heading(2, "主要数据", f"{base}-figures"), with_figures) if with_figures else None
        villages_section = self._section("示范村", f"{base}-villages", villages, self._village)
        cases_section = self._section("典型案例", f"{base}-cases", cases, self._case)
        initiatives = None
        if inside and here:
            initiatives = Section(outline.heading(2, "党建举措", f"{base}-initiatives"),
                                  tuple(self._initiative_tree(here, 3)))
        routes_section = self._section("红色旅游线路", f"{base}-routes", routes, self._route)
        return AreaChapter(heading=heading, area=area, overview=overview, figures=figures,
                           villages=villages_section, cases=cases_section, initiatives=initiatives,
                           routes=routes_section, more=self._kind_sections(base, records))

    def _kind_sections(self, base: str, records: list[Record]) -> tuple[Section, ...]:
        """The sections of the kinds that declare their own entry (Kind.brochure): a heading and its facts each."""
        found = []
        for name, _ in self.selection.more:
            kind = KINDS.named(name)
            mine = ordered(r for r in records if isinstance(r, kind.model))
            section = self._section(kind.brochure.title, f"{base}-{kind.section or kind.name}", mine,
                                    lambda r, k=kind: KindEntry(self.outline.heading(3, r.name, anchor(r)), r,
                                                                k.brochure.facts(r)))
            if section is not None:
                found.append(section)
        return tuple(found)

    def _section(self, title: str, at: str, records: tuple, entry) -> Section | None:
        if not records:
            return None
        heading = self.outline.heading(2, title, at)
        return Section(heading, tuple(entry(r) for r in records))

    def _village(self, village: Village) -> VillageEntry:
        heading = self.outline.heading(3, village.name, anchor(village))
        photos = []
        for photo in village.photos:
            plan = self.site.photo_for(village, photo.file)
            if plan is None:
                self.refused.append(photo.file)
                continue
            name = plan.largest.jpeg
            self.photos[name] = name
            photos.append(PrintPhoto(name, photo.alt, photo.caption, photo.credit))
        return VillageEntry(heading, village, tuple(photos))

    def _case(self, case: Case) -> CaseEntry:
        heading = self.outline.heading(3, case.title, anchor(case))
        body: Body = print_body(case.body, heading.anchor, lambda src: self.site.photo_for(case, src))
        self.photos |= body.photos
        self.refused += body.refused
        return CaseEntry(heading, case, body.blocks, self.selection.named.get((Case, case.id)) and case.county)

    def _route(self, route: Route) -> RouteEntry:
        heading = self.outline.heading(3, route.name, anchor(route))
        stops = tuple(StopEntry(self.outline.heading(4, view.stop.name, f"{heading.anchor}-{n}"), view)
                      for n, view in enumerate(stop_views(route), start=1))
        return RouteEntry(heading, route, stops)

    def _initiative_tree(self, initiatives: tuple[Initiative, ...], level: int) -> list[InitiativeEntry]:
        chosen = {i.id for i in initiatives}

        def entry(initiative: Initiative, depth: int) -> InitiativeEntry:
            own = self.outline.heading(depth, initiative.name, anchor(initiative))
            parts = [p for p in self.site.links.initiative_children.get(initiative.id, ()) if p.id in chosen]
            return InitiativeEntry(own, initiative, tuple(entry(p, min(depth + 1, LEVELS)) for p in ordered(parts)))

        tops = [i for i in initiatives if i.parent is None or i.parent.id not in chosen]
        return [entry(i, level) for i in tops]

    def _initiatives_chapter(self) -> InitiativesChapter:
        heading = self.outline.heading(1, "党建举措", "initiatives")
        return InitiativesChapter(heading, tuple(self._initiative_tree(self.selection.initiatives, 2)))


def compose(selection: Selection, site: Site, options: Options, notice: str = "") -> tuple[Document, dict[str, str]]:
    """The Document, and the published photo copies it prints (file name -> name in the photo cache)."""
    composer = Composer(selection, site)
    document = composer.document(options, notice)
    return document, composer.photos


def _counts(villages: Iterable, cases: Iterable, initiatives: Iterable, routes: Iterable,
            others: Iterable[Record] = ()) -> tuple:
    """(what, how many, measure word) of what is printed; ``others``: records of any kind, of which those whose
    kind declares its own brochure entry are counted."""
    rows = [("示范村", len(tuple(villages)), "个"), ("典型案例", len(tuple(cases)), "篇"),
            ("党建举措", len(tuple(initiatives)), "项"), ("红色旅游线路", len(tuple(routes)), "条")]
    others = tuple(others)
    for kind in KINDS:
        if kind.brochure is not None:
            rows.append((kind.brochure.title, sum(isinstance(r, kind.model) for r in others), kind.brochure.unit))
    return tuple(r for r in rows if r[1])


def _own_first(cases: tuple[Case, ...], selection: Selection) -> tuple[Case, ...]:
    """A county's own cases first, then those of the wider area that name it."""
    return tuple(sorted(cases, key=lambda c: (Case, c.id) in selection.named))


def _headline(initiatives: tuple[Initiative, ...], area: Region | None, inside: bool) -> list[Initiative]:
    """The initiatives whose figures head the chapter: those not part of another printed here.

    The figures of their parts are printed with each part; repeating them all here would fill pages
    (齐齐哈尔's seven projects have some fifty figures). In a volume of several areas, only the area's own; a
    wider area's initiative that names the county prints its figures with itself, not as the county's.
    """
    if area is None:
        return []
    ids = {i.id for i in initiatives}
    own = ids if inside else {i.id for i in initiatives if area.id in {r.id for r in i.regions}}
    return [i for i in initiatives if i.id in own and (i.parent is None or i.parent.id not in own)]


def _area_of(record: Record) -> Region | None:
    """The region whose chapter prints the record: the one place it belongs to, or what its places share."""
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


def _anchors(printed: list[Record], sources: Iterable[Record], chapters: tuple[AreaChapter, ...]
             ) -> dict[tuple[type, str], str]:
    """Where each printed record, source and area chapter is, by (kind, id): what the brochure's links point to."""
    anchors = {(type(r), r.id): anchor(r) for r in [*printed, *sources]}
    anchors |= {(type(c.area), c.area.id): c.heading.anchor for c in chapters if c.area is not None}
    return anchors


def _area_titles(areas: list[Region | None]) -> dict[str, str]:
    """Chapter titles: the region's name, with its parent's when two chapters would share one."""
    names = [a.name for a in areas if a is not None]
    return {(a.id if a else ""): (OTHER if a is None else
                                 f"{a.parent.name}{a.name}" if names.count(a.name) > 1 and a.parent else a.name)
            for a in areas}
