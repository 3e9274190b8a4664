"""Making one brochure: scope → selection → document → HTML → checks → PDF (typeset, or from the cache).

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
from .cache import Inputs, PdfCache
from .compose import compose
from .document import Document
from .fonts import FontFile, coverage, find_fonts
from .glyphs import glyph_problems
from .render import render_pdf
from .scope import Scope, Selection, select
from .settings import BrochureSettings, Options
from .templates import brochure_html


@dataclass(frozen=True)
class Brochure:
    document: Document
    html: str
    pdf: bytes
    pages: int
    cached: bool  # taken from the cache, not typeset again


@dataclass(frozen=True)
class Composed:
    """A brochure's HTML and its cache key, before anything is typeset."""

    selection: Selection
    document: Document
    html: str
    key: str
    options: Options


def make_brochure(site: Site, settings: BrochureSettings, scope: Scope, options: Options,
                  given: dict[str, str] | None = None) -> Brochure:
    """The brochure of ``scope``; raises BrochureError or BuildFailed (with file:line), having written nothing.

    ``given`` names where each cover text came from, for messages: {"命令行选项 --title": "…"}.
    """
    selection = select(scope, site)
    fonts = find_fonts()
    composed = compose_brochure(site, settings, selection, options, fonts)
    check_cover(site, given or {})
    cache = PdfCache(settings.cache)
    rendered = cache.get(composed.key)
    if rendered is not None:
        # The same HTML with the same fonts passed the glyph check when this entry was made.
        return Brochure(composed.document, composed.html, rendered.pdf, rendered.pages, cached=True)
    check_glyphs(composed, site, fonts, given or {})
    rendered = render_pdf(composed.html, settings.stylesheet, options.pdfa, readable(site))
    cache.put(composed.key, rendered)
    return Brochure(composed.document, composed.html, rendered.pdf, rendered.pages, cached=False)


def readable(site: Site) -> tuple[Path, ...]:
    """Where a brochure's files come from, besides its stylesheet: the published copies of photos, never originals."""
    return (site.settings.photo_cache,)


def compose_brochure(site: Site, settings: BrochureSettings, selection: Selection, options: Options,
                     fonts: tuple[FontFile, ...]) -> Composed:
    """The selection's document, HTML and cache key; its photos are encoded first (it prints their copies)."""
    photos.encode(_photo_plans(selection, site), site.settings.photo_cache)
    document = compose(selection, site, options)
    html = brochure_html(document, settings)
    return Composed(selection, document, html, Inputs(html, settings.stylesheet, fonts, options.pdfa).key(), options)


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


def check_glyphs(composed: Composed, site: Site, fonts: tuple[FontFile, ...], given: dict[str, str]) -> None:
    """Every printed character can be drawn by the fonts; else each is reported where it is written."""
    raise_if_any(glyph_problems_of(composed, site, fonts, given))


def glyph_problems_of(composed: Composed, site: Site, fonts: tuple[FontFile, ...],
                      given: dict[str, str]) -> list[Problem]:
    selection, document = composed.selection, composed.document
    printed: list[Record] = [*selection.villages, *selection.cases, *selection.routes, *selection.initiatives,
                             *document.sources.sources, *site.catalog.regions.values()]
    return glyph_problems(composed.html, coverage(fonts), printed, given, site.settings.root)


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise BuildFailed(sorted(set(problems)))
