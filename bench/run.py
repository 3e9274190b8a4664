"""``invoke bench``: generate the province, build it as staff would, and set the figures beside plain Pelican and Hugo.

Our steps, each in its own process (bench/steps.py): a cold build (no output,
no photo cache), a rebuild with nothing changed, and a rebuild after each kind
of edit a member of staff makes; then ``check``. The same number of plain
Markdown pages is then built by plain Pelican and by Hugo (baselines.py), in
the same run, so the ratios compare like with like on a machine shared with
other work.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from . import baselines
from .corpus import Corpus, Scale, generate
from .edits import add_photo, edit_story, edit_village
from .measure import Run, fastest, timed, with_pages
from .scale_rows import ScaleResults, measure_scale
from .table import Row, markdown

PROJECT = Path(__file__).resolve().parent.parent
REBUILDS = (("cold", "cold build"), ("pages", "cold build, photos already encoded (theirs: cold)"),
            ("warm", "warm rebuild, nothing changed"),
            ("story", "rebuild after editing one story"), ("village", "rebuild after editing one village"),
            ("photo", "rebuild after adding a photo"))
# invoke serve keeps one session: each rebuild timed until its pages are written (bench/steps.py serve).
SERVE = (("warm", "rebuild as invoke serve does it, nothing changed"),
         ("story", "rebuild as invoke serve does it, after editing one story"),
         ("village", "rebuild as invoke serve does it, after editing one village"),
         ("photo", "rebuild as invoke serve does it, after adding a photo"))


@dataclass(frozen=True)
class Results:
    scale: Scale
    machine: dict[str, str]
    ours: dict[str, Run]
    serving: dict[str, Run]
    pelican: dict[str, Run]
    hugo: dict[str, Run]
    separate: ScaleResults  # search index, brochures and photos, on rows of their own (scale_rows.py)
    repeat: int = 1

    def rows(self) -> list[Row]:
        def seconds(runs: dict[str, Run], key: str) -> float | None:
            return runs[key].seconds if key in runs else None

        def rate(runs: dict[str, Run], key: str = "cold") -> float:
            return runs[key].pages / runs[key].seconds

        def peak(runs: dict[str, Run], keys: tuple[str, ...], combined: bool = False) -> float:
            return max(runs[k].combined_mb if combined else runs[k].peak_mb for k in keys if k in runs)

        builds = tuple(key for key, _ in REBUILDS)
        rows = [Row("pages written", "pages", self.ours["cold"].pages, self.pelican["cold"].pages,
                    self.hugo["cold"].pages)]
        # Their pages have no photos: our cold build without photo encoding is set beside their cold build too.
        theirs = {"pages": "cold"}
        rows += [Row(label, "s", seconds(self.ours, key), seconds(self.pelican, theirs.get(key, key)),
                     seconds(self.hugo, theirs.get(key, key))) for key, label in REBUILDS]
        # Beside Hugo's full build: it has no incremental build outside its development server.
        rows += [Row(label, "s", seconds(self.serving, key), None, seconds(self.hugo, "cold")) for key, label in SERVE]
        rows.append(Row("peak memory (largest build)", "MB", peak(self.ours, builds), peak(self.pelican, builds),
                        peak(self.hugo, builds)))
        rows.append(Row("peak memory, all processes (sum of PSS, sampled)", "MB", peak(self.ours, builds, True),
                        peak(self.pelican, builds, True), peak(self.hugo, builds, True)))
        rows.append(Row("peak memory of the invoke serve session, all processes", "MB",
                        self.serving["session"].combined_mb))
        rows.append(Row("pages per second (cold build; ours: photos already encoded)", "pages/s",
                        rate(self.ours, "pages"), rate(self.pelican), rate(self.hugo)))
        rows.append(Row("invoke check", "s", self.ours["check"].seconds))
        rows.append(Row("largest HTML page (no more than 200 KB)", "KB", self.ours["cold"].largest_kb,
                        self.pelican["cold"].largest_kb, self.hugo["cold"].largest_kb))
        rows += self.separate.rows()
        return rows

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=2)


def _ours(corpus: Corpus, logs: Path, step: str, name: str, profile: Path | None = None,
          extra: tuple[str, ...] = ()) -> Run:
    command = [sys.executable, "-m", "bench.steps", step, corpus.root, *extra]
    if profile is not None:
        command += ["--profile", profile / name]
    run = timed(command, logs / f"ours-{name}.log", cwd=PROJECT, env={"PYTHONPATH": str(PROJECT)})
    return with_pages(run, corpus.root / "output") if step == "build" else run


def _removing(*folders: Path) -> Callable[[], None]:
    return lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in folders]


def measure_ours(corpus: Corpus, logs: Path, say: Callable[[str], None], repeat: int = 1) -> dict[str, Run]:
    """Each step ``repeat`` times, each time after the change it measures (a cold build: no output, no caches)."""
    output, cache, standby = corpus.root / "output", corpus.root / ".cache", corpus.root / ".output-standby"
    # Cold: nothing from a previous build; "pages": only the photos already encoded (.cache/photos) are kept.
    before = {"cold": _removing(output, standby, cache), "pages": _removing(output, standby, cache / "build"),
              "warm": lambda: None,
              "story": lambda: edit_story(corpus.story), "village": lambda: edit_village(corpus.village),
              "photo": lambda: add_photo(corpus.village, corpus.scale.seed)}
    runs = {}
    for key, label in REBUILDS:
        say(f"ours: {label} …")
        runs[key] = fastest(repeat, before[key], lambda key=key: _ours(corpus, logs, "build", key))
    say("ours: check …")
    runs["check"] = fastest(repeat, lambda: None, lambda: _ours(corpus, logs, "check", "check"))
    return runs


def measure_serving(corpus: Corpus, logs: Path, say: Callable[[str], None], repeat: int = 1) -> dict[str, Run]:
    """One invoke serve session: each edit ``repeat`` times, the fastest rebuild kept; the session's memory."""
    say("ours: rebuilds as invoke serve does them …")
    extra = ("--story", str(corpus.story), "--village", str(corpus.village), "--seed", str(corpus.scale.seed),
             "--repeat", str(repeat))
    session = _ours(corpus, logs, "serve", "serve", extra=extra)
    found = json.loads((logs / "ours-serve.log").read_text(encoding="utf-8").strip().splitlines()[-1])
    runs = {key: Run(f["seconds"], session.peak_mb, rendered=f["rendered"]) for key, f in found.items()}
    return {**runs, "session": session}


def profile_ours(corpus: Corpus, logs: Path, folder: Path) -> None:
    """pyinstrument reports of a cold build and a one-story rebuild (untimed: the profiler slows them)."""
    _removing(corpus.root / "output", corpus.root / ".output-standby", corpus.root / ".cache")()
    _ours(corpus, logs, "build", "profile-cold", folder)
    edit_story(corpus.story)
    _ours(corpus, logs, "build", "profile-story", folder)


def machine() -> dict[str, str]:
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    cpu = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    hugo = subprocess.run([baselines.hugo_binary(), "version"], capture_output=True, text=True).stdout
    hugo = hugo.split()[1].split("-")[0] if len(hugo.split()) > 1 else hugo  # "hugo v0.168.0-e27a…+extended …"
    return {"cpu": f"{os.cpu_count()} cores, {cpu}", "memory": f"{memory / 1024 / 1024:.1f} GB",
            "os": platform.platform(), "python": platform.python_version(), "pelican": version("pelican"),
            "hugo": hugo.strip(), "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def bench(scale: Scale, work: Path, say: Callable[[str], None] = print, profile: Path | None = None,
          repeat: int = 1) -> Results:
    """Everything the table shows, measured in ``work`` (a scratch folder); each step the fastest of ``repeat``."""
    about = machine()
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    say(f"generating the corpus ({scale}) …")
    corpus = generate(work / "province", scale)
    ours = measure_ours(corpus, logs, say, repeat)
    serving = measure_serving(corpus, logs, say, repeat)
    separate = measure_scale(corpus, logs, say)
    say(f"plain Markdown: {ours['cold'].pages} pages …")
    plain = baselines.write_plain(work / "plain", ours["cold"].pages, scale.seed)
    say("plain Pelican …")
    pelican = baselines.pelican(plain, logs, repeat)
    say("Hugo …")
    hugo = baselines.hugo(plain, logs, repeat)
    about["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if profile is not None:
        say(f"profiling a cold build and a one-story rebuild into {profile} …")
        profile_ours(corpus, logs, profile)
    return Results(scale, about, ours, serving, pelican, hugo, separate, repeat)


def report(results: Results) -> str:
    about = "\n".join(f"- {key}: {value}" for key, value in results.machine.items())
    counts = ", ".join(f"{f.name}={getattr(results.scale, f.name)}" for f in dataclasses.fields(results.scale))
    return (f"{markdown(results.rows())}\n\nCorpus: {counts}; each step the fastest of {results.repeat}.\n\n"
            f"Machine:\n{about}\n")
