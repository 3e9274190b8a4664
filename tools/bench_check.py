#!/usr/bin/env python3
"""How long `invoke check` makes staff wait on the shipped content, against a full build.

    .venv/bin/python tools/bench_check.py [--repeat 7]

Three figures, each the median of ``--repeat`` runs: the check inside one process
(what `invoke serve` pays on every save before it builds), `invoke check` as a
command (what staff and the pre-commit hook pay: Python start-up and imports
included), and `invoke build` as a command, the baseline the check is a fraction
of. The province-scale check is a row of `invoke bench` (docs/performance.md).
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.build import check  # noqa: E402

SETTINGS = ROOT / "pelicanconf.py"
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "rules", "scaffold",
                 "content", "data")


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as scratch:
        # A copy of the project, so the build's output and caches are its own and start warm after one run.
        copy = Path(scratch) / "site"
        copy.mkdir()
        for name in PROJECT_FILES:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
        invoke = [sys.executable, "-m", "invoke", "--search-root", str(copy)]
        run = lambda *args: subprocess.run([*invoke, *args], cwd=copy, check=True, capture_output=True)  # noqa: E731
        run("build")  # warm the photo and brochure caches, as on a staff member's machine
        overrides = {"PATH": str(copy / "content"), "OUTPUT_PATH": str(copy / "output")}
        checked = check(SETTINGS, overrides)
        records = sum(len(getattr(checked.site.catalog, k)) for k in checked.site.catalog.__dataclass_fields__)
        in_process = median_seconds(lambda: check(SETTINGS, overrides), repeat)
        command = median_seconds(lambda: run("check"), repeat)
        build = median_seconds(lambda: run("build"), repeat)
    print(f"shipped content: {records} records and stories; {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load average {os.getloadavg()[0]:.2f}; median of {repeat} runs")
    print(f"| {'step':<34} | {'seconds':>7} | {'of build':>8} |")
    print(f"| {'-' * 34} | {'-' * 7}:| {'-' * 8}:|")
    for label, seconds in (("check, inside one process", in_process), ("invoke check (a command)", command),
                           ("invoke build (a command; baseline)", build)):
        print(f"| {label:<34} | {seconds:>7.2f} | {seconds / build:>7.0%} |")


if __name__ == "__main__":
    main()
