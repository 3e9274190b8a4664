"""``invoke serve``: the site's brochures and search index brought up to date after the pages, not before.

Once a rebuild has published its pages, a forked process takes the very state
that rebuild left (copy-on-write) and makes the brochures and the search index
from it, and renders again the pages whose fingerprint the brochures' new links
change, all into a scratch folder beside output/. When it is done, and no
newer rebuild has started, its files are moved into the staging folder and
swapped in like any build's. A rebuild that starts meanwhile stops it, and a
new one follows that rebuild. So output/ ends up exactly as a clean build
makes it, and nobody waits for the brochures to see their edit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..brochure import Downloads
from .finish import make_brochures, make_search
from .output import Staging
from .write import PageEntry, write_pages


@dataclass(frozen=True)
class Finished:
    """What the forked process made, in ``folder``: what the site's files are now, and what it changed."""

    folder: Path
    files: dict[str, str | None]
    touched: set[str]  # written into ``folder`` (in ``files``) or no longer part of the site (not in ``files``)
    pages: dict[str, PageEntry]
    search: str | None
    brochures: Downloads
    brochure_files: list[str]


def finish_aside(generator: Any, files: dict[str, str], pages: dict[str, PageEntry], search: str | None,
                 fingerprints: Callable[[Downloads], Any], scratch: Path) -> Finished:
    """In the forked process: brochures, search index and the pages showing the brochures' links, into ``scratch``."""
    aside = Staging(scratch, dict(files), reused=False)  # holds only what it writes; ``files`` says what the site has
    downloads, brochures = make_brochures(generator, aside)
    generator.context["brochures"] = downloads
    pages, _ = write_pages(generator, aside, fingerprints(downloads), pages, workers=1)  # one core: the other edits
    search = make_search(generator, aside, search)
    return Finished(scratch, aside.files, aside.touched, pages, search, downloads, brochures)


def scratch_beside(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}-finishing-", dir=final.parent))


def take_in(finished: Finished, staging: Staging) -> None:
    """The finished files moved into the staging folder (renamed: never written into), the stale ones removed."""
    for rel in sorted(finished.touched):
        digest = finished.files.get(rel)
        if digest is None:
            staging.remove(rel)
            continue
        target = staging.folder / rel
        target.unlink(missing_ok=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(finished.folder / rel, target)
        staging.noted(rel, digest)
    shutil.rmtree(finished.folder, ignore_errors=True)  # only empty folders are left
