"""One measured process: wall time and the peak memory of that process and everything it waited for.

Linux keeps a process's peak RSS across fork and exec, so a command forked
straight from the bench (which holds the whole corpus plan) would report the
bench's own size as its peak. Each command is therefore started by a small
launcher (a bare ``python -S``, about 10 MB), which forks it, waits for it with
wait4 and writes that child's own rusage: its ru_maxrss, which on Linux also
covers the children it reaped (Pelican's and Hugo's workers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss}")
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the command's ru_maxrss
    pages: int | None = None  # HTML files in the output afterwards, where that means something


class StepFailed(RuntimeError):
    """A measured command exited non-zero; the message ends with its output."""


def timed(command: Sequence[str | os.PathLike], log: Path, cwd: Path | None = None,
          env: Mapping[str, str] | None = None) -> Run:
    """Run ``command`` to completion, its output going to ``log``; raises StepFailed on failure."""
    words = [os.fspath(c) for c in command]
    with tempfile.TemporaryDirectory() as scratch, log.open("wb") as out:
        figures = Path(scratch) / "rusage"
        subprocess.run([sys.executable, "-S", "-c", LAUNCHER, figures, *words], cwd=cwd, stdout=out,
                       stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, check=True)
        code, seconds, max_rss_kb = figures.read_text().split()
    if int(code) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise StepFailed(f"{' '.join(words)} exited with {code}:\n{tail}")
    return Run(float(seconds), int(max_rss_kb) / 1024)


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def with_pages(run: Run, output: Path) -> Run:
    return Run(run.seconds, run.peak_mb, html_pages(output))


def fastest(times: int, prepare: Callable[[], object], run: Callable[[], Run]) -> Run:
    """The fastest of ``times`` runs, each after ``prepare``; the peak is the largest seen.

    On a shared machine other work only ever slows a run down, so the fastest
    is the best estimate of the step's own cost.
    """
    runs = []
    for _ in range(max(1, times)):
        prepare()
        runs.append(run())
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, max(r.peak_mb for r in runs), best.pages)
