"""How the cost per page grows with the corpus: does anything scale worse than linearly?

    python -m bench.scaling 0.25 0.5 1 2

For each scale factor, a corpus without photos (their encoding is cached and
scales linearly by construction) is checked and built twice; the table gives
the second build's time and memory per page. A flat column means linear cost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .corpus import Scale, generate
from .measure import Run, timed, with_pages
from .run import PROJECT


def _step(step: str, root: Path, log: Path) -> Run:
    run = timed([sys.executable, "-m", "bench.steps", step, root], log, cwd=PROJECT)
    return with_pages(run, root / "output") if step == "build" else run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factors", type=float, nargs="+")
    args = parser.parse_args(argv)
    print("| scale | villages | pages | check | check per 1,000 pages | build | build per 1,000 pages | peak |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for factor in args.factors:
        with tempfile.TemporaryDirectory(prefix="bench-scaling-") as scratch:
            root = Path(scratch) / "province"
            generate(root, Scale().times(factor).but(photos=0))
            check = _step("check", root, Path(scratch) / "check.log")
            _step("build", root, Path(scratch) / "build-1.log")
            build = _step("build", root, Path(scratch) / "build-2.log")
            per = 1000 / build.pages
            print(f"| {factor:g} | {Scale().times(factor).villages} | {build.pages} | {check.seconds:.1f} s | "
                  f"{check.seconds * per:.2f} s | {build.seconds:.1f} s | {build.seconds * per:.2f} s | "
                  f"{build.peak_mb:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
