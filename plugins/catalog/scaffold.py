"""New stories and records from the templates in scaffold/ (``invoke new``).

Staff answer a few questions (or pass them as options); every answer that
names another record is checked against the records that exist, so a new file
starts out valid apart from the text still to be written. The parts still to
write say 待补充, which the content check reports until they are written.
A file is created only if nothing is there: an existing file is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Template

from PIL import Image, UnidentifiedImageError

from .records.model import InitiativeKind, Level
from .records.problems import Problems
from .records.refs import KIND_LABELS, Registry, unknown_ref_message
from .records.validate import ID_PATTERN, load_records
from .urls import pinyin_slug

TEMPLATES = "scaffold"  # beside the site's content/ and data/
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@dataclass(frozen=True)
class Ask:
    """One value `invoke new` needs: its option name, the question staff see, and how it is checked."""

    name: str
    question: str
    ref: str | None = None  # the kind of record it names (a folder under data/)
    levels: tuple[Level, ...] = ()  # for a region ref: the levels it may be (any when empty)
    many: bool = False
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Blueprint:
    kind: str
    label: str
    folder: str  # relative to the site root
    template: str  # file name in scaffold/
    asks: tuple[Ask, ...]
    name_field: str  # the answer the suggested id is made from


TITLE = Ask("title", "标题（一句话说清楚哪里、做了什么）")
SOURCES = Ask("sources", "资料来源的编号（data/sources 里的文件名），至少一个", ref="sources", many=True)
WRITER = Ask("writer", "撰稿人姓名")

BLUEPRINTS: dict[str, Blueprint] = {b.kind: b for b in (
    Blueprint("case", "案例", "content/cases", "case.md", (
        TITLE,
        Ask("county", "所在地区的编号（县、市均可）", ref="regions", levels=(Level.PROVINCE, Level.CITY, Level.COUNTY)),
        Ask("villages", "文中提到的村的编号，没有就直接回车", ref="villages", many=True, required=False),
        Ask("initiatives", "涉及的党建举措的编号，没有就直接回车", ref="initiatives", many=True, required=False),
        SOURCES,
        Ask("summary", "摘要（一两句话，显示在列表和搜索结果里）"),
        WRITER,
    ), "title"),
    Blueprint("village", "示范村", "data/villages", "village.yml", (
        Ask("name", "村名（写全称，如“晓望村”）"),
        Ask("county", "所属县（县级市、区）的编号", ref="regions", levels=(Level.COUNTY,)),
        Ask("township", "所属乡镇（街道）的编号，没有就直接回车", ref="regions", levels=(Level.TOWNSHIP,),
            required=False),
        SOURCES,
        WRITER,
    ), "name"),
    Blueprint("route", "红色旅游线路", "data/routes", "route.yml", (
        Ask("name", "线路名称"),
        Ask("county", "第一站所在地区的编号", ref="regions"),
        SOURCES,
        WRITER,
    ), "name"),
    Blueprint("initiative", "党建举措", "data/initiatives", "initiative.yml", (
        Ask("name", "举措的正式名称（照原文写全称）"),
        Ask("kind", "类型", choices=tuple(k.value for k in InitiativeKind)),
        Ask("level", "级别（由哪一级组织实施）", choices=tuple(level.value for level in Level)),
        Ask("region", "实施地区的编号", ref="regions"),
        SOURCES,
        WRITER,
    ), "name"),
)}

Answer = str | tuple[str, ...]
# Optional single values written as a whole line in the templates ($township), so an unanswered one
# can be left as a comment rather than an empty value.
OPTIONAL_LINES = ("township",)
# Asked again until the answer is acceptable. It returns None when nobody is there to answer
# (input has ended), and None as the asker means options only.
Asker = Callable[[Ask, str], str | None] | None


@dataclass(frozen=True)
class Created:
    file: Path
    photo: Path | None


class NewFailed(Exception):
    """Nothing was created; the message says why, in Chinese."""


def split_many(text: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,，、]+", text.strip()) if part)


def yaml_text(value: str) -> str:
    """A value as YAML text that reads back exactly: plain when safe, else double-quoted."""
    plain = re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*", value) and ": " not in value
    return value if plain and not value.endswith((":", " ")) else json.dumps(value, ensure_ascii=False)


def compact_id(text: str, limit: int = 32) -> str:
    """``晓望村`` -> ``xiaowangcun``: pinyin without separators, cut at a syllable."""
    syllables = pinyin_slug(text).split("-")
    kept: list[str] = []
    for syllable in syllables:
        if kept and len("".join(kept)) + len(syllable) > limit:
            break
        kept.append(syllable)
    return "".join(kept) or "item"


class Answers:
    """Checks answers against the records that exist; collects every problem for the options-only case."""

    def __init__(self, registry: Registry):
        self.registry = registry

    def problem(self, ask: Ask, value: Answer) -> str | None:
        values = value if isinstance(value, tuple) else (value,) if value else ()
        if not values:
            return f"{ask.question}：必须填写。" if ask.required else None
        if ask.choices and values[0] not in ask.choices:
            return f"“{values[0]}”不是可选的{ask.question}。可选的有：{'、'.join(ask.choices)}。"
        for wanted in values if ask.ref else ():
            known = self.registry.of(ask.ref)
            if wanted not in known:
                return unknown_ref_message(ask.ref, wanted, known)
            if ask.levels and known[wanted].kind not in ask.levels:
                return (f"“{wanted}”（{known[wanted].name}）是{known[wanted].kind}区域，"
                        f"这里应填{'或'.join(map(str, ask.levels))}区域的编号。")
        return None

    def hint(self, ask: Ask) -> str:
        """What may be typed: the choices, or some ids with their names."""
        if ask.choices:
            return "可选：" + "、".join(ask.choices)
        if ask.ref:
            known = [(i, r) for i, r in self.registry.of(ask.ref).items()
                     if not ask.levels or r.kind in ask.levels]
            shown = [f"{i}（{_short(getattr(r, 'name', None) or r.title)}）" for i, r in known[:6]]
            more = f" 等共 {len(known)} 个" if len(known) > 6 else ""
            return f"可用的{KIND_LABELS[ask.ref]}编号：" + "、".join(shown) + more if shown else ""
        return ""


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _answers(blueprint: Blueprint, given: Mapping[str, str | tuple[str, ...]], check: Answers,
             asker: Asker) -> dict[str, Answer]:
    """Options as given; every other question asked (again, until acceptable) when someone can answer."""
    answers: dict[str, Answer] = {}
    problems = []
    for ask in blueprint.asks:
        value: Answer = given.get(ask.name, "")
        if isinstance(value, str) and ask.many:
            value = split_many(value)
        found = check.problem(ask, value)
        while ask.name not in given and asker is not None:
            answer = asker(ask, check.hint(ask))
            if answer is None:  # nobody to ask: the rest is judged as the options left it
                asker = None
                break
            value = split_many(answer) if ask.many else answer.strip()
            found = check.problem(ask, value)
            if not found:
                break
            print(found)
        if found:
            problems.append(f"--{ask.name}: {found}")
        answers[ask.name] = value
    if problems:
        raise NewFailed("\n".join(problems) + "\n没有创建文件。请补上或改正以上各项后重新运行。")
    return answers


def _target(blueprint: Blueprint, root: Path, wanted_id: str, answers: Mapping[str, Answer],
            registry: Registry, date: dt.date) -> Path:
    kind = blueprint.folder.split("/")[1]
    taken = set(registry.of(kind)) | registry.broken.get(kind, set())
    folder = root / blueprint.folder
    suffix = Path(blueprint.template).suffix
    if wanted_id:
        if not ID_PATTERN.fullmatch(wanted_id):
            raise NewFailed(f"--id: 编号“{wanted_id}”不合适：只能用小写英文字母、数字、连字符或汉字。没有创建文件。")
        if wanted_id in taken or (folder / f"{wanted_id}{suffix}").exists():
            raise NewFailed(f"--id: 编号为“{wanted_id}”的{blueprint.label}已经存在，不会覆盖它。请换一个编号。没有创建文件。")
        return folder / f"{wanted_id}{suffix}"
    if blueprint.kind == "case":
        base = f"{answers['county']}-{date:%Y%m%d}"
    else:
        name = str(answers[blueprint.name_field])
        base = compact_id(name.removesuffix("村") if blueprint.kind == "village" and len(name) > 2 else name)
    candidate, n = base, 1
    while candidate in taken or (folder / f"{candidate}{suffix}").exists():
        n += 1
        candidate = f"{base}-{n}"
    return folder / f"{candidate}{suffix}"


def _photo(photo: Path | None, target: Path) -> Path | None:
    """Where the photo will be copied: beside the new file, named after it."""
    if photo is None:
        return None
    if not photo.is_file():
        raise NewFailed(f"--photo: 找不到照片“{photo}”。请检查路径。没有创建文件。")
    if photo.suffix.lower() not in PHOTO_SUFFIXES:
        raise NewFailed(f"--photo: “{photo.name}”不是可发布的照片格式（可用 JPEG、PNG、WebP）。没有创建文件。")
    try:
        with Image.open(photo) as image:
            image.verify()
    except (UnidentifiedImageError, OSError):
        raise NewFailed(f"--photo: “{photo.name}”打不开，可能不是照片或文件已损坏。没有创建文件。") from None
    copy = target.with_name(f"{target.stem}-1{photo.suffix.lower()}")
    if copy.exists():
        raise NewFailed(f"--photo: “{copy.name}”已经存在，不会覆盖它。没有创建文件。")
    return copy


def _values(answers: Mapping[str, Answer], date: dt.date, photo: Path | None, alt: str) -> dict[str, str]:
    values = {k: ", ".join(v) if isinstance(v, tuple) else yaml_text(v) for k, v in answers.items()}
    # An optional field left unanswered stays in the file as a comment showing how to fill it in.
    values.update({k: f"{k}: {values[k]}" if answers[k] else f"# {k}: 编号" for k in OPTIONAL_LINES if k in answers})
    values["date"] = date.isoformat()
    values["photos"] = f"\n  - file: {photo.name}\n    alt: {yaml_text(alt)}" if photo else " []"
    values["picture"] = f"\n![{alt}]({photo.name})\n" if photo else ""
    return values


def create(kind: str, root: Path, given: Mapping[str, str | tuple[str, ...]], *, asker: Asker = None,
           date: dt.date | None = None, wanted_id: str = "", photo: Path | None = None, alt: str = "") -> Created:
    """Create one new file (and copy its photo); raises NewFailed having written nothing."""
    blueprint = BLUEPRINTS.get(kind)
    if blueprint is None:
        raise NewFailed(f"不知道要新建什么：“{kind}”。可以新建：" +
                        "、".join(f"{b.kind}（{b.label}）" for b in BLUEPRINTS.values()) + "。")
    problems = Problems()
    registry = load_records(root / "data", root, problems)
    if problems:  # the answers are checked against the records, so they must load first
        raise NewFailed("现有的记录有错误，请先运行 make check 并改正：\n" + "\n".join(map(str, problems)))
    if photo is not None and not alt.strip():
        raise NewFailed("--alt: 照片必须有一句文字说明（如“村党群服务中心外景”），方便视力不好的读者。没有创建文件。")
    answers = _answers(blueprint, given, Answers(registry), asker)
    date = date or dt.date.today()
    target = _target(blueprint, root, wanted_id, answers, registry, date)
    copy = _photo(photo, target)
    template = Template((root / TEMPLATES / blueprint.template).read_text(encoding="utf-8"))
    text = template.substitute(_values(answers, date, copy, alt.strip()))
    target.parent.mkdir(parents=True, exist_ok=True)
    # "x": never overwrite, even a file that appeared since the checks above.
    if copy is not None:
        with copy.open("xb") as out:
            out.write(photo.read_bytes())
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        if copy is not None:
            copy.unlink()
        raise NewFailed(f"“{target.name}”刚刚被创建了，不会覆盖它。请重新运行。") from None
    return Created(target, copy)
