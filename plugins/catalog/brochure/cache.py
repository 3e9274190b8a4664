"""Rendered brochures, kept by a content hash of everything that goes into them.

WeasyPrint sets about ten pages a second here, so a brochure whose inputs
did not change is not typeset again. The key covers the HTML (all content and
options), the stylesheet, the font files, every photo file the HTML prints
and the WeasyPrint version; never a file's time (a fresh checkout resets
them). Each scope has its own key, so per-county brochures are cached apart.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlparse

from .files import write_atomically
from .fonts import FontFile
from .render import Rendered

FORMAT = "1"  # bump when what is stored changes
KEEP = 200  # entries kept at least; the least recently used go first
_FILE_URI = re.compile(r"""\bsrc="(file://[^"]+)\"""")


@dataclass(frozen=True)
class Inputs:
    html: str
    stylesheet: Path
    fonts: tuple[FontFile, ...]
    pdfa: bool

    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, version("weasyprint"), str(self.pdfa), self.html):
            digest.update(part.encode() + b"\0")
        digest.update(self.stylesheet.read_bytes() + b"\0")
        for font in self.fonts:
            digest.update(f"{font.face}|{font.index}|{font.digest}".encode() + b"\0")
        for uri in sorted(set(_FILE_URI.findall(self.html))):
            # Photo copies are named by their content hash already; hashing the bytes also catches a damaged copy.
            digest.update(Path(unquote(urlparse(uri).path)).read_bytes() + b"\0")
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
