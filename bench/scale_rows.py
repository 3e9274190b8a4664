"""The bench rows for what grows with the site: the search index, the brochures, the photos.

    python -m bench.scale_rows                # these rows alone, on the province (about 10 minutes)
    python -m bench.scale_rows --scale 0.05   # a twentieth of it

Each figure comes from its own child process (bench/scale_steps.py), which
times only its part: the Pagefind index of every searchable page; the county
brochures (and the whole site's, when short enough) from an empty cache, after
a one-story edit, and with nothing changed; every photo encoded into an empty
cache. ``invoke bench`` prints the same rows below its own.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import Corpus, Scale, generate
from .edits import edit_story
from .measure import timed
from .table import Row, markdown

PROJECT = Path(__file__).resolve().parent.parent


def _step(corpus: Corpus, logs: Path, step: str, name: str, *extra: str) -> dict[str, Any]:
    log = logs / f"scale-{name}.log"
    timed([sys.executable, "-m", "bench.scale_steps", step, corpus.root, *extra], log, cwd=PROJECT,
          env={"PYTHONPATH": str(PROJECT)})
    return json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])


@dataclass(frozen=True)
class ScaleResults:
    search: dict[str, Any] = field(default_factory=dict)
    brochures: dict[str, dict[str, Any]] = field(default_factory=dict)  # cold, story, cached, largest
    photos: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> list[Row]:
        s, b, p = self.search, self.brochures, self.photos
        cold = b["cold"]
        which = f"{cold['brochures']} brochures" + (", the whole site's among them" if cold["site"] else "")
        return [
            Row(f"search index (Pagefind, {s['parts']} parts): {s['records']} records, {s['bytes'] / 1e6:.0f} MB", "s",
                s["seconds"]),
            Row("search index: peak memory, its process (Python)", "MB", s["job_mb"]),
            Row("search index: peak memory, Pagefind (the largest part)", "MB", s["child_mb"]),
            Row("search index: peak memory, all its processes", "MB", s["job_mb"] + s["child_mb"]),
            Row(f"brochures (Typst): {which}, cold", "s", cold["seconds"]),
            Row(f"brochures: after editing one story ({b['story']['typeset']} typeset)", "s", b["story"]["seconds"]),
            Row(f"brochures: nothing changed ({b['cached']['typeset']} typeset)", "s", b["cached"]["seconds"]),
            Row("brochures: pages", "pages", cold["pages"]),
            Row("brochures: total size", "MB", cold["bytes"] / 1024 / 1024),
            Row("brochures: peak memory, build", "MB", cold["self_mb"]),
            Row(f"brochures: peak memory, a worker setting the largest ({b['largest']['pages']} pages, "
                f"{b['largest']['seconds']:.0f} s)", "MB", b["largest"]["self_mb"]),
            Row(f"photos: encode all ({p['photos']})", "s", p["seconds"]),
            Row("photos: per photo (two cores)", "s", p["seconds"] / max(1, p["photos"])),
        ]


def measure_scale(corpus: Corpus, logs: Path, say: Callable[[str], None] = print) -> ScaleResults:
    say("search index …")
    search = _step(corpus, logs, "search", "search")
    say("brochures from an empty cache …")
    brochures = {"cold": _step(corpus, logs, "brochures", "brochures-cold", "--empty-cache")}
    brochures["largest"] = _step(corpus, logs, "typeset", "typeset-largest")
    edit_story(corpus.story)
    say("brochures after editing one story …")
    brochures["story"] = _step(corpus, logs, "brochures", "brochures-story")
    say("brochures with nothing changed …")
    brochures["cached"] = _step(corpus, logs, "brochures", "brochures-cached")
    say("photos …")
    return ScaleResults(search, brochures, _step(corpus, logs, "photos", "photos"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every count of the province")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    scale = Scale().times(args.scale)
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        logs = work / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        print(f"generating the corpus ({scale}) …")
        results = measure_scale(generate(work / "province", scale), logs)
    print(markdown(results.rows()))


if __name__ == "__main__":
    main()
