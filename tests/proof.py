"""The randomized differential proof of the incremental build (issue 19).

One seeded sequence of edits (random_edits.py) is applied to a small real site. After each step the site is
built incrementally twice, by both paths staff use: ``invoke serve``'s (one Session kept for the whole run,
told which paths changed, the pages first and the brochures and search index just after; always a preview,
as ``invoke serve`` builds) and ``invoke build``'s (a new Session each time, from what .cache/build/
remembers; the public build when the run has it on), each on its own copy of the site.
The sources are then copied to a new folder and built there from nothing by a fresh Python process, so no
cache and no module-level state can be shared with the builds under test. The three outputs must be the same
bytes, or all three builds must fail with the same report, the incremental outputs left as they were.

On a difference the seed, the step, every edit so far (with the files it changed), the files that differ
and the command that replays it are said (``Difference``); ``invoke incremental-proof`` runs it long.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from catalog.session import Session
from catalog.records.problems import BuildFailed
from conftest import IDENTITY, PROJECT, SITES
from outputs import site_files
from random_edits import Configure, Invalid, Op, Restore, State, Tools, propose, sources

# The clean build: a fresh interpreter, given the site's folder and its settings.
CLEAN_BUILD = """
import json, sys
from pathlib import Path
from catalog.build import build
from catalog.records.problems import BuildFailed
try:
    build(Path(sys.argv[1]) / "pelicanconf.py", json.loads(sys.argv[2]))
except BuildFailed as failed:
    sys.stdout.write(str(failed))
    sys.exit(3)
"""


@dataclass(frozen=True)
class Run:
    """One seeded run: how many steps, and how the build starts out (Configure edits switch public and search)."""

    seed: int
    steps: int
    public: bool = False
    search: bool = False
    brochures: bool = False

    def replay(self, steps: int | None = None) -> str:
        flags = "".join(f" --{name}" for name in ("public", "search", "brochures") if getattr(self, name))
        return f"invoke incremental-proof --seed {self.seed} --steps {steps or self.steps}{flags}"


def overrides(root: Path, state: State, brochures: bool) -> dict:
    """The settings a site copy is built with (its own theme, wording table and settings file)."""
    found = {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "THEME": str(root / "theme"),
             "WORDING_RULES": str(root / "rules" / "wording.yml"), "PLUGIN_PATHS": [str(PROJECT / "plugins")],
             "SITE_BROCHURE": brochures, "SITE_SEARCH": state.search}
    if state.public:
        found.update(PUBLIC_BUILD=True, SITE_PUBLIC_URL="https://zhenxing.example.gov.cn", CATALOG_FOOTER=IDENTITY)
    return found


def new_site(into: Path) -> Path:
    """tests/sites/minimal with its own theme, wording table and settings file, so that edits may change them."""
    root = into / "site"
    shutil.copytree(SITES / "minimal", root)
    shutil.copytree(PROJECT / "theme", root / "theme")
    shutil.copytree(PROJECT / "rules", root / "rules")
    shutil.copy(PROJECT / "pelicanconf.py", root / "pelicanconf.py")
    return root


@dataclass
class Outcome:
    """One build: the files it left in output/, and its report if it failed (or its traceback if it crashed)."""

    files: dict[str, str]
    failure: str | None = None

    def __str__(self) -> str:
        return "built" if self.failure is None else self.failure.splitlines()[0] if self.failure else "failed"


@dataclass
class Difference:
    run: Run
    step: int
    log: list[str]
    found: list[str]

    def __str__(self) -> str:
        return "\n".join([f"The incremental build is not a clean build: seed {self.run.seed}, step {self.step}.",
                          "Edits so far:", *self.log, "What differs:", *self.found,
                          f"Replay: {self.run.replay(self.step)} --keep"])


def compare(name: str, before: dict[str, str], built: Outcome, clean: Outcome) -> list[str]:
    """What is wrong with one incremental build, given the clean one ([] if nothing)."""
    if built.failure is not None or clean.failure is not None:
        if built.failure != clean.failure:
            return [f"{name}: {'failed' if built.failure is not None else 'built'}, the clean build "
                    f"{'failed' if clean.failure is not None else 'built'}:",
                    f"  {name}: {built.failure}", f"  clean: {clean.failure}"]
        return [] if built.files == before else [f"{name}: failed but changed output/: {_diff(built.files, before)}"]
    return [] if built.files == clean.files else [f"{name}: {_diff(built.files, clean.files)}"]


def _diff(ours: dict[str, str], theirs: dict[str, str], most: int = 20) -> str:
    lines = [f"only in the incremental output: {sorted(ours.keys() - theirs.keys())[:most]}",
             f"only in the clean output: {sorted(theirs.keys() - ours.keys())[:most]}",
             f"different bytes: {sorted(k for k in ours.keys() & theirs.keys() if ours[k] != theirs[k])[:most]}"]
    return "; ".join(line for line in lines if not line.endswith("[]"))


class Proof:
    def __init__(self, run: Run, scratch: Path, keys, say: Callable[[str], None] = lambda line: None):
        self.run, self.scratch, self.say = run, scratch, say
        self.rng = random.Random(run.seed)
        self.state = State(public=run.public, search=run.search, signing=keys is not None)
        self.tools = Tools(keys, None)
        self.serving = new_site(scratch / "serve")
        self.command_line = scratch / "cli" / "site"
        self.log: list[str] = []
        self.good = Restore(0, {}, run.public, run.search)  # the sources of the last step that built
        self.serve: Session | None = None
        self.failed_steps = 0
        self.unintended: list[str] = []  # steps that failed to build though no edit meant it: the generator's slips

    def run_all(self) -> Difference | None:
        difference = self.start()
        for step in range(1, self.run.steps + 1):
            if difference is not None:
                return difference
            difference = self.step(step)
        return difference

    def start(self) -> Difference | None:
        """The roster, case-a and what it names signed (public builds have something to publish), a first build."""
        from reviewers import CASE_A, sign, write_roster

        if self.tools.keys is not None:
            write_roster(self.serving, self.tools.keys)
            sign(self.serving, self.tools.keys, CASE_A, today=self.day(0))
        shutil.copytree(self.serving, self.command_line)
        self.serve = Session(self.serving / "pelicanconf.py", self.settings(self.serving, public=False), serving=True)
        return self.check(0, None, [])

    def day(self, step: int):
        import datetime as dt

        return dt.date(2026, 1, 1) + dt.timedelta(days=step % 300)  # a past day, as a reviewer signs

    def settings(self, root: Path, public: bool | None = None) -> dict:
        state = self.state if public is None else replace(self.state, public=public)
        return overrides(root, state, self.run.brochures)

    def step(self, step: int) -> Difference | None:
        op = self.good if not self.state.valid else propose(self.serving, self.rng, self.state)
        before = sources(self.serving)
        op.apply(self.serving, Tools(self.tools.keys, self.day(step)))
        if isinstance(op, (Configure, Restore)):
            self.state.public, self.state.search = op.public, op.search
        after = sources(self.serving)
        changed = sorted(before.keys() ^ after.keys() | {p for p in before.keys() & after.keys()
                                                           if before[p] != after[p]})
        for rel in changed:  # the other copy edited alike
            file = self.command_line / rel
            if rel in after:
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(after[rel])
            else:
                file.unlink()
        self.log.append(f"{step:5}. {op.describe()}" + (f"  [{', '.join(changed)}]" if changed else ""))
        return self.check(step, op, changed, after)

    def check(self, step: int, op: Op | None, changed: list[str],
              after: dict[str, bytes] | None = None) -> Difference | None:
        after = after if after is not None else sources(self.serving)
        serving_before = site_files(self.serving / "output") if step else {}
        command_line_before = site_files(self.command_line / "output") if step else {}
        served = self.serve_build(None if op is None else [self.serving / rel for rel in changed])
        built = self.outcome(self.command_line, lambda: Session(self.command_line / "pelicanconf.py",
                                                                   self.settings(self.command_line)).build())
        clean = self.clean_build(after, self.state.public)
        preview = self.clean_build(after, False) if self.state.public else clean
        found = [*compare("serve path", serving_before, served, preview),
                 *compare("command line", command_line_before, built, clean)]
        edit = self.log[-1].split(". ", 1)[1] if self.log else "first build"
        self.say(f"seed {self.run.seed} step {step}: {edit[:160]} -> {clean}")
        if found:
            return Difference(self.run, step, self.log, found)
        shutil.rmtree(self.scratch / "clean", ignore_errors=True)
        self.state.valid = clean.failure is None and preview.failure is None
        if self.state.valid:
            self.good = Restore(step, after, self.state.public, self.state.search)
        else:
            self.failed_steps += 1
            if not isinstance(op, Invalid):
                self.unintended.append(f"seed {self.run.seed} step {step}: {self.log[-1].strip()}\n{clean.failure}")
        return None

    def serve_build(self, changed: list[Path] | None) -> Outcome:
        self.serve.overrides.clear()
        self.serve.overrides.update(self.settings(self.serving, public=False))

        def build() -> None:
            self.serve.build(changed, later=changed is not None)
            self.serve.finish()

        return self.outcome(self.serving, build)

    def outcome(self, root: Path, build: Callable[[], object]) -> Outcome:
        try:
            build()
            failure = None
        except BuildFailed as failed:
            failure = str(failed)
        except Exception:  # noqa: BLE001 - a crash is a difference, said with its traceback
            failure = "crashed:\n" + traceback.format_exc()
        return Outcome(site_files(root / "output") if (root / "output").is_dir() else {}, failure)

    def clean_build(self, files: dict[str, bytes], public: bool) -> Outcome:
        """The sources written to a new folder and built there by a new Python process."""
        root = self.scratch / "clean" / ("public" if public else "preview") / "site"
        shutil.rmtree(root, ignore_errors=True)
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        done = subprocess.run([sys.executable, "-c", CLEAN_BUILD, str(root), json.dumps(self.settings(root, public))],
                              env={**os.environ, "PYTHONPATH": str(PROJECT / "plugins")}, cwd=root,
                              capture_output=True, text=True)
        failure = None if done.returncode == 0 else done.stdout if done.returncode == 3 else \
            f"crashed ({done.returncode}):\n{done.stderr}"
        return Outcome(site_files(root / "output") if (root / "output").is_dir() else {}, failure)

    def close(self) -> None:
        if self.serve is not None:
            self.serve.close()


def long_run(runs: list[Run], scratch: Path, say: Callable[[str], None]) -> tuple[str, bool]:
    """``invoke incremental-proof``: every run in turn, with reviewers' keys of its own; the closing line."""
    import time

    from reviewers import make_keys

    keys = make_keys(scratch / "keys")
    os.environ["REVIEW_ADMIN_KEY"] = keys.public("admin")
    started, steps, failed = time.perf_counter(), 0, 0
    for run in runs:
        proof = Proof(run, scratch / f"seed-{run.seed}", keys,
                      lambda line: say(f"[{time.perf_counter() - started:6.0f} s] {line}"))
        try:
            difference = proof.run_all()
        finally:
            proof.close()
        steps += len(proof.log)
        failed += proof.failed_steps
        for slip in proof.unintended:
            say(f"failed to build, though no edit meant it to:\n{slip}")
        if difference is not None:
            return f"{difference}\n{steps} steps before it.", False
        shutil.rmtree(scratch / f"seed-{run.seed}", ignore_errors=True)
    seeds = ", ".join(str(run.seed) for run in runs)
    return (f"{steps} steps, seeds {seeds}, 0 differences ({failed} steps failed to build, alike in all three builds; "
            f"{time.perf_counter() - started:.0f} s)"), True
