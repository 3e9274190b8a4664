#!/usr/bin/env python3
"""Benchmark of the whole-site brochure: time by stage, pages, size, cold against cached.

    .venv/bin/python tools/bench_brochure.py [--repeat 3]

Reads the shipped content (data/ + content/), like `make brochure`, with the
brochure cache in a temporary folder so the first run really typesets. Prints
a table; the figures recorded in docs/brochure.md come from it. Not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.brochure import BrochureSettings, Scope, make_brochure  # noqa: E402
from catalog.brochure.make import readable  # noqa: E402
from catalog.brochure.compose import compose  # noqa: E402
from catalog.brochure.fonts import _cmap, coverage, find_fonts  # noqa: E402
from catalog.brochure.glyphs import glyph_problems  # noqa: E402
from catalog.brochure.render import render_pdf  # noqa: E402
from catalog.brochure.scope import select  # noqa: E402
from catalog.brochure.templates import brochure_html  # noqa: E402
from catalog.build import check, load_settings  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

SETTINGS = ROOT / "pelicanconf.py"
COUNTY = "莱西市"  # the shipped county with the most villages


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="typesettings of the warm process, for the median")
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as cache:
        overrides = {"BROCHURE_CACHE": cache}
        checked, t_check = timed(lambda: check(SETTINGS, overrides))
        site = checked.site
        settings = BrochureSettings.from_pelican(load_settings(SETTINGS, overrides))
        options = settings.options()
        cold, t_cold = timed(lambda: make_brochure(site, settings, Scope(), options))
        cached, t_cached = timed(lambda: make_brochure(site, settings, Scope(), options))
        assert cached.cached and cached.pdf == cold.pdf

        selection, t_select = timed(lambda: select(Scope(), site))
        document, t_compose = timed(lambda: compose(selection, site, options))
        html, t_html = timed(lambda: brochure_html(document, settings))
        fonts, t_fonts = timed(find_fonts)
        _cmap.cache_clear()  # as in a fresh process
        _, t_glyphs = timed(lambda: glyph_problems(html, coverage(fonts), selection.cases, {}, site.settings.root))
        renders = [timed(lambda: render_pdf(html, settings.stylesheet, False, readable(site)))[1] for _ in range(repeat)]
        layout, t_layout = timed(lambda: HTML(string=html, base_url=str(settings.stylesheet.parent)).render(
            stylesheets=[CSS(filename=str(settings.stylesheet))], pdf_tags=True))
        _, t_write = timed(lambda: layout.write_pdf(pdf_tags=True))
        _, t_pdfa = timed(lambda: render_pdf(html, settings.stylesheet, True, readable(site)))
        county = options.__class__(title=options.title, date=options.date)
        one, t_county = timed(lambda: make_brochure(site, settings, Scope(counties=(COUNTY,)), county))

    pages, size = cold.pages, len(cold.pdf)
    warm = statistics.median(renders)
    rows = [
        ("read and validate the content (check)", t_check),
        ("brochure, cold: empty cache, first typesetting in the process", t_cold),
        ("brochure, cached: same inputs, PDF from .cache/brochures", t_cached),
        ("  select the scope", t_select),
        ("  compose the document", t_compose),
        ("  render the HTML (Jinja, shared partials)", t_html),
        ("  find the fonts (fc-match)", t_fonts),
        ("  glyph check (cmaps + every printed character)", t_glyphs),
        (f"  WeasyPrint, warm process (median of {repeat})", warm),
        ("    of which layout (HTML.render)", t_layout),
        ("    of which PDF writing, fonts subset (write_pdf)", t_write),
        ("  WeasyPrint, PDF/A-3u", t_pdfa),
        (f"one county ({COUNTY}, {one.pages} pages), cold", t_county),
    ]
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"Whole-site brochure: {pages} pages, {size / 1024 / 1024:.2f} MB, HTML {len(html) / 1024:.0f} KB, "
          f"{len(selection.cases)} cases, {len(selection.villages)} villages, {len(selection.initiatives)} initiatives")
    print(f"{'stage':66} {'seconds':>8}")
    for label, seconds in rows:
        print(f"{label:66} {seconds:8.2f}")
    print(f"typesetting speed (warm): {pages / warm:.1f} pages/s; cached / cold: {t_cached / t_cold:.3f} "
          f"({t_cold / t_cached:.0f}× faster)")


if __name__ == "__main__":
    main()
