"""One site, built again and again: what a build remembers makes the next one do only what changed.

``invoke build`` and ``invoke check`` make a Session for one build: it loads
what the last build left in .cache/build/ (the memo of parsed files, the
fingerprints of the pages in output/) and saves it back. ``invoke serve``
keeps one Session for its whole life: the memo, the validated records, the
generator with its Pelican content objects and compiled templates all stay in
memory, and each rebuild is told which paths watchfiles reported.

A build reads and checks everything as a clean build does (generators.py),
with the work saved where inputs did not change; if a build that reused
validated records finds any problem, it is read again from scratch, so the
report is exactly a clean build's. Pages are then written into a staging
folder (incremental/: output.py, write.py, finish.py) and swapped in only when all
is well. The session sits above the generator and the incremental/ machinery it drives, so
neither of them imports it (the layers are checked: tests/test_layers.py).
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

from pelican import Pelican

from .brochure import Downloads
from .failures import check_writable, writing
from .generators import CatalogGenerator
from .incremental.compress import precompress
from .incremental.fingerprints import Fingerprints, Tokens
from .incremental.finish import make_brochures, search_files, start_search
from .incremental.graph import Graph
from .incremental.later import Finished, finish_aside, scratch_beside, take_in
from .incremental.memo import Memo
from .incremental.output import Staging, Trees
from .incremental.quiet import fail_on, load_settings, pelican_quiet
from .incremental.memory import Memory
from .incremental.reading import Reading
from .incremental.remembered import Remembered, load_state, save_state
from .incremental.revalidate import Reuser, Validated
from .incremental.sources import Sources
from .incremental.swap import publishing
from .incremental.version import code_version, folder_digest, settings_digest
from .incremental.write import write_identity, write_pages, write_photos, write_stamp, write_texts, write_theme
from .logs import Collected
from .outcome import Built, Checked
from .records.problems import BuildFailed
from .settings import SiteSettings
from .site import kind_names
from .workers import Background

__all__ = ["Session", "load_settings"]

# Python's full collection runs whenever the objects that survived grew by a quarter. A build keeps nearly all it
# makes until it ends, so at province scale that is 18 full scans of millions of objects in one cold build (2.1 s of
# 12.6), finding almost nothing; the young generations, where short-lived cycles die, are still collected.
_NO_FULL_COLLECTION = 1 << 30


@contextlib.contextmanager
def young_collections_only() -> Iterator[None]:
    """While a build runs (and in the workers it forks), the collector looks only at what was made lately."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], _NO_FULL_COLLECTION)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class Session:
    def __init__(self, settings_file: Path, overrides: dict[str, Any] | None = None, *, on_disk: bool = True,
                 serving: bool = False, workers: int | None = None):
        """``on_disk``: load what is remembered from .cache/build/, and save it there (after every build,
        or, when ``serving``, once at ``close``). ``serving``: ``invoke serve``, told of every change."""
        self.settings_file = settings_file
        self.overrides = dict(overrides or {})
        self.on_disk = on_disk
        self.serving = serving
        self.workers = workers or os.cpu_count() or 1
        self._generator: CatalogGenerator | None = None
        self._made_with: tuple[str, str] | None = None  # (settings digest, theme digest) of the generator
        self._memo: Memo | None = None
        self._sources: Sources | None = None
        self._reading: Reading | None = None
        self._previous: Validated | None = None
        self._read_before: Any = None  # the registry of the last build that read everything without a problem
        self._previous_of: Any = None  # the registry ``_previous`` describes
        self._graph = Graph()
        self._tokens = Tokens()
        self._remembered: Remembered | None = None
        self._final: Path | None = None
        self._lock = threading.RLock()  # one build, or one finishing swap, at a time
        self._generation = 0  # builds published so far; a finishing made from an older one is thrown away
        self._unfinished = False  # the last build left the brochure and the search index for ``finish``
        self._finishing: Background | None = None

    def close(self) -> None:
        """Save what is remembered (``invoke serve`` does so once, when it stops)."""
        self.serving = False
        self._save_memo()
        if self._remembered is not None and self._final is not None:
            self._save_state(self._final, self._remembered)

    def tidy(self) -> None:
        """Collect the garbage of past builds; ``invoke serve`` calls this while nobody waits (about 0.5 s)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def check(self, changed: Iterable[Path] | None = None) -> Checked:
        """Read and validate everything, write nothing; raises BuildFailed."""
        settings = load_settings(self.settings_file, self.overrides)
        try:
            with pelican_quiet(), young_collections_only():
                generator = self._read(settings, changed)
        finally:
            self._save_memo()
        return Checked.of(generator)

    def build(self, changed: Iterable[Path] | None = None, later: bool = False) -> Built:
        """Build the site; raises BuildFailed (or WriteFailed: the disk full, no permission), leaving
        ``OUTPUT_PATH`` exactly as it was.

        ``later``: the brochure and the search index are left as they are, for ``finish`` to bring up to date.
        """
        with self._lock:
            self._stop_finishing()
            settings = load_settings(self.settings_file, self.overrides)
            final = self._final = Path(settings["OUTPUT_PATH"])
            root = SiteSettings.from_pelican(settings).root
            check_writable(final, root)
            try:
                with writing(final, root), pelican_quiet() as log, young_collections_only():
                    generator = self._read(settings, changed)
                    fail_on(log)
                    after, rendered = self._publish(final, generator, lambda staging, before: self._write(
                        generator, staging, before, log, later))
            finally:
                self._save_memo()
            self._unfinished = later
        pages = sum(1 for rel in after.trees.files if rel.endswith(".html"))
        return Built(final, pages, Checked.of(generator), rendered)

    def _publish(self, final: Path, generator: CatalogGenerator,
                 write: Callable[[Staging, Remembered], tuple[Remembered, int]]) -> tuple[Remembered, int]:
        """``write`` into a staging folder, then swap it in; on any failure, output/ and the standby as they were."""
        remembered = self._remembered_for(final, generator)
        with publishing(final, self._lock_file(final, generator)):
            staging = Staging.prepare(final, remembered.trees)
            remembered.trees.standby = None  # in use: not level with output/ until undone or swapped
            try:
                self._save_state(final, remembered)
                after, rendered = write(staging, remembered)
            except BaseException:
                remembered.trees.standby = staging.undo(final)
                with contextlib.suppress(OSError):  # the state saved before says to trust no standby
                    self._save_state(final, remembered)
                raise
            after.trees = staging.settle(final)
        self._remembered = after
        with contextlib.suppress(OSError):  # published; unsaved, the state saved before the build trusts no standby
            self._save_state(final, after)
        self._generation += 1
        return after, rendered

    def _write(self, generator: CatalogGenerator, staging: Staging, before: Remembered, log: Collected,
               later: bool) -> tuple[Remembered, int]:
        if later:
            downloads, brochures = before.brochures, before.brochure_files
        else:
            downloads, brochures = make_brochures(generator, staging)
        generator.context["brochures"] = downloads
        # Started before the pages are rendered: Pagefind works on the second core meanwhile.
        index = None if later else start_search(generator, staging, before.search)
        try:
            prints = self._fingerprints(generator, downloads)
            pages, rendered = write_pages(generator, staging, prints, before.pages, self.workers)
            prints.keep()
            wanted = [*pages, *write_photos(generator, staging), *write_theme(generator.assets, staging),
                      *write_texts(generator, staging), *write_identity(generator, staging)]
            search = before.search if index is None else index.finish()
        except BaseException:
            if index is not None:
                index.cancel()
            raise
        wanted += search_files(staging) + brochures
        if generator.site.settings.public:  # what the web server sends compressed (hosting/); the preview sends files
            wanted += precompress(staging, wanted, self.workers)
        wanted.append(write_stamp(generator.site, staging, wanted))
        staging.keep_only(wanted)
        fail_on(log)
        return Remembered(Trees(), pages, search, downloads, brochures), rendered

    def _fingerprints(self, generator: CatalogGenerator, downloads: Downloads) -> Fingerprints:
        shown = (code_version(), *self._made_with)  # what every page shows besides the catalog
        return Fingerprints(generator.site, generator.registry, self._graph, shown, self._tokens,
                            lambda spec: downloads.shown_by(spec.template, spec.owner))

    def finish(self) -> bool:
        """After a ``later`` build: the brochure and the search index made aside and swapped in (True), unless
        a newer build started meanwhile, or there was nothing to do (False). Raises BuildFailed or WriteFailed."""
        try:
            if self._final is None or self._generator is None:
                return False
            with writing(self._final, SiteSettings.from_pelican(self._generator.settings).root):
                return self._finish()
        finally:
            with self._lock:
                self.tidy()  # while nobody waits: the garbage of the builds so far

    def _finish(self) -> bool:
        with self._lock:
            if not self._unfinished or self._generator is None or self._final is None:
                return False
            generator, final, before, generation = self._generator, self._final, self._remembered, self._generation
            scratch = scratch_beside(final)
            self._finishing = Background(lambda: self._finish_aside(generator, before, scratch))
            job = self._finishing
        try:
            finished = job.result()
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            if job.cancelled:
                return False
            raise
        with self._lock:
            if job.cancelled or generation != self._generation:
                shutil.rmtree(scratch, ignore_errors=True)
                return False
            with pelican_quiet():
                self._publish(final, generator, lambda staging, _: self._take_in(finished, staging))
            self._unfinished = False
        return True

    def _finish_aside(self, generator: CatalogGenerator, before: Remembered, scratch: Path) -> Finished:
        with pelican_quiet() as log, young_collections_only():
            finished = finish_aside(generator, before.trees.files, before.pages, before.search,
                                    lambda downloads: self._fingerprints(generator, downloads), scratch)
            fail_on(log)
        return finished

    def _take_in(self, finished: Finished, staging: Staging) -> tuple[Remembered, int]:
        take_in(finished, staging)
        return Remembered(Trees(), finished.pages, finished.search, finished.brochures, finished.brochure_files), 0

    def _stop_finishing(self) -> None:
        if self._finishing is not None:
            self._finishing.cancel()
            self._finishing = None

    def _read(self, settings: dict[str, Any], changed: Iterable[Path] | None) -> CatalogGenerator:
        generator = self._generator_for(settings)
        site = SiteSettings.from_pelican(generator.settings)
        if self._memo is None:
            self._memo = Memo(site.root / ".cache" / "build" if self.on_disk else None)
        if self._reading is None or self._reading.root != site.root:
            self._sources = Sources([site.content, site.data], trust_changes=self.serving)
            self._reading = Reading(site.root, self._sources, self._memo, self.workers,
                                    store_aside=self.on_disk and not self.serving)
        else:
            self._sources.refresh(changed)
        self._memo.start()
        if generator.memory is None or generator.memory.reading is not self._reading:
            generator.memory = Memory(self._reading)  # a new generator (theme, settings) remembers nothing else
        memory = generator.memory
        memory.reuser = Reuser(self._validated()) if self._read_before is not None else None
        try:
            generator.generate_context()
        except BuildFailed:
            if memory.reuser is None:
                raise
            memory.reuser = None  # read again from scratch: the report is always exactly a clean build's
            generator.generate_context()
        self._read_before = generator.registry  # what the next build may reuse (worked out only if there is one)
        if self.serving:
            self._memo.forget_unused()
        # What was read lives as long as the build: the collector need not look at it again and again
        # (with a province in memory, each full collection takes half a second).
        gc.freeze()
        return generator

    def _validated(self) -> Validated:
        """What the last build validated, with who holds whom (updated from the build before, when there was one)."""
        if self._previous is None or self._previous_of is not self._read_before:
            self._previous = Validated.of(self._read_before, self._graph, kind_names(), self._previous)
            self._previous_of = self._read_before
            self._graph.keep_only(self._previous.records)
        return self._previous

    def _generator_for(self, settings: dict[str, Any]) -> CatalogGenerator:
        pelican = Pelican(settings)
        made_with = (settings_digest(pelican.settings), folder_digest(Path(pelican.theme)))
        if self._generator is None or made_with != self._made_with:
            context = {**pelican.settings, "generated_content": {}, "static_links": set(), "static_content": {},
                       "localsiteurl": pelican.settings["SITEURL"]}
            self._generator = CatalogGenerator(context=context, settings=pelican.settings, path=pelican.path,
                                               theme=pelican.theme, output_path=pelican.output_path)
            self._made_with, self._previous, self._read_before = made_with, None, None
            self._graph, self._tokens = Graph(), Tokens()
        return self._generator

    def _state_file(self, final: Path, generator: CatalogGenerator) -> Path:
        return self._beside_state(final, generator, f"-{code_version()}.pickle")

    def _lock_file(self, final: Path, generator: CatalogGenerator) -> Path:
        """Held by the build working beside ``final``, whichever code version it runs."""
        return self._beside_state(final, generator, ".lock")

    def _beside_state(self, final: Path, generator: CatalogGenerator, suffix: str) -> Path:
        root = SiteSettings.from_pelican(generator.settings).root
        name = sha256(str(final.resolve()).encode()).hexdigest()[:12]
        return root / ".cache" / "build" / f"output-{name}{suffix}"

    def _remembered_for(self, final: Path, generator: CatalogGenerator) -> Remembered:
        if self._remembered is None:
            self._remembered = Remembered()
            if self.on_disk:
                self._remembered = load_state(self._state_file(final, generator)) or Remembered()
        return self._remembered

    def _save_state(self, final: Path, remembered: Remembered) -> None:
        if self.on_disk and not self.serving and self._generator is not None:
            save_state(self._state_file(final, self._generator), remembered)

    def _save_memo(self) -> None:
        if self._memo is not None and not self.serving:
            if self._reading is not None:
                self._reading.stored_aside()
            # A cache: when it cannot be written (the disk full), the next build is only slower, and a failure
            # being raised (the build's own, already said) must not be hidden by this one.
            with contextlib.suppress(OSError, sqlite3.Error):
                self._memo.save()
