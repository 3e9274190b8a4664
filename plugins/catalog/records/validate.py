"""Read every record file, then validate them all, in dependency order.

Order matters because a validated record holds the records it refers to: a
source before the figures that cite it, a province before its cities, an
initiative before the villages that carry it out. Every problem is collected;
a broken record is remembered so refs to it do not repeat its problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .inputs import leaves, link_out
from .load import LineMap, Unreadable, as_text, load_yaml
from .messages import problems_from
from ..kind import KINDS
from .model import INJECTED
from .problems import Problem, Problems
from .refs import Registry

SUFFIXES = (".yml", ".yaml")
# ASCII for readable URLs, or Chinese for staff who name files by the place.
ID_PATTERN = re.compile(r"[a-z0-9\u3400-\u9fff]+(?:[-_][a-z0-9\u3400-\u9fff]+)*")


@dataclass(frozen=True)
class RawRecord:
    """A parsed file before validation: its values as typed and their lines."""

    id: str
    path: str
    data: dict[str, Any]
    lines: LineMap
    digest: str = ""  # of the file's bytes, when read through a content-keyed cache (incremental/)


# How a file is read into a RawRecord: ``read_record`` itself, or a cache in front of it.
ReadRecord = Callable[[Path, Path], "tuple[RawRecord | None, list[Problem]]"]
# The files below a folder, sorted as ``sorted(folder.rglob("*"))`` sorts them.
ListFiles = Callable[[Path], "list[Path]"]
# A record validated before whose inputs have not changed since, or None to validate it.
Reuse = Callable[[str, "RawRecord"], Any]


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def record_id(file: Path, root: Path, problems: Problems) -> str | None:
    stem = file.stem
    if not ID_PATTERN.fullmatch(stem):
        problems.add(relative(file, root), 1, "",
                     f"文件名“{file.name}”不合适：编号（文件名）只能用小写英文字母、数字、连字符或汉字，不能有空格或大写字母。",
                     "file-name")
        return None
    return stem


def read_record(file: Path, root: Path, text: str | bytes | None = None) -> tuple[RawRecord | None, list[Problem]]:
    """The record in ``file``; ``text``: its text (a story's front matter) or its bytes as already read."""
    rel = relative(file, root)
    if not isinstance(text, str):
        if text is None and leaves(file, root):
            return None, [link_out(file, root)]
        try:
            text = as_text(file.read_bytes() if text is None else text, rel)
        except Unreadable as unreadable:
            return None, [unreadable.problem]
    loaded = load_yaml(text, rel)
    problems = list(loaded.problems)
    if loaded.data is None and problems:
        return None, problems
    if not isinstance(loaded.data, dict):
        problems.append(Problem(rel, 1, "", "文件内容应为一组“字段: 值”，每行一个字段，如“name: 晓望村”。", "record-shape"))
        return None, problems
    for key in INJECTED:
        if key in loaded.data:
            problems.append(Problem(rel, loaded.lines.line((key,)), key, f"不要写“{key}”：它由文件名和位置决定，请删除这一行。",
                                    "field-unknown"))
    if problems:
        return None, problems
    return RawRecord(file.stem, rel, loaded.data, loaded.lines), []


def read_all(data_dir: Path, root: Path, problems: Problems, read: ReadRecord = read_record,
             files: ListFiles = files_under) -> dict[str, dict[str, RawRecord]]:
    """Every record file under data/, by kind and id; duplicates are problems."""
    kinds = KINDS.records()  # each a folder under data/, in the order records may refer to each other
    raw: dict[str, dict[str, RawRecord]] = {kind.name: {} for kind in kinds}
    if not data_dir.is_dir():
        return raw
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if not entry.is_dir() or entry.name not in raw:
            problems.add(relative(entry, root), 0, "", "data/ 下只能有这些文件夹：" + "、".join(
                f"{k.name}（{k.label}）" for k in kinds) + "。请把文件移到对应的文件夹里。", "data-folder")
            continue
        for file in (p for p in files(entry) if p.suffix in SUFFIXES):
            record_id_ = record_id(file, root, problems)
            if record_id_ is None:
                continue
            first = raw[entry.name].get(record_id_)
            if first is not None:
                # Which of the two is the newer file is unknown here, so both are named.
                for this, other in ((relative(file, root), first.path), (first.path, relative(file, root))):
                    problems.add(this, 1, "", f"编号“{record_id_}”重复：{other} 也用了这个文件名。"
                                 "同一类记录的文件名（编号）不能相同，请给其中一个改名。", "id-duplicate")
                continue
            record, found = read(file, root)
            problems.extend(found)
            if record is not None:
                raw[entry.name][record_id_] = record
    return raw


def validate(model: type[BaseModel], raw: RawRecord, registry: Registry, extra: dict[str, Any] | None = None
             ) -> tuple[Any, list[Problem]]:
    values = {**raw.data, "id": raw.id, "path": raw.path, **(extra or {})}
    try:
        return model.model_validate(values, context={"registry": registry}), []
    except ValidationError as error:
        return None, problems_from(error, model, raw.path, raw.lines)


def validate_all(raw: dict[str, dict[str, RawRecord]], registry: Registry, problems: Problems,
                 reuse: Reuse | None = None) -> None:
    """Validate every record, parents first; ``reuse`` may hand back one validated before (incremental/)."""
    for kind, model in ((k.name, k.model) for k in KINDS.records()):
        ordered, cyclic = parents_first(raw.get(kind, {}), problems)
        for record in ordered:
            registry.lines[(kind, record.id)] = record.lines
            registry.raw[(kind, record.id)] = record
            if record.id in cyclic:
                registry.mark_broken(kind, record.id)
                continue
            kept = reuse(kind, record) if reuse is not None else None
            valid, found = (kept, []) if kept is not None else validate(model, record, registry)
            problems.extend(found)
            if valid is None:
                registry.mark_broken(kind, record.id)
            else:
                registry.add(kind, valid)


def parents_first(records: dict[str, RawRecord], problems: Problems) -> tuple[list[RawRecord], set[str]]:
    """Records whose ``parent`` is in the same kind come after that parent.

    Members of a cycle (a is b's parent and b is a's) are reported and
    returned apart, so they are not validated against each other.
    """
    done: set[str] = set()
    cyclic: set[str] = set()
    ordered: list[RawRecord] = []
    for start in sorted(records):
        chain: list[str] = []
        current: str | None = start
        while current in records and current not in done and current not in chain:
            chain.append(current)
            parent = records[current].data.get("parent")
            current = parent if isinstance(parent, str) else None
        if current in chain:
            cycle = chain[chain.index(current):]
            cyclic.update(cycle)
            for member in cycle:
                rec = records[member]
                problems.add(rec.path, rec.lines.line(("parent",)), "parent",
                             "上级关系形成了循环：" + " → ".join([*cycle, cycle[0]]) + "。请改正其中一个 parent。",
                             "parent-cycle")
        for member in reversed(chain):
            if member not in done:
                done.add(member)
                ordered.append(records[member])
    return ordered, cyclic


def load_records(data_dir: Path, root: Path, problems: Problems, read: ReadRecord = read_record,
                 files: ListFiles = files_under, reuse: Reuse | None = None) -> Registry:
    registry = Registry()
    validate_all(read_all(data_dir, root, problems, read, files), registry, problems, reuse)
    unique_values(registry, problems)
    return registry


def unique_values(registry: Registry, problems: Problems) -> None:
    """Values that identify something in the world must not be claimed twice."""
    checks = (("sources", "url", "网址"), ("regions", "code", "区划代码"), ("villages", "code", "区划代码"))
    for kind, field, label in checks:
        seen: dict[str, Any] = {}
        for record in sorted(registry.of(kind).values(), key=lambda r: r.path):
            value = getattr(record, field)
            if value is None:
                continue
            if value in seen:
                line = registry.lines[(kind, record.id)].line((field,))
                problems.add(record.path, line, field, f"{label}“{value}”与 {seen[value].path} 重复，请核对是否写错或重复建档。",
                             "value-duplicate")
            else:
                seen[value] = record
