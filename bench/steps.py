"""What one measured child process does: build or check a corpus, as ``invoke build`` / ``invoke check`` do.

    python -m bench.steps build /tmp/province
    python -m bench.steps check /tmp/province --profile /tmp/profiles/check

The bench runs every step in its own process so that each peak memory is that
step's own and no step is helped by a warm interpreter; ``--profile`` runs the
step under pyinstrument and writes a text and an HTML report.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from catalog.build import build, check  # noqa: E402

SETTINGS = PROJECT / "pelicanconf.py"  # what invoke build / check use


def overrides(root: Path) -> dict[str, str]:
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output")}


def run_step(step: str, root: Path) -> str:
    if step == "build":
        return f"pages={build(SETTINGS, overrides(root)).pages}"
    checked = check(SETTINGS, overrides(root))
    return f"warnings={len(checked.warnings)} pending={len(checked.pending)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("build", "check"))
    parser.add_argument("root", type=Path)
    parser.add_argument("--profile", type=Path, help="write pyinstrument reports: PROFILE.txt (call tree), PROFILE-flat.txt (functions by "
                             "their own time) and PROFILE.html")
    args = parser.parse_args(argv)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
    with profiler or nullcontext():
        print(run_step(args.step, args.root))
    if profiler is not None:
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        args.profile.with_suffix(".txt").write_text(profiler.output_text(unicode=True), encoding="utf-8")
        flat = profiler.output_text(unicode=True, flat=True, time="percent_of_total")
        args.profile.with_name(args.profile.name + "-flat.txt").write_text(flat, encoding="utf-8")
        args.profile.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
