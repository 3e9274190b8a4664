#!/usr/bin/env python3
"""Benchmark of the brochures: time by stage, pages, size and justification, cold against cached.

    .venv/bin/python tools/bench_brochure.py [--repeat 3]
    .venv/bin/python tools/bench_brochure.py --measure some.pdf [--body-size 14]   # any brochure PDF's lines

Reads the shipped content (data/ + content/), like `make brochure`, with the
brochure cache in a temporary folder so the first run really typesets: the whole
site's brochure and the 莱西市 and 讷河市 volumes. Justification is measured in
the PDF (tests/typesetting.py): how far each full body line ends from the text
block's right edge. Prints a table; the figures in docs/brochure.md come from
it. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

SETTINGS = ROOT / "pelicanconf.py"
VOLUMES = (("whole site", ()), ("莱西市", ("莱西市",)), ("讷河市", ("讷河市",)))


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def justification(pdf: Path, body_size: float = 16.0) -> tuple[int, int, float]:
    """Full body lines, how many end within 0.5 pt of the text block's edge, and the largest gap (pt)."""
    import typesetting

    typesetting.BODY_SIZE = body_size
    lines = typesetting.read_lines(pdf)
    body = max({f for line in lines if abs(line.size - body_size) < 0.1 for f in line.fonts},
               key=lambda f: sum(f in line.fonts for line in lines))
    full = typesetting.full_body_lines(lines, body)
    gaps = [abs(line.right - line.ink_right) for line in full]
    return len(full), sum(g <= 0.5 for g in gaps), max(gaps, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="typesettings of the warm process, for the median")
    parser.add_argument("--measure", type=Path, help="only measure the justification of this PDF")
    parser.add_argument("--body-size", type=float, default=16.0, help="the body text's size in pt (WeasyPrint's: 14)")
    args = parser.parse_args()
    if args.measure:
        full, flush, worst = justification(args.measure, args.body_size)
        print(f"{args.measure}: {full} full body lines, {flush} end within 0.5 pt of the text block, "
              f"largest gap {worst:.1f} pt ({worst / 72 * 25.4:.1f} mm)")
        return

    from catalog.brochure import BrochureSettings, Scope, make_brochure
    from catalog.brochure.compose import compose
    from catalog.brochure.data import layout
    from catalog.brochure.fonts import choose_fonts
    from catalog.brochure.make import compose_brochure, glyph_problems_of
    from catalog.brochure.scope import select
    from catalog.brochure.typeset import render_pdf
    from catalog.build import check, load_settings

    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        overrides = {"BROCHURE_CACHE": cache}
        checked, t_check = timed(lambda: check(SETTINGS, overrides))
        site = checked.site
        settings = BrochureSettings.from_pelican(load_settings(SETTINGS, overrides))
        options = settings.options(date=dt.date(2026, 12, 1))
        rows = [("Read and validate the content (`check`)", t_check)]
        sizes = []
        for name, counties in VOLUMES:
            scope = Scope(counties=counties)
            cold, t_cold = timed(lambda: make_brochure(site, settings, scope, options))
            cached, t_cached = timed(lambda: make_brochure(site, settings, scope, options))
            assert cached.cached and cached.pdf == cold.pdf
            path = Path(out) / f"{name}.pdf"
            path.write_bytes(cold.pdf)
            full, flush, worst = justification(path)
            rows += [(f"{name}: cold (empty cache)", t_cold), (f"{name}: cached", t_cached)]
            sizes.append((name, cold.pages, len(cold.pdf), full, flush, worst))
        selection = select(Scope(), site)
        fonts, t_fonts = timed(lambda: choose_fonts(settings.fonts))
        (document, photos), t_compose = timed(lambda: compose(selection, site, options))
        _, t_layout = timed(lambda: layout(document, photos))
        composed = compose_brochure(site, settings, selection, options, fonts)
        _, t_glyphs = timed(lambda: glyph_problems_of(composed, site, {}))
        warm = statistics.median(timed(lambda: render_pdf(composed.job))[1] for _ in range(args.repeat))
        rows += [("— whole site: select and compose the Document", t_compose),
                 ("— whole site: lay it out as data (blocks)", t_layout),
                 ("— choose the fonts (Typst's font search, once a process)", t_fonts),
                 ("— glyph check", t_glyphs),
                 (f"— Typst, warm process (median of {args.repeat})", warm)]
    print(f"# {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}")
    print("| Stage | Seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print("\n| Volume | Pages | Size | KB/page | Full body lines | ≤ 0.5 pt from the edge | Largest gap |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, pages, size, full, flush, worst in sizes:
        print(f"| {name} | {pages} | {size / 1024:.0f} KB | {size / 1024 / pages:.1f} | {full} | {flush} | {worst:.1f} pt |")


if __name__ == "__main__":
    main()
