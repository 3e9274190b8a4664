"""One measured child process for the rows that grow with the site: search index, brochures, photos.

    python -m bench.scale_steps search /tmp/province
    python -m bench.scale_steps brochures /tmp/province
    python -m bench.scale_steps photos /tmp/province
    python -m bench.scale_steps typeset /tmp/province   # the largest county's brochure, as one worker does

Each reads and checks the corpus as ``invoke check`` does (not timed), then
times only its own part and prints one JSON line: seconds, and the peak
memory of this process and of the largest child it waited for (the Pagefind
binary), each as ru_maxrss. A child started by a large process counts that
process's size as its own (Linux carries the peak across vfork and exec), so a
typesetting worker's peak is measured on its own: ``brochures`` keeps the
largest county's typesetting job, ``typeset`` sets it in a process of a worker's size.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from catalog import photos  # noqa: E402
from catalog.brochure import BrochureSettings, Scope, publish_brochures  # noqa: E402
from catalog.brochure.fonts import choose_fonts  # noqa: E402
from catalog.brochure.make import compose_brochure  # noqa: E402
from catalog.brochure.typeset import Job, render_pdf  # noqa: E402
from catalog.brochure.scope import select  # noqa: E402
from catalog.build import check, load_settings  # noqa: E402
from catalog.pages import all_pages  # noqa: E402
from catalog.records.refs import Registry  # noqa: E402
from catalog.search.index import search_records  # noqa: E402
from catalog.search.job import start_index  # noqa: E402

SETTINGS = PROJECT / "pelicanconf.py"
LARGEST = "largest-brochure.json"  # in the corpus folder: the largest county's typesetting job


def overrides(root: Path) -> dict[str, Any]:
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "SITE_BROCHURE": True}


def _peaks() -> dict[str, float]:
    mb = 1024  # ru_maxrss is in KB on Linux
    return {"self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / mb,
            "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / mb}


def search(root: Path) -> dict[str, Any]:
    """The index as the build makes it: a child process (search/job.py), which runs Pagefind one shard at a time.
    ``job_mb`` and ``child_mb`` are that child's peak and its largest Pagefind's: all the index's processes."""
    site = check(SETTINGS, overrides(root)).site
    records = search_records(all_pages(site, Registry())[0])
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        job = start_index(records, Path(scratch))
        folder = job.finish()
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        parts = len(json.loads((folder / "bundles.json").read_text(encoding="utf-8"))) + 1
    return {"seconds": seconds, "records": len(records), "bytes": size, "parts": parts,
            "self_mb": _peaks()["self_mb"], "job_mb": job.memory["python_mb"], "child_mb": job.memory["pagefind_mb"]}


def brochures(root: Path) -> dict[str, Any]:
    settings = load_settings(SETTINGS, overrides(root))
    site = check(SETTINGS, overrides(root)).site
    cache = Path(settings.get("BROCHURE_CACHE") or root / ".cache" / "brochures")
    before = {p.name for p in cache.glob("*.pdf")}
    photos.encode(site.photos.values(), site.settings.photo_cache)  # untimed: the photos have their own row
    with tempfile.TemporaryDirectory() as output:
        start = time.perf_counter()
        downloads = publish_brochures(site, settings, Path(output))
        seconds = time.perf_counter() - start
    made = [d for d in (downloads.site, *downloads.counties) if d is not None]
    typeset = len({p.name for p in cache.glob("*.pdf")} - before)
    largest = max(downloads.counties, key=lambda d: d.pages)
    brochure = BrochureSettings.from_pelican(settings)
    composed = compose_brochure(site, brochure, select(Scope(counties=(largest.region.id,)), site), brochure.options(),
                                choose_fonts(brochure.fonts))
    (root / LARGEST).write_text(json.dumps(composed.job.to_json(), ensure_ascii=False), encoding="utf-8")
    return {"seconds": seconds, "brochures": len(made), "typeset": typeset, "site": downloads.site is not None,
            "pages": sum(d.pages for d in made), "bytes": sum(d.bytes for d in made), **_peaks()}


def encode_photos(root: Path) -> dict[str, Any]:
    checked = check(SETTINGS, overrides(root))
    plans = list(checked.site.photos.values())
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        encoded = photos.encode(plans, Path(cache))
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "photos": encoded, **_peaks()}


def typeset(root: Path) -> dict[str, Any]:
    job = Job.from_json(json.loads((root / LARGEST).read_text(encoding="utf-8")))
    start = time.perf_counter()
    rendered = render_pdf(job)
    return {"seconds": time.perf_counter() - start, "pages": rendered.pages, **_peaks()}


STEPS = {"search": search, "brochures": brochures, "photos": encode_photos, "typeset": typeset}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=STEPS)
    parser.add_argument("root", type=Path)
    parser.add_argument("--empty-cache", action="store_true", help="brochures: start from an empty brochure cache")
    args = parser.parse_args(argv)
    if args.empty_cache:
        shutil.rmtree(args.root / ".cache" / "brochures", ignore_errors=True)
    print(json.dumps(STEPS[args.step](args.root)))


if __name__ == "__main__":
    main()
