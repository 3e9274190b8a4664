"""What a brochure covers: counties, initiatives and a period, as staff name them.

A Scope is what was asked for (``--county 依安县 --since 2024``); ``select``
turns it into a Selection, the records of the Catalog that fall inside it,
using the site's own indexes (Links), so the brochure and the site's county
and initiative pages always agree on what belongs where.

Counties may be named by name, id or division code (a city takes in all its
counties); initiatives by name, short name or id, and take in their parts.
A county's brochure also holds what a wider area's records say of it: a case
or initiative of 青岛市 that names 莱西市 (or is about one of its villages, or
has a part carried out there) is printed in 莱西市's volume (``Selection.named``).

A period selects what happened in it: the cases whose time (``Case.happened``,
as precise as the source) meets it, the initiatives whose stated period meets
it, and the villages and initiatives those cases are about. A case whose source
gives no time is not in any period. Villages and routes carry no date of their
own, so a period brochure holds no route and only the villages its cases name.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..dates import cn_date
from ..indexes import Links, lineage
from ..kind import KINDS
from ..order import ordered
from ..records.model import Case, Initiative, Level, Record, Region, Route, Village
from ..records.refs import closest
from ..records.types import PartialDate
from ..site import Site
from .errors import BrochureError
from .naming import naming

SHOWN_CHOICES = 12  # a longer list of choices is cut, with the total given


class ScopeError(BrochureError):
    """The scope names something that does not exist; the message lists the choices."""


class EmptyScope(ScopeError):
    """The scope selects nothing: no empty brochure is made."""


@dataclass(frozen=True)
class Scope:
    """The brochure's scope as asked for; empty means the whole site."""

    counties: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def parse(cls, counties: Iterable[str] = (), initiatives: Iterable[str] = (), since: str = "",
              until: str = "") -> Scope:
        """From command-line text; dates may be a year, a month or a day (2024, 2024-05, 2024-05-01)."""
        scope = cls(tuple(c.strip() for c in counties if c.strip()), tuple(i.strip() for i in initiatives if i.strip()),
                    _date(since, "SINCE=", first=True), _date(until, "UNTIL=", first=False))
        if scope.since and scope.until and scope.until < scope.since:
            raise ScopeError(f"UNTIL={scope.until.isoformat()} 早于 SINCE={scope.since.isoformat()}，请核对时间段。")
        return scope


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _date(text: str, option: str, first: bool) -> dt.date | None:
    """The first (or last) day a possibly partial date stands for."""
    if not text.strip():
        return None
    match = _DATE.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is None:
            return dt.date(year, 1, 1) if first else dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1 if first else calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    except ValueError:
        raise ScopeError(f"{option}{text}：无法识别这个日期。请写成 {option}2024-05-01；"
                         f"只写年月或年份也可以，如 {option}2024-05 或 {option}2024。") from None


@dataclass(frozen=True)
class Selection:
    """The records a scope selects, each kind in its own order."""

    scope: Scope
    areas: tuple[Region, ...]  # the regions asked for; () for the whole site
    chosen: tuple[Initiative, ...]  # the initiatives asked for; () when none was named
    villages: tuple[Village, ...]
    cases: tuple[Case, ...]
    routes: tuple[Route, ...]
    initiatives: tuple[Initiative, ...]
    # Records of a wider area held because they name an area asked for: that area, by (kind, id).
    named: Mapping[tuple[type, str], Region] = field(default_factory=lambda: MappingProxyType({}))
    # The kinds that declare their own brochure entry (Kind.brochure), each (kind name, its records here).
    more: tuple[tuple[str, tuple[Record, ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.villages or self.cases or self.routes or self.initiatives or any(r for _, r in self.more))

    @property
    def label(self) -> str:
        """How the scope is named on the cover and in the file name: 依安县、克山县 / 2024年1月1日至…"""
        parts = ["、".join(a.name for a in self.areas)] if self.areas else []
        parts += ["、".join(quoted(i.short_name or i.name) for i in self.chosen)] if self.chosen else []
        since, until = self.scope.since, self.scope.until
        if since or until:
            parts.append(f"{cn_date(since) if since else ''}{'至' if since and until else ''}"
                         f"{cn_date(until) if until else ''}{'以来' if since and not until else ''}"
                         f"{'以前' if until and not since else ''}")
        return " ".join(parts)


def quoted(text: str) -> str:
    """In quotation marks, nested as Chinese nests them: 深化拓展“莱西经验” → “深化拓展‘莱西经验’”."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def select(scope: Scope, site: Site) -> Selection:
    """The records inside ``scope``; raises ScopeError naming what is unknown, or when nothing is selected."""
    areas = tuple(_find_area(name, site) for name in scope.counties)
    chosen = tuple(_find_initiative(name, site) for name in scope.initiatives)
    found, naming = _in_areas(areas, site)
    if chosen:
        found = _of_initiatives(found, chosen, site.links)
    if scope.since or scope.until:
        found = _in_period(found, scope)
    kept = {(type(r), r.id) for r in [*found.cases, *found.initiatives]}
    # Like routes, the other kinds carry no date and no initiative: only a scope of places takes them in.
    more = _more(areas, site) if not chosen and not (scope.since or scope.until) else ()
    selection = Selection(scope, areas, chosen, ordered(found.villages), ordered(found.cases), ordered(found.routes),
                          ordered(found.initiatives),
                          MappingProxyType({k: area for k, (_, area) in naming.items() if k in kept}), more)
    if not selection:
        reviewed = "审核完成的" if site.settings.public else ""
        raise EmptyScope(f"选定的范围（{selection.label or '全部内容'}）里没有任何{reviewed}示范村、案例、线路或举措，"
                         "没有生成成果汇编。" + ("正式印发只收审核完成（已发布）的内容；" if reviewed else "")
                         + "请放宽条件（如去掉 SINCE=、UNTIL=，或换一个县）后重试。")
    return selection


@dataclass(frozen=True)
class _Found:
    """The records a selection has so far, each kind in the order found."""

    villages: list[Village]
    cases: list[Case]
    routes: list[Route]
    initiatives: list[Initiative]


def _in_areas(areas: tuple[Region, ...], site: Site) -> tuple[_Found, dict[tuple[type, str], tuple[Record, Region]]]:
    """Everything in ``areas`` (everything, when none is asked for), with the wider area's records naming one."""
    links, catalog = site.links, site.catalog
    cases = _within(catalog.cases.values(), areas, links, "cases")
    initiatives = _within(catalog.initiatives.values(), areas, links, "initiatives")
    named = naming(areas, site, {c.id for c in cases}, {i.id for i in initiatives})
    cases += [record for record, _ in named.values() if isinstance(record, Case)]
    initiatives += [record for record, _ in named.values() if isinstance(record, Initiative)]
    return _Found(_within(catalog.villages.values(), areas, links, "villages"), cases,
                  _within(catalog.routes.values(), areas, links, "routes"), initiatives), named


def _more(areas: tuple[Region, ...], site: Site) -> tuple[tuple[str, tuple[Record, ...]], ...]:
    """The records of each kind with a brochure entry of its own that lie in ``areas`` (all of them, when none)."""
    found = []
    for kind in KINDS:
        if kind.brochure is not None:
            records = site.catalog.of(kind.name).values() if not areas else \
                [r for area in areas for r in dict(site.links.region(area).more).get(kind.name, ())]
            found.append((kind.name, ordered(records)))
    return tuple(found)


def _of_initiatives(found: _Found, chosen: tuple[Initiative, ...], links: Links) -> _Found:
    """What belongs to the initiatives asked for or their parts; a route is not tied to an initiative."""
    wanted = {i.id for i in _with_parts(chosen, links)}
    return _Found([v for v in found.villages if wanted & {i.id for i in v.initiatives}],
                  [c for c in found.cases if wanted & {i.id for i in c.initiatives}], [],
                  [i for i in found.initiatives if i.id in wanted])


def _in_period(found: _Found, scope: Scope) -> _Found:
    """The cases that happened in the period, the villages and initiatives they name, and the initiatives whose
    stated period meets it; routes carry no date."""
    cases = [c for c in found.cases if _happened_in(c, scope)]
    named = {r.id for c in cases for r in (*c.villages, *c.initiatives)}
    return _Found([v for v in found.villages if v.id in named], cases, [],
                  [i for i in found.initiatives if i.id in named or (_dated(i) and _overlaps(i, scope))])


def _happened_in(case: Case, scope: Scope) -> bool:
    return case.happened is not None and (scope.since is None or case.happened.last_day >= scope.since) \
        and (scope.until is None or case.happened.first_day <= scope.until)


def _within(records: Iterable, areas: tuple[Region, ...], links: Links, kind: str) -> list:
    if not areas:
        return list(records)
    return [r for area in areas for r in getattr(links.region(area), kind)]


def _with_parts(chosen: tuple[Initiative, ...], links: Links) -> list[Initiative]:
    """The initiatives asked for and all their parts, however deep."""
    found, todo = [], list(chosen)
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(links.initiative_children.get(current.id, ()))
    return found


def _dated(initiative: Initiative) -> bool:
    return initiative.since is not None or initiative.until is not None


def _overlaps(initiative: Initiative, scope: Scope) -> bool:
    """Whether the initiative's period, as far as its source states it, meets the scope's."""
    if scope.until and initiative.since and _first_day(initiative.since) > scope.until:
        return False
    if scope.since and initiative.until and _last_day(initiative.until) < scope.since:
        return False
    return True


def _first_day(date: PartialDate) -> dt.date:
    return dt.date(date.year, date.month or 1, date.day or 1)


def _last_day(date: PartialDate) -> dt.date:
    month = date.month or 12
    return dt.date(date.year, month, date.day or calendar.monthrange(date.year, month)[1])


def _areas(site: Site) -> dict[str, Region]:
    """Regions a brochure may be made for: counties and the cities and provinces above them, with content."""
    return {r.id: r for r in ordered(site.catalog.regions.values())
            if r.kind is not Level.TOWNSHIP and site.links.region(r)}


_QUOTES = re.compile(r"[\s“”‘’\"'「」『』]")


def _same(wanted: str, *names: str | None) -> bool:
    """Names match whatever quotes or spaces are typed: 莱西经验 is “莱西经验”."""
    plain = _QUOTES.sub("", wanted)
    return any(n is not None and _QUOTES.sub("", n) == plain for n in names)


def _find_area(wanted: str, site: Site) -> Region:
    known = _areas(site)
    for region in known.values():
        if _same(wanted, region.id, region.name, region.code):
            return region
    township = next((r for r in site.catalog.regions.values()
                     if r.kind is Level.TOWNSHIP and _same(wanted, r.id, r.name)), None)
    if township is not None:
        named = wanted if wanted == township.name else f"{wanted}（{township.name}）"
        raise ScopeError(f"“{named}”是乡镇。成果汇编按县（市、区）编排，请写它所在的"
                         f"“{lineage(township)[-2].name}”。")
    waiting = next((r for r in ordered(site.every_region.values())
                    if r.kind is not Level.TOWNSHIP and _same(wanted, r.id, r.name, r.code)), None)
    if waiting is not None:  # a real county with nothing to print: not "unknown", which sends staff hunting typos
        raise ScopeError(f"“{waiting.name}”还没有{'审核完成（已发布）的' if site.settings.public else ''}"
                         "示范村、案例、线路或举措，没有生成成果汇编。"
                         + ("正式印发（PUBLISH=1）只收审核完成的内容：等内容审核完成后再印，"
                            "或去掉 PUBLISH=1 先印一份审阅稿。" if site.settings.public
                            else "先为它添加内容（make new），再印成果汇编。"))
    counties = {i: r for i, r in known.items() if r.kind is Level.COUNTY}
    raise ScopeError(_unknown("县（市、区）", wanted, counties or known, lambda r: r.name,
                              "县名、编号或行政区划代码都可以，如 make brochure COUNTY=依安县；写市名则收录全市。"))


_QUOTED = re.compile(r"“([^”]+)”")


def _find_initiative(wanted: str, site: Site) -> Initiative:
    known = dict(site.catalog.initiatives)
    for initiative in known.values():
        if _same(wanted, initiative.id, initiative.name, initiative.short_name):
            return initiative
    # By the name in its quotation marks alone: 莱西经验 is 深化拓展“莱西经验” (not its parts, which come with it).
    quoting = [i for i in ordered(known.values()) if _same(wanted, *_QUOTED.findall(i.name))]
    tops = [i for i in quoting if i.parent is None or i.parent.id not in {q.id for q in quoting}]
    if len(tops) == 1:
        return tops[0]
    # Only the top-level ones are listed: their parts are chosen with them.
    shown = {i: r for i, r in known.items() if r.parent is None} or known
    raise ScopeError(_unknown("举措", wanted, known, lambda r: r.short_name or r.name,
                              "全称、简称或编号都可以；网站的“党建举措”栏目列有全部举措。", shown))


def _unknown(label: str, wanted: str, known: dict, name: Callable[[Any], str], hint: str,
             shown: dict | None = None) -> str:
    """未知的…“x”。可选的有：…。是否想写“y”？ — the valid choices by name, and the closest one."""
    names = [name(r) for r in ordered((shown or known).values())]
    listed = "、".join(names[:SHOWN_CHOICES]) + (f" 等共 {len(names)} 个" if len(names) > SHOWN_CHOICES else "")
    message = f"未知的{label}“{wanted}”。可选的有：{listed}。"
    close = closest(wanted, known, name)
    if close is not None:
        message += f"是否想写：{name(known[close])}？"
    return message + hint
