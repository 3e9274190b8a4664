"""Typesetting several brochures at once, one worker process per core.

Typst's compile runs under the GIL (its Python binding), so more than one brochure
at a time needs processes; a worker also keeps each brochure's memory apart.
The workers are plain subprocesses (``python -m catalog.brochure.worker``), not
multiprocessing's: those re-run the caller's main script on start, which fails
for a build started from standard input and would run again any script that
builds at import time. A worker is a fresh interpreter: it holds no copy of
the build's memory and no pipe of the build's (the search index's service); it
receives a job (typeset.Job: the data and the files it may read) in a scratch
file and writes the PDF beside it. The
largest brochures start first, so the last one to finish is a small one.

Typst memoizes without ever evicting (some 150 MB a county volume of the
benchmark province), so a worker that has grown past RETIRE_AT is closed after
its brochure and a fresh one takes its place: the memory of a province's
brochures stays bounded by the workers' count, not their volumes'.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from ..children import command
from .typeset import Job, Rendered, RenderFailed

RETIRE_AT = 1536 * 1024 * 1024  # bytes resident
_CRASHED = "排版进程意外退出（可能是内存不足），没有生成成果汇编。请把这段提示发给技术人员。"


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Worker:
    def __init__(self, scratch: Path, number: int) -> None:
        self.scratch, self.number, self.done = scratch, number, 0
        self.log = tempfile.TemporaryFile()  # its stderr, for the message if it dies
        argv, environment = command("brochure.worker")
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                        env=environment, text=True)

    def render(self, job: Job) -> Rendered:
        self.done += 1
        given, pdf = (self.scratch / f"{self.number}-{self.done}.{suffix}" for suffix in ("json", "pdf"))
        given.write_text(json.dumps(job.to_json(), ensure_ascii=False), encoding="utf-8")
        request = {"job": str(given), "out": str(pdf)}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            reply = json.loads(self.process.stdout.readline() or "null")
        except (OSError, ValueError):
            reply = None
        if not isinstance(reply, dict):
            self.log.seek(0)
            raise RenderFailed(f"{_CRASHED}\n{self.log.read().decode('utf-8', 'replace')[-2000:]}".rstrip())
        if "error" in reply:
            raise RenderFailed(reply["error"])
        try:
            return Rendered(pdf.read_bytes(), reply["pages"])
        finally:
            given.unlink(missing_ok=True)
            pdf.unlink(missing_ok=True)

    def resident(self) -> int:
        return resident(self.process.pid)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def resident(pid: int) -> int:
    """A process's resident memory in bytes (0 where /proc cannot tell)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0")
    return int(found) * 1024


def render_all(jobs: Sequence[Job], processes: int | None = None) -> Iterator[tuple[int, Rendered]]:
    """Typeset every job, yielding (its index, the result) as each is done; raises the first failure.

    Even one brochure is set in a worker, never in this process: Typst lays pages out on a thread pool that
    does not survive fork(), so a process that had typeset would hang in any forked child that typesets
    (``invoke serve`` makes its brochures in one, session.py ``_finish``), and what Typst memoizes would grow
    with every brochure a long session sets."""
    if jobs:
        yield from _in_workers(jobs, range(len(jobs)), min(processes or cores(), len(jobs)))


def _in_workers(jobs: Sequence[Job], indices: range, processes: int) -> Iterator[tuple[int, Rendered]]:
    order = sorted(indices, key=lambda i: -len(jobs[i].data))
    with tempfile.TemporaryDirectory(prefix="brochures-") as scratch:
        free: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        started = [_Worker(Path(scratch), n) for n in range(processes)]
        numbers = itertools.count(processes)
        for worker in started:
            free.put(worker)

        def typeset(index: int) -> Rendered:
            worker = free.get()
            if worker is None:  # one retired: its successor starts when there is work for it
                worker = _Worker(Path(scratch), next(numbers))  # a new number: new scratch file names
                started.append(worker)
            try:
                return worker.render(jobs[index])
            finally:
                if worker.resident() > RETIRE_AT:
                    worker.close()
                    worker = None
                free.put(worker)

        try:
            with ThreadPoolExecutor(processes) as pool:
                running = {pool.submit(typeset, i): i for i in order}
                try:
                    for future in as_completed(running):
                        yield running[future], future.result()
                finally:
                    for future in running:
                        future.cancel()
        finally:
            for worker in started:
                worker.close()
