"""One measured process: wall time, and peak memory both of its largest process and of all of them together.

Linux keeps a process's peak RSS across fork and exec, so a command forked
straight from the bench (which holds the whole corpus plan) would report the
bench's own size as its peak. Each command is therefore started by a small
launcher (a bare ``python -S``, about 10 MB), which forks it, waits for it with
wait4 and writes that child's own rusage: its ru_maxrss, which on Linux also
covers the children it reaped (Pelican's and Hugo's workers) but only as the
largest of them. So that forked workers are counted honestly, the launcher
also samples, ten times a second, the proportional set size (PSS: shared pages
divided among the processes sharing them) of the command and every process
below it, and keeps the largest sum.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAUNCHER = """\
import os, sys, threading, time

def below(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/" + name + "/stat", "rb") as f:
                    parent = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found

def pss(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid, "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

peak, done = [0], threading.Event()

def sample(pid):
    while not done.wait(0.1):
        peak[0] = max(peak[0], sum(pss(p) for p in below(pid)))

start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
sampler = threading.Thread(target=sample, args=(pid,), daemon=True)
sampler.start()
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
done.set()
sampler.join()
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss} {peak[0]}")
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the command's ru_maxrss: its largest process
    pages: int | None = None  # HTML files in the output afterwards, where that means something
    combined_mb: float = 0.0  # the largest sum of the PSS of all its processes, sampled
    rendered: int | None = None  # pages rendered by an incremental rebuild (invoke serve's rows)
    largest_kb: float | None = None  # the largest HTML page written (issue 15: none over 200 KB at province scale)
    largest: str = ""  # which page that is


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
        code, seconds, max_rss_kb, pss_kb = figures.read_text().split()
    if int(code) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise StepFailed(f"{' '.join(words)} exited with {code}:\n{tail}")
    return Run(float(seconds), int(max_rss_kb) / 1024, combined_mb=int(pss_kb) / 1024)


def with_pages(run: Run, output: Path) -> Run:
    sizes = [(p.stat().st_size, p) for p in output.rglob("*.html")]
    size, page = max(sizes, default=(0, output))
    return dataclasses.replace(run, pages=len(sizes), largest_kb=size / 1024,
                               largest=page.relative_to(output).as_posix() if sizes else "")


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
    return dataclasses.replace(best, peak_mb=max(r.peak_mb for r in runs),
                               combined_mb=max(r.combined_mb for r in runs))
