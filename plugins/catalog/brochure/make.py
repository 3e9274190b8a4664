"""Making one brochure: scope → selection → document → layout (data) → checks → PDF (typeset, or from the cache).

Nothing is written here: the caller puts the PDF where it belongs (a file
staff asked for, or the site's staging folder), so a failure at any step
leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import photos
from ..checks import load_wording, text_problems
from ..checks.texts import TextSpan
from ..photos import PhotoPlan
from ..records.model import Case, Record, Village
from ..records.problems import BuildFailed, Problem, Problems
from ..site import Site
from .blocks import Layout
from .cache import Inputs, PdfCache
from .compose import compose
from .data import layout
from .document import Document
from .fonts import Chosen, choose_fonts
from .glyphs import glyph_problems
from .scope import Scope, Selection, select
from .settings import BrochureSettings, Options
from .typeset import Job, job_data, render_pdf


@dataclass(frozen=True)
class Brochure:
    document: Document
    data: str  # what the templates printed (data.json)
    pdf: bytes
    pages: int
    cached: bool  # taken from the cache, not typeset again
    fonts: Chosen


@dataclass(frozen=True)
class Composed:
    """A brochure's layout, its typesetting job and cache key, before anything is typeset."""

    selection: Selection
    document: Document
    layout: Layout
    job: Job
    key: str
    options: Options
    fonts: Chosen

    @property
    def data(self) -> str:
        return self.job.data


def make_brochure(site: Site, settings: BrochureSettings, scope: Scope, options: Options,
                  given: dict[str, str] | None = None) -> Brochure:
    """The brochure of ``scope``; raises BrochureError or BuildFailed (with file:line), having written nothing.

    ``given`` names where each cover text came from, for messages: {"命令行选项 --title": "…"}.
    """
    selection = select(scope, site)
    fonts = choose_fonts(settings.fonts)
    composed = compose_brochure(site, settings, selection, options, fonts)
    check_cover(site, given or {})
    cache = PdfCache(settings.cache)
    rendered = cache.get(composed.key)
    if rendered is not None:
        # The same data with the same fonts passed the glyph check when this entry was made.
        return Brochure(composed.document, composed.data, rendered.pdf, rendered.pages, True, fonts)
    check_glyphs(composed, site, given or {})
    rendered = render_pdf(composed.job)
    cache.put(composed.key, rendered)
    return Brochure(composed.document, composed.data, rendered.pdf, rendered.pages, False, fonts)


def compose_brochure(site: Site, settings: BrochureSettings, selection: Selection, options: Options,
                     fonts: Chosen) -> Composed:
    """The selection's document, layout, job and cache key; its photos are encoded first (it prints their copies)."""
    cache = site.settings.photo_cache
    plans = list(_photo_plans(selection, site))
    photos.encode(plans, cache)
    document, printed = compose(selection, site, options, settings.notice)
    laid = layout(document, printed)
    # Only the published copies of this selection's photos may be printed (photos.copies), never an original.
    allowed = photos.copies(plans, cache)
    files = {name: copy for name, copy in laid.photos.items() if cache / copy in allowed}
    faces = {"families": {role: list(names) for role, names in fonts.families.items()},
             "weights": {role: weight for role, weight in fonts.weights.items()}}
    data = job_data(laid.data(faces))
    job = Job(data, settings.templates, tuple(f.path for f in fonts.files), cache, files, options.pdfa, options.date)
    if len(files) != len(laid.photos):
        from .compose import Refused

        shown = "\n".join(f"  {name}" for name in laid.photos if name not in files)
        raise Refused(f"成果汇编要读取本项目以外的文件或网址，已拒绝，没有生成成果汇编：\n{shown}\n"
                      "成果汇编只使用本项目的模板、字体和已发布的照片。请把这段提示发给技术人员。")
    key = Inputs(data, settings.templates, fonts.files, tuple(cache / c for c in files.values()), options.pdfa).key()
    return Composed(selection, document, laid, job, key, options, fonts)


def _photo_plans(selection: Selection, site: Site) -> Iterable[PhotoPlan]:
    for village in selection.villages:
        yield from _plans(site, village, (p.file for p in village.photos))
    for case in selection.cases:
        story = case.article.story if case.article is not None else None
        yield from _plans(site, case, (i.src for i in story.images) if story else ())


def _plans(site: Site, record: Village | Case, files: Iterable[str]) -> Iterable[PhotoPlan]:
    return (plan for plan in (site.photo_for(record, f) for f in files) if plan is not None)


def check_cover(site: Site, given: dict[str, str]) -> None:
    """The cover's own texts obey the content rules: no “XX县” on a cover."""
    wording, found = load_wording(site.settings.wording, site.settings.root)
    problems = Problems(list(found))
    for where, text in given.items():
        problems.extend(text_problems(TextSpan(where, 0, "", text), wording))
    problems.raise_if_any()


def check_glyphs(composed: Composed, site: Site, given: dict[str, str]) -> None:
    """Every printed character can be drawn by the fonts; else each is reported where it is written."""
    raise_if_any(glyph_problems_of(composed, site, given))


def glyph_problems_of(composed: Composed, site: Site, given: dict[str, str]) -> list[Problem]:
    selection, document = composed.selection, composed.document
    printed: list[Record] = [*selection.villages, *selection.cases, *selection.routes, *selection.initiatives,
                             *document.sources.sources, *site.catalog.regions.values()]
    return glyph_problems(composed.layout.texts(), composed.fonts.drawable(), composed.fonts.shown, printed, given,
                          site.settings.root)


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise BuildFailed(sorted(set(problems)))


def readable(site: Site) -> tuple[Path, ...]:
    """Where a brochure's files come from, besides its templates and fonts: the published copies of photos."""
    return (site.settings.photo_cache,)
