"""Where a brochure is written: a readable default name, never over someone's file, never half-written."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r'[\\/:*?"<>|\s“”]+')  # not allowed, or awkward, in file names on Windows and in shells


def default_name(label: str, date: dt.date) -> str:
    """成果汇编-依安县-20261201.pdf; 成果汇编-20261201.pdf for the whole site."""
    scope = _UNSAFE.sub("-", label).strip("-")
    return "-".join(p for p in ("成果汇编", scope, date.strftime("%Y%m%d")) if p) + ".pdf"


def unused(path: Path) -> Path:
    """``path``, or ``name-2.pdf``, ``name-3.pdf``… when it exists: without --out nothing is overwritten."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename: nobody ever sees half a file, and a failure leaves no file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a published file is not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def size_label(size: int) -> str:
    """1.2 MB, 850 KB: a file's size as a download link shows it."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
