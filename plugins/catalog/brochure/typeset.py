"""Typesetting: the brochure's data and the theme's Typst templates become a tagged PDF, with Typst.

Typst reads files only under the ``root`` it is given. Each brochure is set in a
scratch folder that holds exactly what it may read: the templates (copied from
theme/typst/), ``data.json`` (everything printed, as data: record text never
becomes markup), and under photos/ the published copies of the photos it prints
(hard links into the photo cache; never an original). Fonts are the files
fonts.py chose, given explicitly, with the system's ignored. Any warning Typst
gives (a font it could not find, a label it could not resolve) fails the
brochure, so a half-right PDF is never published.

A process keeps one Typst compiler for as long as the fonts stay the same: it
has read the font files once, and what it memoized for one brochure (the
templates, shaped headings and labels) serves the next; that is a tenth of the
time of a worker's volumes after the first. What it memoizes grows with every
brochure (Typst never evicts it), so parallel.py retires a worker that has grown
large.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BrochureError
from .fonts import font_folder

PDFA = "a-3u"
MAIN = "brochure.typ"
_PAGES = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


class RenderFailed(BrochureError):
    pass


@dataclass(frozen=True)
class Job:
    """One brochure to typeset: everything a worker needs, and nothing of the Catalog."""

    data: str  # data.json
    templates: Path  # theme/typst
    fonts: tuple[Path, ...]  # the font files, and no others
    photo_cache: Path
    photos: dict[str, str] = field(default_factory=dict)  # name under photos/ -> the copy's name in photo_cache
    pdfa: bool = False
    date: dt.date | None = None  # the PDF's creation date: the cover's

    def to_json(self) -> dict:
        return {"data": self.data, "templates": str(self.templates), "fonts": [str(f) for f in self.fonts],
                "photo_cache": str(self.photo_cache), "photos": self.photos, "pdfa": self.pdfa,
                "date": self.date.isoformat() if self.date else None}

    @classmethod
    def from_json(cls, found: dict) -> Job:
        return cls(found["data"], Path(found["templates"]), tuple(Path(f) for f in found["fonts"]),
                   Path(found["photo_cache"]), dict(found["photos"]), bool(found["pdfa"]),
                   dt.date.fromisoformat(found["date"]) if found["date"] else None)


def render_pdf(job: Job) -> Rendered:
    # Imported only to typeset: `invoke check` and builds with nothing to typeset do not load it.
    import typst

    with tempfile.TemporaryDirectory(prefix="brochure-") as scratch:
        root = Path(scratch) / "root"
        _lay_out(job, root)
        stamp = dt.datetime.combine(job.date, dt.time(), tzinfo=dt.UTC).timestamp() if job.date else None
        try:
            pdf, warnings = _compiler(job.fonts).compile_with_warnings(
                input=str(root / MAIN), root=str(root),
                pdf_standards=[PDFA] if job.pdfa else [], timestamp=int(stamp) if stamp is not None else None)
        except typst.TypstError as error:
            raise RenderFailed(f"排版时出现问题，没有生成成果汇编：\n  {_said(error)}\n请把这段提示发给技术人员。") from None
    if warnings:
        shown = "\n".join(f"  {_said(w)}" for w in warnings)
        raise RenderFailed(f"排版时出现问题，没有生成成果汇编：\n{shown}\n请把这段提示发给技术人员。")
    found = _PAGES.search(pdf)
    if found is None:
        raise RenderFailed("排版结果不是完整的 PDF，没有生成成果汇编。请把这段提示发给技术人员。")
    return Rendered(pdf, int(found.group(1)))


@dataclass
class _Compiler:
    fonts: tuple[tuple[str, int, int], ...]  # each font file, its size and time: a changed file is read again
    folder: Path  # the fonts Typst reads, kept while the compiler lives
    typst: object  # typst.Compiler


_current: list[_Compiler] = []  # this process's compiler, for the fonts of the last brochure


def _compiler(fonts: tuple[Path, ...]):
    import typst

    known = tuple((str(f), *_stamp(f)) for f in fonts)
    if _current and _current[0].fonts == known:
        return _current[0].typst
    for old in _current:
        shutil.rmtree(old.folder, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="brochure-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    font_folder(fonts, folder)
    _current[:] = [_Compiler(known, folder, typst.Compiler(font_paths=[str(folder)], ignore_system_fonts=True))]
    return _current[0].typst


def _stamp(font: Path) -> tuple[int, int]:
    try:
        found = font.stat()
    except OSError:
        return (-1, -1)  # Typst says it is missing
    return (found.st_size, found.st_mtime_ns)


def _said(message: object) -> str:
    text = str(getattr(message, "message", None) or message)
    return " ".join(text.split())[:500]


def _lay_out(job: Job, root: Path) -> None:
    """The scratch root: the templates, data.json, and the published copies of the photos it prints."""
    root.mkdir(parents=True)
    for template in sorted(job.templates.glob("*.typ")):
        shutil.copyfile(template, root / template.name)
    (root / "data.json").write_text(job.data, encoding="utf-8")
    if not job.photos:
        return
    (root / "photos").mkdir()
    cache = os.path.realpath(job.photo_cache)
    for name, copy in job.photos.items():
        source = os.path.realpath(job.photo_cache / copy)
        if os.path.dirname(source) != cache or "/" in name or name.startswith("."):
            raise RenderFailed(f"成果汇编要读取本项目以外的文件或网址，已拒绝，没有生成成果汇编：\n  {copy}\n"
                               "成果汇编只使用本项目的模板、字体和已发布的照片。请把这段提示发给技术人员。")
        try:
            os.link(source, root / "photos" / name)
        except OSError:
            shutil.copyfile(source, root / "photos" / name)


def job_data(layout_data: dict) -> str:
    """data.json's text: stable (sorted keys), so the same brochure has the same cache key."""
    return json.dumps(layout_data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
