"""The two parts of the site made from all of it: the site's brochures (PDF) and the search index.

They are made by brochure/ and search/ (which decide how); this module decides
when and where: into the staging folder, the brochures before the pages (the
pages link to them with their sizes), the search index started before them and
waited for after them (a child process: it has the second core meanwhile); and
not at all when nothing they are made from has changed. ``invoke build`` makes
both before the swap; ``invoke serve`` makes them after the pages are published
(later.py), so a page edit is shown without waiting for them.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .. import urls
from ..brochure import Downloads, site_brochures
from ..search.bundle import defects, defects_kept, is_disk_full
from ..search.index import SearchRecord, broken, disk_full, search_records
from ..search.job import IndexJob, start_index
from .output import Staging


def wants_search(settings: dict[str, Any]) -> bool:
    """SITE_SEARCH = False leaves the search index out (the benchmark times it on its own row)."""
    return bool(settings.get("SITE_SEARCH", True))


def make_brochures(generator: Any, staging: Staging) -> tuple[Downloads, list[str]]:
    """The site's brochures in the staging folder (none: SITE_BROCHURE off, or nothing to print), and their files.

    Each is the cached PDF itself, hard-linked: a PDF is named by the digest of what it was set from
    (brochure/cache.py), so an unchanged brochure is neither typeset nor linked again.
    """
    # The brochures read story bodies; they resolve their links from the shared context's site URL.
    generator.context["localsiteurl"] = generator.settings["SITEURL"]
    published = site_brochures(generator.site, generator.settings)
    for rel, pdf in published.files.items():
        staging.link(rel, pdf, f"brochure:{pdf.stem}")
    for rel in [r for r in staging.files if r.startswith(urls.DOWNLOADS) and r not in published.files]:
        staging.remove(rel)  # e.g. a county with nothing left to print
    return published.downloads, list(published.files)


class SearchIndex:
    """The search index on its way into the staging folder. A child process (search/job.py) writes it into a
    scratch folder beside it while this one renders the pages, on the second core; it is checked whole there
    (search/bundle.py), written again once if it is not, and only then linked in, so the staging folder never
    holds a bundle that was not checked. Nothing to wait for when its records did not change."""

    def __init__(self, staging: Staging, digest: str | None, records: list[SearchRecord] | None = None,
                 final: Path | None = None) -> None:
        self.staging, self.digest = staging, digest
        self._records, self._final = records, final
        self._scratch: Path | None = None
        self._job: IndexJob | None = None
        if records is not None:
            self._start()

    def _start(self) -> None:
        assert self._final is not None and self._records is not None
        try:
            self._scratch = Path(tempfile.mkdtemp(prefix=f".{self._final.name}-search-", dir=self._final.parent))
            self._job = start_index(self._records, self._scratch)
        except BaseException as error:
            self._discard()
            if isinstance(error, OSError) and is_disk_full(error):
                raise disk_full(urls.SEARCH_BUNDLE) from error
            raise

    def finish(self) -> str | None:
        """Wait for it; the digest of the records it was made from (None: no search). Raises BuildFailed."""
        if self._records is None:
            return self.digest
        try:
            folder, wrong = self._written()
            if wrong:  # whatever cut it short may not happen twice (it was Pagefind's lost writes, issue 13)
                self._discard()
                self._start()
                folder, wrong = self._written()
            if wrong:
                raise broken(wrong)
            self._take_in(folder)
        finally:
            self._records = None  # finished, even when it failed: nothing to cancel
            self._discard()
        return self.digest

    def _written(self) -> tuple[Path, list[str]]:
        assert self._job is not None
        job, self._job = self._job, None
        folder = job.finish()
        return folder, defects(folder)

    def _take_in(self, folder: Path) -> None:
        """The checked bundle in the staging folder, in place of the one it had (hard links: nothing is copied)."""
        self.staging.remove_below(urls.SEARCH_BUNDLE)
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            rel = urls.SEARCH_BUNDLE + path.relative_to(folder).as_posix()
            try:
                self.staging.link(rel, path, f"search:{self.digest}:{rel}")
            except OSError as error:
                (self.staging.folder / rel).unlink(missing_ok=True)  # a copy cut short is not left behind
                if is_disk_full(error):
                    raise disk_full(rel, sum(p.stat().st_size for p in files)) from error
                raise

    def _discard(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def cancel(self) -> None:
        self._records = None
        self._discard()


def start_search(generator: Any, staging: Staging, before: str | None) -> SearchIndex:
    """The search index started beside the staging folder; made again only when its records changed, or when
    the bundle output/ has (which the staging folder holds as well) is not whole."""
    if not wants_search(generator.settings):
        staging.remove_below(urls.SEARCH_BUNDLE)
        return SearchIndex(staging, None)
    records = search_records(generator.pages)  # the index is made from these and nothing else
    digest = hashlib.sha256(pickle.dumps(records, protocol=5)).hexdigest()
    final = Path(generator.output_path)
    if digest == before and search_files(staging) and not defects_kept(final / urls.SEARCH_BUNDLE):
        return SearchIndex(staging, digest)
    return SearchIndex(staging, digest, records, final)


def make_search(generator: Any, staging: Staging, before: str | None) -> str | None:
    """The search index in the staging folder, waited for; the digest of its records."""
    return start_search(generator, staging, before).finish()


def search_files(staging: Staging) -> list[str]:
    return [rel for rel in staging.files if rel.startswith(urls.SEARCH_BUNDLE)]
