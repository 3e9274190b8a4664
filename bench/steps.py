"""What one measured child process does: build or check a corpus, as ``invoke build`` / ``invoke check`` do,
or keep one session and rebuild after each edit, as ``invoke serve`` does.

    python -m bench.steps build /tmp/province
    python -m bench.steps check /tmp/province --profile /tmp/profiles/check
    python -m bench.steps serve /tmp/province --story S.md --village V.yml --seed 2024 --repeat 2

The bench runs every step in its own process so that each peak memory is that
step's own and no step is helped by a warm interpreter; ``--profile`` runs the
step under pyinstrument and writes a text and an HTML report. The pages are
measured on their own: the search index and the brochures have rows of their
own, so these builds leave them out (SITE_SEARCH, SITE_BROCHURE off).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from catalog.build import build, check  # noqa: E402
from catalog.session import Session  # noqa: E402

from .edits import add_photo, edit_story, edit_village  # noqa: E402

SETTINGS = PROJECT / "pelicanconf.py"  # what invoke build / check / serve use
SERVE_EDITS = ("warm", "story", "village", "photo")


def overrides(root: Path) -> dict[str, str | bool]:
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "SITE_SEARCH": False,
            "SITE_BROCHURE": False}


def serve(root: Path, story: Path, village: Path, seed: int, repeat: int) -> dict[str, dict[str, float]]:
    """One session, as invoke serve keeps it: its first build, then each edit ``repeat`` times, each rebuild timed
    until its pages are written; between rebuilds, what invoke serve does while nobody waits (Session.finish)."""
    session = Session(SETTINGS, overrides(root), serving=True)
    started = time.perf_counter()
    session.build()
    found = {"first": {"seconds": time.perf_counter() - started, "rendered": 0}}
    edits: dict[str, Callable[[], list[Path]]] = {"warm": lambda: [], "story": lambda: edit_story(story),
                                                  "village": lambda: edit_village(village),
                                                  "photo": lambda: add_photo(village, seed)}
    for name in SERVE_EDITS:
        for _ in range(max(1, repeat)):
            changed = edits[name]()
            started = time.perf_counter()
            built = session.build(changed, later=True)
            seconds = time.perf_counter() - started
            session.finish()
            if name not in found or seconds < found[name]["seconds"]:
                found[name] = {"seconds": seconds, "rendered": built.rendered}
    session.close()
    return found


def run_step(args: argparse.Namespace) -> str:
    if args.step == "build":
        return f"pages={build(SETTINGS, overrides(args.root)).pages}"
    if args.step == "serve":
        return json.dumps(serve(args.root, args.story, args.village, args.seed, args.repeat))
    checked = check(SETTINGS, overrides(args.root))
    return f"warnings={len(checked.warnings)} pending={len(checked.pending)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("build", "check", "serve"))
    parser.add_argument("root", type=Path)
    parser.add_argument("--story", type=Path, help="serve: the story to edit")
    parser.add_argument("--village", type=Path, help="serve: the village to edit and add photos to")
    parser.add_argument("--seed", type=int, default=1, help="serve: seed of the photos added")
    parser.add_argument("--repeat", type=int, default=1, help="serve: each edit this many times, the fastest kept")
    parser.add_argument("--profile", type=Path, help="write pyinstrument reports: PROFILE.txt (call tree), PROFILE-flat.txt (functions by "
                             "their own time) and PROFILE.html")
    args = parser.parse_args(argv)
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
    with profiler or nullcontext():
        print(run_step(args))
    if profiler is not None:
        args.profile.parent.mkdir(parents=True, exist_ok=True)
        args.profile.with_suffix(".txt").write_text(profiler.output_text(unicode=True), encoding="utf-8")
        flat = profiler.output_text(unicode=True, flat=True, time="percent_of_total")
        args.profile.with_name(args.profile.name + "-flat.txt").write_text(flat, encoding="utf-8")
        args.profile.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
