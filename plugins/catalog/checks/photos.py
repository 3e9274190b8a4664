"""Photos named by records and stories: each one a file of the site, readable, sharp enough, and not too heavy.

A photo is published from the site's own folders (content/ and data/) only: a
web address, an absolute path, a ``..`` path or a link (symlink) that leads out
of them is refused here, before the file is opened, so nothing from elsewhere
on the computer or the network is ever read, published or fetched. A photo
that passes is one the encoder can read: every photo not encoded yet is decoded.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..photos import (LARGEST_BYTES, LARGEST_SIDE, SMALLEST_WIDTH, Elsewhere, PhotoError, PhotoPlan, elsewhere,
                      named_file, plan, undecodable, unencoded)
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from ..settings import SiteSettings
from ..stories import ParsedStory

_SHOWN = 60  # a longer reference (a data: address) is shortened in messages
# A story's published body is nh3's serialisation: every attribute in double quotes.
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\bsrc="([^"]*)"')


@dataclass(frozen=True)
class PhotoRef:
    """A photo as one record or story names it."""

    path: str  # the record or story that names it
    line: int
    field: str
    written: str  # the reference as typed
    source: Path | None  # the file it names; None when it names none (a web address, an absolute path)


def photo_refs(site: SiteSettings, registry: Registry, stories: Iterable[ParsedStory]) -> Iterator[PhotoRef]:
    for (kind, record_id), record in registry.records_by_key():
        if "photos" not in type(record).model_fields:  # asked first: a missing attribute costs pydantic an exception
            continue
        for index, photo in enumerate(record.photos):
            lines = registry.lines[(kind, record_id)]
            yield PhotoRef(record.path, lines.line(("photos", index, "file")), f"photos[{index}].file", photo.file,
                           named_file((site.root / record.path).parent, photo.file))
    for story in stories:
        folder = (site.root / story.front.path).parent
        for image in story.images:
            yield PhotoRef(story.front.path, story.line_of(image.src), "", image.src, named_file(folder, image.src))
        local = {image.src for image in story.images}
        for src in _image_sources(story.html):  # what stories.local_images leaves out: addresses and absolute paths
            if src not in local and elsewhere(src) is not None:
                yield PhotoRef(story.front.path, story.line_of(src), "", src, None)


def plan_photos(site: SiteSettings, refs: Iterable[PhotoRef], planner: Callable[[Path], PhotoPlan] = plan,
                resolve: Callable[[Path], Path] = Path.resolve) -> tuple[dict[Path, PhotoPlan], list[Problem]]:
    """Each photo's plan, and the problems found (``planner`` and ``resolve`` may remember, incremental/)."""
    folders = _Folders((site.content, site.data), tuple(resolve(f) for f in (site.content, site.data)))
    plans: dict[Path, PhotoPlan] = {}
    problems, named = [], []
    for ref in refs:
        source = resolve(ref.source) if ref.source is not None else None
        refused = _refused(ref, source, folders)
        if refused is not None:
            problems.append(refused)
            continue
        assert ref.source is not None and source is not None  # a reference naming no file was refused
        name = ref.source.name
        if source not in plans:
            try:
                plans[source] = planner(source)
            except PhotoError as error:
                problems.append(_problem(ref, f"照片“{name}”{error}", error.rule, name))
                continue
        named.append((ref, name, plans[source]))
    broken = undecodable(unencoded(plans.values(), site.photo_cache))
    for ref, name, photo in named:
        error = broken.get(photo.key)
        problems += [_problem(ref, f"照片“{name}”{error}", error.rule, name)] if error else _quality(ref, name, photo)
    return {source: p for source, p in plans.items() if p.key not in broken}, problems


@dataclass(frozen=True)
class _Folders:
    """Where the site's photos may lie: its content/ and data/ folders, as configured and as resolved."""

    written: tuple[Path, ...]
    resolved: tuple[Path, ...]

    def named(self) -> str:
        return " 和 ".join(f"{f.name}/" for f in self.written)


def _refused(ref: PhotoRef, source: Path | None, folders: _Folders) -> Problem | None:
    """Why the photo may not be published from where the reference leads; None when it may."""
    shown = ref.written if len(ref.written) <= _SHOWN else ref.written[:_SHOWN] + "…"
    copy_it = (f"网站只发布 {folders.named()} 文件夹里的照片：请把照片复制到这个文件所在的文件夹，"
               "再只写文件名（如 photo.jpg）。")
    kind = elsewhere(ref.written)
    if kind is Elsewhere.WEB:
        return _problem(ref, f"图片“{shown}”是网上的地址。网站不从网上下载图片，也不显示别的网站上的图片：请把照片保存下来，"
                             "复制到这个文件所在的文件夹，再只写文件名（如 photo.jpg）。", "photo-remote")
    if kind is Elsewhere.ADDRESS:
        return _problem(ref, f"图片“{shown}”不是照片的文件名，而是以“{shown.split(':')[0]}:”开头的地址。{copy_it}",
                        "photo-outside")
    if kind is Elsewhere.ABSOLUTE:
        return _problem(ref, f"照片“{shown}”写的是电脑上的完整路径，不是网站里的文件。{copy_it}", "photo-outside")
    assert ref.source is not None and source is not None  # the text names a file: where does it lead?
    if any(source.is_relative_to(root) for root in folders.resolved):
        return None
    written_place = Path(os.path.normpath(ref.source))  # where the path leads before any link is followed
    if any(written_place.is_relative_to(os.path.normpath(f)) for f in folders.written):
        return _problem(ref, f"照片“{shown}”是一个链接（快捷方式），指向 {folders.named()} 以外的文件。{copy_it}",
                        "photo-outside")
    return _problem(ref, f"照片“{shown}”在 {folders.named()} 文件夹之外（路径里的“..”走出了网站的文件夹）。{copy_it}",
                    "photo-outside")


def _problem(ref: PhotoRef, message: str, rule: str, subject: str | None = None) -> Problem:
    return Problem(ref.path, ref.line, ref.field, message, rule, subject=ref.written if subject is None else subject)


def _image_sources(body: str) -> Iterator[str]:
    """Every <img>'s src in a story's published body, as written (entities decoded)."""
    for tag in _IMG.findall(body):
        src = _SRC.search(tag)
        if src and src.group(1):
            yield html.unescape(src.group(1))


def _quality(ref: PhotoRef, name: str, photo: PhotoPlan) -> list[Problem]:
    found = []

    def warn(rule: str, message: str) -> None:
        found.append(Problem(ref.path, ref.line, ref.field, f"照片“{name}”{message}", rule, Severity.WARNING,
                             subject=name))

    if photo.size.width < SMALLEST_WIDTH:
        warn("photo-small", f"只有 {photo.size.width}×{photo.size.height} 像素，在大屏幕上会模糊。请尽量换用宽度"
                            f"不少于 {SMALLEST_WIDTH} 像素的原图。")
    if photo.file_bytes > LARGEST_BYTES or max(photo.size.width, photo.size.height) > LARGEST_SIDE:
        warn("photo-large", f"文件 {photo.file_bytes // 1024 // 1024} MB、{photo.size.width}×{photo.size.height} 像素，"
                            "过大。网站会自动缩小，但请确认放的是要发布的那张照片。")
    if photo.has_gps:
        warn("photo-gps", "的原图带有拍摄地点（GPS）信息。发布的照片不带它，但原图提交以后，能看到仓库的人都能读出拍摄地点："
                          "运行 make check 会从原图里去掉它（make hooks 安装的提交前检查也会自动去掉）。")
    return found
