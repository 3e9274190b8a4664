"""Rendered brochures, kept by a content hash of everything that goes into them.

A brochure whose inputs did not change is not typeset again. The key covers the
data the templates print (all content and options), the templates, the font
files, every photo file it prints and the Typst version; never a file's time (a
fresh checkout resets them). Each scope has its own key, so per-county
brochures are cached apart.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .files import write_atomically
from .fonts import FontFile
from .typeset import Rendered

FORMAT = "2"  # bump when what is stored changes
KEEP = 200  # entries kept at least; the least recently used go first


@dataclass(frozen=True)
class Inputs:
    data: str
    templates: Path
    fonts: tuple[FontFile, ...]
    photos: tuple[Path, ...]  # the published copies it prints
    pdfa: bool

    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, version("typst"), str(self.pdfa), self.data):
            digest.update(part.encode() + b"\0")
        for template in sorted(self.templates.glob("*.typ")):
            digest.update(template.name.encode() + b"\0" + template.read_bytes() + b"\0")
        for font in self.fonts:
            digest.update(f"{font.family}|{font.weight}|{font.index}|{font.digest}".encode() + b"\0")
        for photo in sorted(self.photos):
            # Photo copies are named by their content hash already; hashing the bytes also catches a damaged copy.
            digest.update(photo.read_bytes() + b"\0")
        return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    pdf: Path
    pages: int


@dataclass(frozen=True)
class PdfCache:
    folder: Path
    keep: int = KEEP  # the site keeps at least two entries per brochure it publishes

    def entry(self, key: str) -> Entry | None:
        pdf, info = self._files(key)
        if not (pdf.exists() and info.exists()):
            return None
        os.utime(pdf)  # recently used: kept longest
        return Entry(pdf, json.loads(info.read_text(encoding="utf-8"))["pages"])

    def get(self, key: str) -> Rendered | None:
        found = self.entry(key)
        return Rendered(found.pdf.read_bytes(), found.pages) if found else None

    def put(self, key: str, rendered: Rendered) -> Entry:
        self.folder.mkdir(parents=True, exist_ok=True)
        pdf, info = self._files(key)
        write_atomically(info, json.dumps({"pages": rendered.pages}).encode())
        write_atomically(pdf, rendered.pdf)  # last: an entry counts only once its PDF is complete
        self._prune()
        return Entry(pdf, rendered.pages)

    def _files(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.pdf", self.folder / f"{key}.json"

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[self.keep:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)
