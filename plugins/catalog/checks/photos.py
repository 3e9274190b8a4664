"""Photos named by records and stories: each one found, readable, sharp enough, and not too heavy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..photos import LARGEST_BYTES, LARGEST_SIDE, SMALLEST_WIDTH, PhotoError, PhotoPlan, plan
from ..records.problems import Problem, Severity
from ..records.refs import Registry
from ..stories import ParsedStory


@dataclass(frozen=True)
class PhotoRef:
    """A photo as one record or story names it."""

    path: str  # the record or story that names it
    line: int
    field: str
    source: Path  # the photo file


def photo_refs(root: Path, registry: Registry, stories: Iterable[ParsedStory]) -> Iterator[PhotoRef]:
    for (kind, record_id), record in registry.records_by_key():
        if "photos" not in type(record).model_fields:  # asked first: a missing attribute costs pydantic an exception
            continue
        for index, photo in enumerate(record.photos):
            lines = registry.lines[(kind, record_id)]
            yield PhotoRef(record.path, lines.line(("photos", index, "file")), f"photos[{index}].file",
                           (root / record.path).parent / photo.file)
    for story in stories:
        for image in story.images:
            yield PhotoRef(story.front.path, story.line_of(image.src), "", (root / story.front.path).parent / image.src)


def plan_photos(refs: Iterable[PhotoRef], planner: Callable[[Path], PhotoPlan] = plan,
                resolve: Callable[[Path], Path] = Path.resolve) -> tuple[dict[Path, PhotoPlan], list[Problem]]:
    """Each photo's plan, and the problems found (``planner`` and ``resolve`` may remember, incremental/)."""
    plans: dict[Path, PhotoPlan] = {}
    problems = []
    for ref in refs:
        source = resolve(ref.source)
        if source not in plans:
            try:
                plans[source] = planner(source)
            except PhotoError as error:
                problems.append(Problem(ref.path, ref.line, ref.field, f"照片“{ref.source.name}”：{error}。请检查文件名"
                                        "（包括扩展名）和照片是否放在这个文件的旁边。", "photo-missing", subject=ref.source.name))
                continue
        problems += _quality(ref, plans[source])
    return plans, problems


def _quality(ref: PhotoRef, photo: PhotoPlan) -> list[Problem]:
    name, found = ref.source.name, []

    def warn(rule: str, message: str) -> None:
        found.append(Problem(ref.path, ref.line, ref.field, f"照片“{name}”{message}", rule, Severity.WARNING, subject=name))

    if photo.size.width < SMALLEST_WIDTH:
        warn("photo-small", f"只有 {photo.size.width}×{photo.size.height} 像素，在大屏幕上会模糊。请尽量换用宽度"
                            f"不少于 {SMALLEST_WIDTH} 像素的原图。")
    if photo.file_bytes > LARGEST_BYTES or max(photo.size.width, photo.size.height) > LARGEST_SIDE:
        warn("photo-large", f"文件 {photo.file_bytes // 1024 // 1024} MB、{photo.size.width}×{photo.size.height} 像素，"
                            "过大。网站会自动缩小，但请确认放的是要发布的那张照片。")
    if photo.has_gps:
        warn("photo-gps", "带有拍摄地点（GPS）信息。发布时会自动去除，原图不会发布；如有顾虑，请换用不带位置的照片。")
    return found
