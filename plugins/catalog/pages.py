"""Which pages the site has, where each goes, and what each is given to show.

A pure function of the Site: the generator only writes what this module
lists. Two pages claiming one URL are reported here, before anything is written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from markupsafe import Markup

from . import urls
from .charts import charts
from .indexes import RegionContent, lineage, related_cases, roots
from .kinds.places import stop_area
from .metadata import describe, home_json_ld, json_ld
from .records.model import Case, Initiative, Level, Record, Region, Route, Source, Stop, Village
from .records.problems import Problem
from .records.refs import Registry
from .kind import KINDS
from .site import Site, every_record, section_title

HOME_CASES = 6
HOME_FIGURES = 8
HOME_VILLAGES = 12
HOME_ROUTES = 6
# A province has thousands of villages and cases: no page lists more than this many cards (a phone on a slow
# connection would wait for megabytes). Long lists are paged; a region or initiative above the county shows
# its first ones and leads on through the regions below it.
PAGE_SIZE = 60


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a paged list: its number and every page's URL."""

    number: int
    urls: tuple[str, ...]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < len(self.urls) else None


def paged(first: urls.Location, items: tuple) -> list[tuple[urls.Location, tuple, Pager | None]]:
    """A list in pages of PAGE_SIZE: (location, its items, its pager — None when one page holds them all)."""
    chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [()]
    if len(chunks) == 1:
        return [(first, items, None)]
    locations = [urls.page_of(first, n) for n in range(1, len(chunks) + 1)]
    every = tuple(loc.url for loc in locations)
    return [(loc, chunk, Pager(n, every)) for n, (loc, chunk) in enumerate(zip(locations, chunks), start=1)]


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None  # None for the current page


@dataclass(frozen=True)
class RegionNode:
    """A region in the browse-by-region tree, with what lies within it."""

    region: Region
    content: RegionContent
    children: tuple[RegionNode, ...]


@dataclass(frozen=True)
class StopView:
    """A route stop with where it lies and the map links its stated location allows."""

    stop: Stop
    place: tuple[Region, ...]
    maps: tuple[urls.MapLink, ...]


def stop_views(route: Route) -> tuple[StopView, ...]:
    views = []
    for stop in route.stops:
        place = lineage(stop_area(stop))
        views.append(StopView(stop, place, urls.map_links(stop, tuple(r.name for r in place))))
    return tuple(views)


@dataclass(frozen=True)
class PageSpec:
    location: urls.Location
    template: str
    title: str
    crumbs: tuple[Crumb, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    owner: Record | None = None  # the record the page shows; None for sections
    description: str = ""
    json_ld: Markup | None = None  # safe inside <script> (metadata.json_ld)


def region_nodes(site: Site, regions: tuple[Region, ...], depth: int) -> tuple[RegionNode, ...]:
    """Regions that have pages, each with its sub-regions ``depth`` levels down."""
    def node(region: Region, depth: int) -> RegionNode:
        children = site.links.children.get(region.id, ()) if depth > 0 else ()
        return RegionNode(region, site.links.region(region), region_nodes(site, children, depth - 1))

    return tuple(node(r, depth) for r in regions if site.url_for(r))


def region_tree(site: Site) -> tuple[RegionNode, ...]:
    return region_nodes(site, roots(site.catalog), depth=len(Level))


def by_year(cases: tuple[Case, ...]) -> tuple[tuple[int, tuple[Case, ...]], ...]:
    return tuple((year, tuple(group)) for year, group in groupby(cases, key=lambda c: c.date.year))


class Derived:
    """What follows from a record alone, kept per record object: what its page shows, and the regions the
    indexes place it under and the sources it cites (indexes.build_links).

    Records are immutable and hold what they refer to, so one record object always gives the same
    description, JSON-LD, charts and stops (for one site's settings: a generator keeps one Derived
    from build to build). A region's description counts what lies in it, so regions are not kept.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[int, str], tuple[Record, Any]] = {}

    def get(self, record: Record, part: str, make: Callable[[], Any]) -> Any:
        if isinstance(record, Region):
            return make()  # its description counts what lies in it
        kept = self._kept.get((id(record), part))
        if kept is None or kept[0] is not record:
            kept = self._kept[(id(record), part)] = (record, make())
        return kept[1]

    def same(self, record: Record, part: str, value: tuple) -> tuple:
        """``value``, or the equal tuple made in an earlier build (its fingerprint's parts are then known)."""
        kept = self._kept.get((id(record), part))
        if kept is not None and kept[0] is record and kept[1] == value:
            return kept[1]
        self._kept[(id(record), part)] = (record, value)
        return value

    def same_page(self, record: Record, spec: PageSpec) -> PageSpec:
        """``spec``, or the page made in an earlier build from the very same objects (so its fingerprint's
        token is known by identity: incremental/fingerprints.py). Any value that is not the same object
        (an index entry that changed, a region's contents) makes it a new page."""
        kept = self._kept.get((id(record), "page"))
        if kept is not None and kept[0] is record and _same_objects(kept[1], spec):
            return kept[1]
        self._kept[(id(record), "page")] = (record, spec)
        return spec

    def keep_only(self, site: Site) -> None:
        alive = {id(r) for r in every_record(site.catalog)}
        self._kept = {k: v for k, v in self._kept.items() if k[0] in alive}


def _same_objects(old: PageSpec, new: PageSpec) -> bool:
    return (old.location == new.location and old.template == new.template and old.title == new.title
            and old.crumbs is new.crumbs and old.owner is new.owner and old.description == new.description
            and old.json_ld == new.json_ld and old.values.keys() == new.values.keys()
            and all(old.values[k] is v for k, v in new.values.items()))


def _crumbs(site: Site, *trail: Record | type[Record] | Crumb) -> tuple[Crumb, ...]:
    crumbs = [Crumb("首页", urls.HOME.url)]
    for step in trail:
        if isinstance(step, Crumb):
            crumbs.append(step)
        elif isinstance(step, type):
            crumbs.append(Crumb(section_title(step), urls.section(step).url))
        else:
            crumbs.append(Crumb(getattr(step, "name", None) or step.title, site.url_for(step)))
    return (*crumbs[:-1], Crumb(crumbs[-1].label, None))


def _record_page(site: Site, derived: Derived, record: Record, template: str, title: str,
                 crumbs: tuple[Crumb, ...], **values: Any) -> PageSpec:
    location = urls.location(record)
    description, ld = derived.get(record, "meta", lambda: (describe(record, site, title),
                                                           json_ld(record, site, location.url)))
    return derived.same_page(record, PageSpec(location, template, title, derived.same(record, "crumbs", crumbs),
                                              values, owner=record, description=description, json_ld=ld))


def record_pages(site: Site, derived: Derived | None = None) -> list[PageSpec]:
    c, links, derived = site.catalog, site.links, derived or Derived()
    chart = lambda record: derived.get(record, "charts", lambda: charts(record.figures))  # noqa: E731
    page = functools.partial(_record_page, site, derived)
    specs = []
    for region in c.regions.values():
        if site.url_for(region):
            content = links.region(region)
            specs.append(page(region, "region.html", region.name, _crumbs(site, Region, *lineage(region)),
                              region=region, content=content, shown=_first(content),
                              children=region_nodes(site, links.children.get(region.id, ()), 0)))
    trails: dict[str, tuple[Crumb, ...]] = {}  # a county's crumbs, shared by its villages'

    def trail(region: Region) -> tuple[Crumb, ...]:
        if region.id not in trails:
            trails[region.id] = _crumbs(site, Region, *lineage(region), Crumb("", None))[:-1]
        return trails[region.id]

    for village in c.villages.values():
        specs.append(page(village, "village.html", village.name,
                          (*trail(village.county), Crumb(village.name, None)), village=village,
                          charts=chart(village), cases=links.village_cases.get(village.id, ()),
                          routes=links.village_routes.get(village.id, ())))
    for initiative in c.initiatives.values():
        specs.append(page(initiative, "initiative.html", initiative.name,
                          _crumbs(site, Initiative, *reversed(_ancestry(initiative))), initiative=initiative,
                          charts=chart(initiative), children=links.initiative_children.get(initiative.id, ()),
                          villages=links.initiative_villages.get(initiative.id, ())[:PAGE_SIZE],
                          all_villages=len(links.initiative_villages.get(initiative.id, ())),
                          cases=links.initiative_cases.get(initiative.id, ())[:PAGE_SIZE],
                          all_cases=len(links.initiative_cases.get(initiative.id, ())),
                          areas=links.initiative_areas.get(initiative.id, ())))
    for route in c.routes.values():
        specs.append(page(route, "route.html", route.name, _crumbs(site, Route, route), route=route,
                          stops=derived.get(route, "stops", lambda route=route: stop_views(route))))
    for case in c.cases.values():
        specs.append(page(case, "case.html", case.title, _crumbs(site, Case, case), case=case,
                          related=derived.same(case, "related", related_cases(c, case))))
    for source in c.sources.values():
        specs.append(page(source, "source.html", source.title, _crumbs(site, Source, source),
                          source=source, citations=links.citations.get(source.id, ())[:PAGE_SIZE],
                          all_citations=len(links.citations.get(source.id, ()))))
    for story in c.pages.values():
        specs.append(page(story, "page.html", story.title, _crumbs(site, story), page=story))
    return specs + _kind_pages(site, page)


def _kind_pages(site: Site, page: Callable[..., PageSpec]) -> list[PageSpec]:
    """The pages of kinds that declare their own page values (a kind added by its own module, kinds/)."""
    specs = []
    for kind in KINDS:
        if kind.page_values is None:
            continue
        for record in site.catalog.of(kind.name).values():
            title = getattr(record, "name", None) or record.title
            specs.append(page(record, kind.template, title, _crumbs(site, kind.model, record),
                              **{kind.value_name: record}, **kind.page_values(record, site)))
    return specs


def _first(content: RegionContent) -> RegionContent:
    """What a region's page lists: everything in a county; above it, the first PAGE_SIZE of each kind (the
    regions below lead to the rest)."""
    lists = (content.villages, content.cases, content.routes, content.initiatives, *(r for _, r in content.more))
    if all(len(items) <= PAGE_SIZE for items in lists):
        return content
    return RegionContent(content.villages[:PAGE_SIZE], content.cases[:PAGE_SIZE], content.routes[:PAGE_SIZE],
                         content.initiatives[:PAGE_SIZE], tuple((k, r[:PAGE_SIZE]) for k, r in content.more))


def _ancestry(initiative: Initiative) -> list[Initiative]:
    chain = []
    current: Initiative | None = initiative
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def section_pages(site: Site) -> list[PageSpec]:
    c, every = site.catalog, site.links.everything  # each kind in its order, sorted once (indexes.build_links)
    cases = every["cases"]
    years = by_year(cases)
    top_initiatives = tuple(i for i in every["initiatives"] if i.parent is None)
    lists = {
        Village: {"villages": every["villages"]},
        Case: {"years": years, "latest": cases[:PAGE_SIZE]},
        Initiative: {"initiatives": top_initiatives, "children": site.links.initiative_children},
        Route: {"routes": every["routes"]},
        Region: {"tree": region_tree(site)},
        Source: {"sources": every["sources"]},
        **{k.model: {k.name: every[k.name]} for k in KINDS if k.page_values is not None and k.section_title},
    }
    section = lambda kind: KINDS.find(kind).section  # noqa: E731
    specs = [PageSpec(urls.section(kind), f"{section(kind)}.html", section_title(kind), _crumbs(site, kind),
                      values=values, description=_section_description(kind))
             for kind, values in lists.items() if site.has_section(section(kind)) and kind is not Village]
    if site.has_section(section(Village)):
        for where, chunk, pager in paged(urls.section(Village), every["villages"]):
            title = section_title(Village) + (f"（第{pager.number}页）" if pager else "")
            specs.append(PageSpec(where, "villages.html", title, _crumbs(site, Village),
                                  values={"villages": chunk, "pager": pager, "total": len(every["villages"])},
                                  description=_section_description(Village)))
    for year, items in years:
        for where, chunk, pager in paged(urls.year(year), items):
            specs.append(PageSpec(where, "year.html", f"{year}年典型案例" + (f"（第{pager.number}页）" if pager else ""),
                                  _crumbs(site, Case, Crumb(f"{year}年", None)),
                                  values={"year": year, "cases": chunk, "years": years, "pager": pager},
                                  description=f"{year}年发布的党建引领乡村振兴典型案例，共{len(items)}篇。"))
    featured = [case for case in cases if case.featured]
    home = {"cases": tuple(featured + [x for x in cases if not x.featured])[:HOME_CASES],
            "figures": _featured_figures(site)[:HOME_FIGURES], "villages": every["villages"][:HOME_VILLAGES],
            "routes": every["routes"][:HOME_ROUTES], "initiatives": top_initiatives,
            "tree": region_nodes(site, roots(site.catalog), depth=1),
            "totals": {"villages": len(c.villages), "cases": len(c.cases), "initiatives": len(c.initiatives),
                       "routes": len(c.routes)}}
    specs.append(PageSpec(urls.HOME, "index.html", site.settings.name, values=home,
                          description=f"{site.settings.name}：党建引领乡村振兴的典型案例、党建举措、相关的村和红色旅游线路，每项事实都注明出处。",
                          json_ld=home_json_ld(site)))
    specs.append(PageSpec(urls.NOT_FOUND, "404.html", "页面不存在", description="页面不存在。"))
    specs.append(PageSpec(urls.SITE_MAP, "sitemap.html", "网站地图", _crumbs(site, Crumb("网站地图", None)),
                          values={"tree": lists[Region]["tree"]},
                          description=f"{site.settings.name}的全部栏目和地区。"))
    specs.append(PageSpec(urls.SEARCH, "search.html", "站内搜索", _crumbs(site, Crumb("站内搜索", None)),
                          values={"bundle": urls.SEARCH_BUNDLE},
                          description="搜索本站的示范村、典型案例、党建举措和红色旅游线路。"))
    return specs


def _section_description(model: type[Record]) -> str:
    kind = KINDS.find(model)
    return kind.section_description or kind.section_title


def _featured_figures(site: Site) -> list[tuple[Record, Any]]:
    """(record, figure) pairs marked ``featured``, in the records' order."""
    found = []
    for kind in ("initiatives", "villages"):
        for record in site.links.everything[kind]:
            found += [(record, f) for f in record.figures if f.featured]
    return found


def all_pages(site: Site, registry: Registry, derived: Derived | None = None) -> tuple[list[PageSpec], list[Problem]]:
    """Every page, or the problems of records that would overwrite another's page."""
    specs = section_pages(site) + record_pages(site, derived)
    claimed: dict[str, PageSpec] = {}
    problems = []
    for spec in specs:
        first = claimed.setdefault(spec.location.save_as, spec)
        if first is spec:
            continue
        owner = spec.owner if spec.owner is not None else first.owner
        other = first if owner is spec.owner else spec
        lines = registry.lines.get((KINDS.of(owner).name, owner.id))
        by = other.owner.path if other.owner is not None else f"栏目“{other.title}”"
        problems.append(Problem(owner.path, lines.line(("slug",)) if lines else 1, "slug" if owner.slug else "",
                                f"网址“{spec.location.url}”已被 {by} 使用，两个页面不能共用一个网址。"
                                "请在本文件里加上（或修改）slug，写一个不同的网址名，如 slug: xiaowang-2。", "url-duplicate"))
    return specs, problems
