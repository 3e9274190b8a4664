"""Digests of what made a cached result: the code that ran, the theme, the settings.

A cache entry keyed by these cannot outlive a change to the code or a setting:
the key changes and the entry is simply not found.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PLUGIN = Path(__file__).resolve().parent.parent  # plugins/catalog
# Libraries whose output ends up in a page, a parsed story, a problem message or a compressed copy.
LIBRARIES = ("pelican", "Jinja2", "MarkupSafe", "Markdown", "nh3", "pydantic", "pydantic_core", "pypinyin", "PyYAML",
             "pyahocorasick", "pillow", "google-re2", "brotli")
# Settings that say where things are written, not what they contain.
UNRENDERED_SETTINGS = frozenset({"OUTPUT_PATH"})


def _library(name: str) -> str:
    try:
        return f"{name}={version(name)}"
    except PackageNotFoundError:
        return f"{name}=?"


def files_digest(files: Iterable[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """Every file below ``folder``, by name and content."""
    return files_digest((p for p in folder.rglob("*") if p.is_file()), folder) if folder.is_dir() else "none"


@lru_cache(maxsize=1)
def code_version() -> str:
    """The plugin's own source as it was when this process started, and the libraries it uses."""
    digest = hashlib.sha256(files_digest(PLUGIN.rglob("*.py"), PLUGIN).encode())
    for part in (sys.version, *(_library(name) for name in LIBRARIES)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


def stable(value: Any) -> Any:
    """A value whose repr is the same in every process (sets sorted, objects by name, never by address)."""
    if isinstance(value, dict):
        return sorted((str(k), stable(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(stable(v)) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    kind = type(value)
    return f"<{kind.__module__}.{kind.__qualname__} {getattr(value, '__qualname__', getattr(value, '__name__', ''))}>"


def settings_digest(settings: dict[str, Any]) -> str:
    shown = {k: v for k, v in settings.items() if k not in UNRENDERED_SETTINGS}
    return hashlib.sha256(repr(stable(shown)).encode()).hexdigest()[:16]
