"""What a build leaves beside output/ for the next one, and how it is kept on disk between command-line builds.

The state file is named by the output folder and the code version, and it is
written before a build touches the standby (marking the standby as not level)
and again after the swap: a build that dies half-way leaves a state that
trusts nothing it cannot check, so the next build starts from a fresh copy.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..brochure import Downloads
from .output import Trees
from .write import PageEntry

STATE_FORMAT = 2  # bump when what Remembered holds changes


@dataclass
class Remembered:
    """What the last successful build left beside output/ itself."""

    trees: Trees = field(default_factory=Trees)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    search: str | None = None  # digest of the records the search index was made from
    brochures: Downloads = Downloads()  # what the pages say of the published brochures
    brochure_files: list[str] = field(default_factory=list)  # where they are


def load_state(file: Path) -> Remembered | None:
    try:
        format_, remembered = pickle.loads(file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, TypeError):
        return None
    return remembered if format_ == STATE_FORMAT and isinstance(remembered, Remembered) else None


def save_state(file: Path, remembered: Remembered) -> None:
    value = (STATE_FORMAT, remembered)
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}-", dir=file.parent)
    with os.fdopen(handle, "wb") as out:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, file)
