"""The search index built beside the pages: started before they are rendered, finished after.

Making the index is Pagefind's work (a separate binary) plus ours: spelling
every page's text as terms and sending each record (about 6 s and 33 s, of
which 27 s are Pagefind's, for the 12,400 records of the benchmark's
province). Both run in a child process (``python -m catalog.search.job``), so
the build's own process, which holds the GIL while it renders pages, pays only
for writing the records to a file; the second core does the rest.

    job = start_index(search_records(pages), scratch)   # before rendering
    ...                                                  # render the pages
    folder = job.finish()                                # raises BuildFailed like write_index

``scratch`` is an empty folder the caller owns (and removes): it receives the
records for the child and the bundle, ``scratch/search/pagefind/``, which the
caller checks (bundle.py) before publishing it.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .. import urls
from ..children import command
from ..records.problems import BuildFailed, Problem
from .bundle import is_disk_full
from .index import SearchRecord, disk_full, failed, write_index


class IndexJob:
    """A search index being written into ``scratch`` by a child process."""

    def __init__(self, records: Iterable[SearchRecord], scratch: Path) -> None:
        given = scratch / "records.json"
        text = json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False).encode("utf-8")
        try:
            given.write_bytes(text)
        except OSError as error:
            if is_disk_full(error):
                raise disk_full(urls.SEARCH_BUNDLE) from error
            raise
        self._log = tempfile.TemporaryFile()
        argv, environment = command("search.job", str(given), str(scratch))
        self._process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self._log, env=environment)
        self.memory: dict[str, float] = {}  # the child's peaks, once finished: its own and its largest Pagefind's

    def finish(self) -> Path:
        """Wait for the index; its folder, or BuildFailed with what went wrong."""
        try:
            reply, _ = self._process.communicate()
            answer = json.loads(reply or "null")
            if isinstance(answer, dict):
                self.memory = answer.get("memory", {})
            if self._process.returncode == 0 and isinstance(answer, dict) and "folder" in answer:
                return Path(answer["folder"])
            if isinstance(answer, dict) and "problems" in answer:
                raise BuildFailed([Problem(*p) for p in answer["problems"]])
            self._log.seek(0)
            raise failed(f"Pagefind 意外停止：{self._log.read().decode('utf-8', 'replace').strip()[-2000:]}")
        finally:
            self._log.close()

    def cancel(self) -> None:
        """Stop it (the build failed elsewhere); nothing is reported."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()
        self._log.close()


def start_index(records: Iterable[SearchRecord], scratch: Path) -> IndexJob:
    return IndexJob(records, scratch)


def _own_peak_mb() -> float:
    """This process's peak since it started (VmHWM): ru_maxrss would count the size of the build that started it."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _main(given: Path, output: Path) -> None:
    records = [SearchRecord(**{**r, "places": tuple(r["places"])}) for r in json.loads(given.read_text(encoding="utf-8"))]
    try:
        answer: dict = {"folder": str(write_index(records, output))}
    except BuildFailed as problems:
        answer = {"problems": [[p.path, p.line, p.field, p.message, p.rule] for p in problems.problems]}
    answer["memory"] = {"python_mb": _own_peak_mb(),  # Pagefind's processes ran one after another, each waited for
                        "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    _main(Path(sys.argv[1]), Path(sys.argv[2]))
