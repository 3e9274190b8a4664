"""Where a cold build's wall-clock time goes, part by part, without a profiler's overhead.

    python -m bench.phases /dev/shm/province            # a cold build (photos kept), as the bench's second row
    python -m bench.phases /dev/shm/province --repeat 3  # the fastest of three, part by part

Each part of the build named below is timed as it runs in this process (its
own seconds, the parts it calls included); the parts that run on both cores
(reading, rendering) are timed in this process's share, waiting for the worker
included. A profiler slows Python code several times more than C code, so its
shares mislead at this grain: these are the figures docs/performance.md gives.
The corpus is one ``python -m bench.corpus DIR`` wrote. A whole ``invoke build`` adds about half a second of
Python starting up and importing.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .steps import SETTINGS, overrides

# (module, attribute, label), in the order a build reaches them.
PARTS = (
    ("catalog.incremental.reading", "Reading.prefetch", "read and parse every file (both cores)"),
    ("catalog.incremental.reading", "Reading._read_chunk", "  of which this process's share"),
    ("catalog.generators", "read_all", "collect the records"),
    ("catalog.generators", "validate_all", "validate the records"),
    ("catalog.generators", "CatalogGenerator._read_stories", "Pelican's content objects for the stories"),
    ("catalog.generators", "plan_photos", "plan the photos"),
    ("catalog.incremental.reading", "Reading.settle", "wait for the text checks and pinyin (second core)"),
    ("catalog.generators", "check_content", "content checks"),
    ("catalog.generators", "review_all", "the reviews (signatures, content digests)"),
    ("catalog.generators", "build_links", "indexes"),
    ("catalog.generators", "make_site", "URLs"),
    ("catalog.generators", "all_pages", "the page list (values, JSON-LD)"),
    ("catalog.incremental.fingerprints", "Fingerprints.every_record", "record digests"),
    ("catalog.incremental.write", "fork_map", "render and write the pages (both cores)"),
    ("catalog.session", "Session._save_memo", "save the memo (the rest of it)"),
)


def _timed(module: str, attribute: str, spent: dict[str, float], label: str) -> None:
    owner: object = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original: Callable = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, timed)


def _cold(root: Path) -> None:
    for gone in (root / "output", root / ".output-standby", root / ".cache" / "build"):
        shutil.rmtree(gone, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    from catalog.build import build

    runs: list[dict[str, float]] = []
    spent: dict[str, float] = {}
    for module, attribute, label in PARTS:
        _timed(module, attribute, spent, label)
    for _ in range(max(1, args.repeat)):
        _cold(args.root)
        spent.clear()
        started = time.perf_counter()
        build(SETTINGS, overrides(args.root))
        runs.append({**spent, "the whole build": time.perf_counter() - started})
    best = min(runs, key=lambda run: run["the whole build"])
    print("| part | seconds |\n| --- | --- |")
    for *_, label in PARTS:
        print(f"| {label} | {best.get(label, 0.0):.2f} |")
    print(f"| the whole build | {best['the whole build']:.2f} |")


if __name__ == "__main__":
    main()
