"""Pelican run quietly: its settings read, its log warnings collected (they fail the build), its summary kept off."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pelican.log import console
from pelican.settings import read_settings

from ..logs import Collected, collect_warnings
from ..records.problems import BuildFailed, Problem


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    return read_settings(str(settings_file), override=dict(overrides or {}))


@contextlib.contextmanager
def pelican_quiet() -> Iterator[Collected]:
    """Pelican's log warnings collected (they fail the build), and its own summary line kept off the console."""
    with collect_warnings("pelican") as handler:
        quiet, console.quiet = console.quiet, True  # its "Done: 0 articles" line would mislead staff
        try:
            yield handler
        finally:
            console.quiet = quiet


def fail_on(log: Collected) -> None:
    if log.messages:
        raise BuildFailed([Problem("pelican", 0, "", m, "pelican") for m in log.messages])
