"""Run Pelican so that a failed build never touches the published output.

Pelican writes into a fresh staging folder beside ``output/``; only when
everything succeeded is the staging folder swapped in. On any problem the
staging folder is deleted and ``output/`` is exactly as it was.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.log import console
from pelican.settings import read_settings

from .checks.review import Pending
from .generators import CatalogGenerator
from .logs import Collected, collect_warnings
from .records.problems import BuildFailed, Problem
from .search.index import search_records, write_index
from .site import Site


@dataclass(frozen=True)
class Checked:
    """What a check or build found besides errors: warnings, and content waiting for review."""

    site: Site
    warnings: list[Problem] = field(default_factory=list)
    pending: list[Pending] = field(default_factory=list)

    @classmethod
    def of(cls, generator: CatalogGenerator) -> Checked:
        return cls(generator.site, generator.warnings, generator.pending)


@dataclass(frozen=True)
class Built:
    output: Path
    pages: int
    checked: Checked


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    return read_settings(str(settings_file), override=dict(overrides or {}))


@contextlib.contextmanager
def _pelican_quiet() -> Iterator[Collected]:
    with collect_warnings("pelican") as handler:
        quiet, console.quiet = console.quiet, True  # its "Done: 0 articles" line would mislead staff
        try:
            yield handler
        finally:
            console.quiet = quiet


def build(settings_file: Path, overrides: dict[str, Any] | None = None) -> Built:
    """Build the whole site; raises BuildFailed, leaving ``OUTPUT_PATH`` untouched."""
    settings = load_settings(settings_file, overrides)
    final = Path(settings["OUTPUT_PATH"])
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
    try:
        settings["OUTPUT_PATH"] = str(staging)
        found: list[CatalogGenerator] = []

        def remember(generators: list[Any]) -> None:
            found.extend(g for g in generators if isinstance(g, CatalogGenerator))

        signals.all_generators_finalized.connect(remember)
        try:
            with _pelican_quiet() as log:
                Pelican(settings).run()
        finally:
            signals.all_generators_finalized.disconnect(remember)
        if log.messages:
            raise BuildFailed([Problem("pelican", 0, "", m, "pelican") for m in log.messages])
        write_index(search_records(found[0].pages), staging)  # in staging: a failed index publishes nothing
        _swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Built(final, sum(1 for _ in final.rglob("*.html")), Checked.of(found[0]))


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames, never a half-written folder."""
    retired = None
    if final.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{final.name}-previous-", dir=final.parent))
        retired.rmdir()
        final.rename(retired)
    staging.rename(final)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def check(settings_file: Path, overrides: dict[str, Any] | None = None) -> Checked:
    """Read and validate everything, write nothing; raises BuildFailed."""
    settings = load_settings(settings_file, overrides)
    with _pelican_quiet():
        pelican = Pelican(settings)
        context = {**pelican.settings, "generated_content": {}, "static_links": set(), "static_content": {},
                   "localsiteurl": pelican.settings["SITEURL"]}
        generator = CatalogGenerator(context=context, settings=pelican.settings, path=pelican.path,
                                     theme=pelican.theme, output_path=pelican.output_path)
        generator.generate_context()
    return Checked.of(generator)
