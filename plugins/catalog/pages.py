"""Which pages the site has, where each goes, and what each is given to show.

A pure function of the Catalog and its Links: the generator only writes what
this module lists. Two pages claiming one URL are reported here, before
anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from . import urls
from .catalog import Catalog
from .indexes import Links, RegionContent, lineage, roots
from .order import ordered
from .records.model import Case, Initiative, Level, Page, Record, Region, Route, Source, Village
from .records.problems import Problem
from .records.refs import Registry
from .settings import SiteSettings

SECTION_TITLES: dict[type[Record], str] = {
    Village: "示范村",
    Case: "典型案例",
    Initiative: "党建举措",
    Route: "红色旅游线路",
    Region: "按地区浏览",
    Source: "资料来源",
}
# Plain pages and sections share the URL space; sections are listed first.
NAV = (Case, Village, Initiative, Route, Region)
_KIND_NAMES = {Village: "villages", Case: "cases", Initiative: "initiatives", Route: "routes", Region: "regions",
               Source: "sources", Page: "pages"}


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
class PageSpec:
    location: urls.Location
    template: str
    title: str
    crumbs: tuple[Crumb, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)
    owner: Record | None = None  # the record the page shows; None for sections


@dataclass(frozen=True)
class Site:
    """What templates see as ``site``: the catalog, its links and every page's URL."""

    settings: SiteSettings
    catalog: Catalog
    links: Links
    located: Mapping[tuple[type, str], urls.Location]

    def url_for(self, record: Record) -> str | None:
        """The record's URL, or None when it has no page of its own (a township)."""
        found = self.located.get((type(record), record.id))
        return found.url if found else None

    def section_url(self, name: str) -> str:
        """``site.section_url("cases")`` in templates: a section's list page."""
        kind = next(k for k, v in urls.SECTIONS.items() if v == name)
        return urls.section(kind).url

    @property
    def nav(self) -> tuple[tuple[str, str], ...]:
        return tuple((SECTION_TITLES[k], urls.section(k).url) for k in NAV)


def has_page(record: Record, links: Links) -> bool:
    if isinstance(record, Region):
        return record.kind is Level.COUNTY or (record.kind is not Level.TOWNSHIP and bool(links.region(record)))
    return True


def make_site(settings: SiteSettings, catalog: Catalog, links: Links) -> Site:
    records = [r for kind in _KIND_NAMES.values() for r in getattr(catalog, kind).values()]
    located = {(type(r), r.id): urls.location(r) for r in records if has_page(r, links)}
    return Site(settings, catalog, links, located)


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


def _crumbs(site: Site, *trail: Record | type[Record]) -> tuple[Crumb, ...]:
    crumbs = [Crumb("首页", urls.HOME.url)]
    for step in trail:
        if isinstance(step, type):
            crumbs.append(Crumb(SECTION_TITLES[step], urls.section(step).url))
        else:
            crumbs.append(Crumb(getattr(step, "name", None) or step.title, site.url_for(step)))
    return (*crumbs[:-1], Crumb(crumbs[-1].label, None))


def record_pages(site: Site) -> list[PageSpec]:
    c, links = site.catalog, site.links
    specs = []
    for region in c.regions.values():
        if site.url_for(region):
            specs.append(PageSpec(urls.location(region), "region.html", region.name,
                                  _crumbs(site, Region, *lineage(region)), owner=region,
                                  values={"region": region, "content": links.region(region),
                                          "children": region_nodes(site, links.children.get(region.id, ()), 0)}))
    for village in c.villages.values():
        specs.append(PageSpec(urls.location(village), "village.html", village.name,
                              _crumbs(site, Region, *lineage(village.county), village), owner=village,
                              values={"village": village, "cases": links.village_cases.get(village.id, ()),
                                      "routes": links.village_routes.get(village.id, ())}))
    for initiative in c.initiatives.values():
        trail = [i for i in reversed(list(_ancestry(initiative)))]
        specs.append(PageSpec(urls.location(initiative), "initiative.html", initiative.name,
                              _crumbs(site, Initiative, *trail), owner=initiative,
                              values={"initiative": initiative,
                                      "children": links.initiative_children.get(initiative.id, ()),
                                      "villages": links.initiative_villages.get(initiative.id, ()),
                                      "cases": links.initiative_cases.get(initiative.id, ()),
                                      "areas": links.initiative_areas.get(initiative.id, ())}))
    for route in c.routes.values():
        specs.append(PageSpec(urls.location(route), "route.html", route.name, _crumbs(site, Route, route),
                              owner=route, values={"route": route}))
    for case in c.cases.values():
        specs.append(PageSpec(urls.location(case), "case.html", case.title, _crumbs(site, Case, case),
                              owner=case, values={"case": case}))
    for source in c.sources.values():
        specs.append(PageSpec(urls.location(source), "source.html", source.title, _crumbs(site, Source, source),
                              owner=source, values={"source": source, "citations": links.citations.get(source.id, ())}))
    for page in c.pages.values():
        specs.append(PageSpec(urls.location(page), "page.html", page.title, _crumbs(site, page), owner=page,
                              values={"page": page}))
    return specs


def _ancestry(initiative: Initiative) -> list[Initiative]:
    chain = []
    current: Initiative | None = initiative
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain


def section_pages(site: Site) -> list[PageSpec]:
    c = site.catalog
    cases = ordered(c.cases.values())
    lists = {
        Village: {"villages": ordered(c.villages.values())},
        Case: {"years": by_year(cases)},
        Initiative: {"initiatives": ordered(i for i in c.initiatives.values() if i.parent is None)},
        Route: {"routes": ordered(c.routes.values())},
        Region: {"tree": region_tree(site)},
        Source: {"sources": ordered(c.sources.values())},
    }
    specs = [PageSpec(urls.section(kind), f"{urls.SECTIONS[kind]}.html", SECTION_TITLES[kind],
                      _crumbs(site, kind), values=values) for kind, values in lists.items()]
    home = {"cases": cases[:6], "villages": ordered(c.villages.values())[:12], "routes": ordered(c.routes.values()),
            "initiatives": lists[Initiative]["initiatives"], "tree": lists[Region]["tree"]}
    specs.append(PageSpec(urls.HOME, "index.html", site.settings.name, values=home))
    specs.append(PageSpec(urls.NOT_FOUND, "404.html", "页面不存在"))
    return specs


def all_pages(site: Site, registry: Registry) -> tuple[list[PageSpec], list[Problem]]:
    """Every page, or the problems of records that would overwrite another's page."""
    specs = section_pages(site) + record_pages(site)
    claimed: dict[str, PageSpec] = {}
    problems = []
    for spec in specs:
        first = claimed.setdefault(spec.location.save_as, spec)
        if first is spec:
            continue
        owner = spec.owner if spec.owner is not None else first.owner
        other = first if owner is spec.owner else spec
        lines = registry.lines.get((_KIND_NAMES[type(owner)], owner.id))
        by = other.owner.path if other.owner is not None else f"栏目“{other.title}”"
        problems.append(Problem(owner.path, lines.line(("slug",)) if lines else 1, "slug" if owner.slug else "",
                                f"网址“{spec.location.url}”已被 {by} 使用，两个页面不能共用一个网址。"
                                "请在本文件里加上（或修改）slug，写一个不同的网址名，如 slug: xiaowang-2。"))
    return specs, problems
