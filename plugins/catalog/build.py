"""`invoke build` and `invoke check`: one build of the site, and a failed build never touches output/.

Each is one session.py Session: it loads what the previous build
left in .cache/build/, does only the work whose inputs changed, writes into a
staging folder and swaps it in only when everything succeeded. On any problem
``output/`` is exactly as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .session import Session, load_settings
from .outcome import Built, Checked

__all__ = ["Built", "Checked", "build", "check", "load_settings"]


def build(settings_file: Path, overrides: dict[str, Any] | None = None) -> Built:
    """Build the whole site; raises BuildFailed, leaving ``OUTPUT_PATH`` untouched."""
    return Session(settings_file, overrides).build()


def check(settings_file: Path, overrides: dict[str, Any] | None = None) -> Checked:
    """Read and validate everything, write nothing; raises BuildFailed."""
    return Session(settings_file, overrides).check()
