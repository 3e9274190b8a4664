"""The brochures `make site` publishes for download: one per county, and the whole site's while it is short.

Made before the pages (they link to them, with their size and pages). Only
brochures whose content changed are typeset, those on every core at once; the
others come from the cache, which keeps each volume apart (volumes.py,
editions.py). ``site_brochures`` says which PDFs go where; the build links them
into its staging folder (incremental/finish.py), so any failure fails the build
and leaves the published output/ exactly as it was.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import photos
from ..records.problems import BuildFailed, Problem
from ..site import Site
from ..workers import fork_map
from .cache import KEEP, Entry, PdfCache
from .downloads import Download, Downloads
from .editions import Editions
from .errors import BrochureError
from .fonts import Chosen, choose_fonts
from .make import Composed, check_cover, compose_brochure, glyph_problems_of, raise_if_any
from .parallel import cores, render_all
from .scope import EmptyScope, Selection, select
from .settings import BrochureSettings, Options
from .typeset import Job
from .volumes import SITE, Volume, county_volumes, estimated_pages, site_volume, surely_longer

SETTINGS_FILE = "pelicanconf.py"


@dataclass(frozen=True)
class Published:
    """The brochures a build publishes: what the pages say of them, and each one's PDF by where it goes."""

    downloads: Downloads = Downloads()
    files: dict[str, Path] = field(default_factory=dict)  # save_as -> the cached PDF, named by its content key


def site_brochures(site: Site, pelican_settings: dict[str, Any]) -> Published:
    """Every brochure the site publishes, made or found in the cache; none when SITE_BROCHURE is off."""
    settings = BrochureSettings.from_pelican(pelican_settings)
    if not settings.for_site:
        return Published()
    options = settings.options()
    given = {f"{SETTINGS_FILE} BROCHURE_TITLE": options.title, f"{SETTINGS_FILE} BROCHURE_ISSUER": options.issuer}
    try:
        made = make_volumes(site, settings, options, {k: v for k, v in given.items() if v})
    except BrochureError as error:
        raise BuildFailed([Problem(SETTINGS_FILE, 0, "SITE_BROCHURE", f"网站的成果汇编（PDF）没有生成：{error}"
                                   "如暂时不需要在网站上提供下载，可在 pelicanconf.py 里把 SITE_BROCHURE 改为 False。",
                                   "brochure")]) from None
    downloads = {v.name: Download(v.location.url, e.pdf.stat().st_size, e.pages, v.region) for v, e in made}
    return Published(Downloads(downloads.get(SITE), tuple(d for name, d in downloads.items() if name != SITE)),
                     {v.location.save_as: e.pdf for v, e in made})


def publish_brochures(site: Site, pelican_settings: dict[str, Any], output: Path) -> Downloads:
    """Every published brochure written into a plain folder ``output`` (the benchmark's)."""
    published = site_brochures(site, pelican_settings)
    for save_as, pdf in published.files.items():
        _place(pdf, output / save_as)
    return published.downloads


def make_volumes(site: Site, settings: BrochureSettings, options: Options,
                 given: dict[str, str]) -> list[tuple[Volume, Entry]]:
    """Each volume the site publishes with its cached PDF, typesetting (in parallel) only what changed."""
    fonts = choose_fonts(settings.fonts)
    if fonts.notice:
        _say(fonts.notice)
    check_cover(site, given)
    volumes = [*county_volumes(site), site_volume()]
    cache = PdfCache(settings.cache, keep=max(KEEP, 2 * len(volumes)))
    editions = Editions.load(settings.cache)
    # Every photo a volume may print, encoded once here: the forked planners below only read the copies.
    photos.encode(site.photos.values(), site.settings.photo_cache)
    plan = functools.partial(_plan_share, site, settings, options, fonts, editions, cache, given)
    if len(volumes) >= _FORK_FROM:  # each share a mix of large and small volumes
        found = [p for share in fork_map(plan, [volumes[i::cores()] for i in range(cores())]) for p in share]
    else:
        found = plan(volumes)
    planned = {p.name: p for p in found}
    todo = [v.name for v in volumes if v.name in planned and planned[v.name].job is not None]
    raise_if_any([problem for name in todo for problem in planned[name].problems])
    jobs = [planned[name].job for name in todo]
    try:
        for index, rendered in render_all(jobs):
            cache.put(planned[todo[index]].key, rendered)  # kept at once: an interrupted build keeps what is done
            editions.record(todo[index], options.date)
    finally:
        editions.save()
    return [(v, cache.entry(planned[v.name].key)) for v in volumes if v.name in planned]


# Volumes from which composing them is split over forked processes (a province's 100 took 15 s on one core).
_FORK_FROM = 8


@dataclass(frozen=True)
class _Planned:
    """What the build needs of a composed volume: its cache key and, when the cache lacks it, its job and the
    characters its fonts cannot draw. Small, to come back from a forked planner (a Composed holds records)."""

    name: str
    key: str
    job: Job | None
    problems: tuple[Problem, ...] = ()


def _plan_share(site: Site, settings: BrochureSettings, options: Options, fonts: Chosen, editions: Editions,
                cache: PdfCache, given: dict[str, str], volumes: list[Volume]) -> list[_Planned]:
    planned = []
    for volume in volumes:
        selection = _selection(volume, site)
        if selection is None or (volume.name == SITE and surely_longer(selection, settings.site_max_pages)):
            continue
        found = _compose_edition(site, settings, selection, options, fonts, editions, volume.name, cache)
        if volume.name == SITE and estimated_pages(found.layout) > settings.site_max_pages:
            continue  # too long to typeset for every build: the counties' brochures hold it all
        if cache.entry(found.key) is not None:
            planned.append(_Planned(volume.name, found.key, None))
        else:
            planned.append(_Planned(volume.name, found.key, found.job, tuple(glyph_problems_of(found, site, given))))
    return planned


def _selection(volume: Volume, site: Site) -> Selection | None:
    try:
        return select(volume.scope, site)
    except EmptyScope:
        return None  # e.g. a public build before anything is reviewed: no brochure, and no link to one


def _compose_edition(site: Site, settings: BrochureSettings, selection: Selection, options: Options,
                     fonts: Chosen, editions: Editions, name: str, cache: PdfCache) -> Composed:
    """The volume dated as its current edition if its content is unchanged since, else dated today."""
    dated = editions.date(name)
    if dated is not None and dated != options.date:
        earlier = compose_brochure(site, settings, selection, Options(options.title, options.issuer, dated,
                                                                      options.pdfa), fonts)
        if cache.entry(earlier.key) is not None:
            return earlier
    return compose_brochure(site, settings, selection, options, fonts)


def _say(line: str) -> None:
    """A note in the build's output (the fonts' fallbacks), once per process."""
    if line not in _SAID:
        _SAID.add(line)
        logging.getLogger("catalog.brochure").warning(line)


_SAID: set[str] = set()


def _place(pdf: Path, target: Path) -> None:
    """The cached PDF at ``target``: a hard link where the file system allows (no copy of 100 PDFs per build)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    try:
        os.link(pdf, temporary)
    except OSError:
        shutil.copyfile(pdf, temporary)
    os.replace(temporary, target)
