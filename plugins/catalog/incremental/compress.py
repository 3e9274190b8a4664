"""The public site's text files compressed ahead of time: ``index.html.gz`` and ``index.html.br`` beside each.

The web server sends these as they are (nginx's ``gzip_static`` and ``brotli_static``, hosting/nginx/),
so a file is compressed once, by the build that changed it, rather than on every request. Every browser
that sends ``Accept-Encoding: br`` gets the brotli copy, the rest gzip. Measured (docs/hosting.md):

- Stylesheets, scripts and icons are few, kept a year by browsers, and made again only when the theme or
  Pagefind changes: brotli's best, quality 11 (8-10 % smaller than quality 8).
- Pages, feeds and the sitemap are as many as the site has pages and made again on every change: quality
  8, 40 times faster than 11 (a province's pages in seconds rather than two minutes of a cold
  ``make publish``), its copies 10 % larger than 11's and still 16 % smaller than gzip's.
- gzip is zlib's level 9: Zopfli would make its copies 1.7 % smaller at 100 times the time.

A copy is made again only when its file changed: it is known in the staging folder by the digest of the
file it was made from. A copy that would not be smaller than its file is not written (the server then
sends the file). Pagefind's index files are gzipped by Pagefind itself and read by its script as they
are: they are not compressed again. Only public builds do this (docs/hosting.md gives the cost);
``invoke serve`` sends files as they are.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import brotli

from .output import Staging
from ..workers import fork_map

# Below this many bytes to compress, forking workers costs more than it saves.
PARALLEL_FROM = 4 << 20


def gzipped(data: bytes) -> bytes:
    """gzip format, level 9, with no name and no time in its header: the same bytes from every build."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31, 9)
    return packer.compress(data) + packer.flush()


# Brotli's quality for each kind of text file (the module's docstring says why).
BROTLI_QUALITY = {".css": 11, ".js": 11, ".svg": 11, ".html": 8, ".xml": 8, ".json": 8, ".txt": 8}


def brotli_compressed(data: bytes, suffix: str) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=BROTLI_QUALITY[suffix])


ENCODINGS: dict[str, Callable[[bytes, str], bytes]] = {".gz": lambda data, _: gzipped(data), ".br": brotli_compressed}
# Text files; photos, PDFs and Pagefind's own .pf_* and .pagefind files are compressed already.
TEXT_SUFFIXES = tuple(BROTLI_QUALITY)


@dataclass(frozen=True)
class _Job:
    rel: str  # the file
    size: int
    made_from: str  # the digest its copies are known by


def precompress(staging: Staging, wanted: list[str], workers: int) -> list[str]:
    """The compressed copies of the text files among ``wanted``, made where their file changed; their paths."""
    kept, jobs = [], []
    for rel in wanted:
        if not rel.endswith(TEXT_SUFFIXES):
            continue
        digest = staging.files.get(rel)
        if digest is not None and all(staging.files.get(rel + s) == _known(s, digest) for s in ENCODINGS):
            kept += [rel + s for s in ENCODINGS]
            continue
        jobs.append(_Job(rel, (staging.folder / rel).stat().st_size, digest or ""))
    parallel = workers > 1 and sum(job.size for job in jobs) >= PARALLEL_FROM
    shares = _deal(jobs, workers if parallel else 1)
    made = [m for share in fork_map(lambda share: _compress(staging, share), shares) for m in share]
    for rel, key in made:
        staging.noted(rel, key)  # a worker may have written it: this process learns of it here
    return kept + [rel for rel, _ in made]


def _compress(staging: Staging, jobs: list[_Job]) -> list[tuple[str, str]]:
    made = []
    for job in jobs:
        data = (staging.folder / job.rel).read_bytes()
        made_from = job.made_from or hashlib.sha256(data).hexdigest()
        kind = job.rel[job.rel.rindex("."):]
        for suffix, compress in ENCODINGS.items():
            packed = compress(data, kind)
            if len(packed) < len(data):
                staging.write(job.rel + suffix, packed, _known(suffix, made_from))
                made.append((job.rel + suffix, _known(suffix, made_from)))
    return made


def _known(suffix: str, digest: str) -> str:
    return f"{suffix}:{digest}"


def _deal(jobs: list[_Job], workers: int) -> list[list[_Job]]:
    """Shares of about equal bytes: the largest files first, dealt round."""
    ranked = sorted(jobs, key=lambda job: -job.size)
    return [share for share in (ranked[i::workers] for i in range(workers)) if share] or [[]]
