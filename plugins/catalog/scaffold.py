"""New stories and records from the templates in scaffold/ (``invoke new``).

Staff answer a few questions (or pass them as options; blueprints.py says what each kind asks); every answer
that names another record is checked against the records that exist, the id is asked (it is the web address),
and a photo is offered with its description, credit and the consent of the people in it. Records elsewhere
that are broken do not stop it: what it writes is checked on its own, as `make check` will check it, before
anything is written. The parts still to write say 待补充, which the content check reports until they are written.
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

from .blueprints import BLUEPRINTS, Answer, Answers, Ask, Blueprint
from .originals import CannotStrip, without_location
from .records.model import Case
from .records.problems import BuildFailed, Problems
from .kind import KINDS
from .records.refs import Registry, unknown_ref_message
from .records.validate import ID_PATTERN, load_records, read_record, validate
from .urls import pinyin_slug

TEMPLATES = "scaffold"  # beside the site's content/ and data/
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Asks one question: the Ask, what may be typed, and the answer Enter keeps ("" for none). Returns None when nobody
# is there to answer (input has ended); None as the asker means options only.
Asker = Callable[[Ask, str, str], "str | None"] | None


@dataclass(frozen=True)
class Created:
    file: Path
    photo: Path | None
    notes: tuple[str, ...] = ()  # said after creating: a photo left out, and why


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
    kept: list[str] = []
    for syllable in pinyin_slug(text).split("-"):
        if kept and len("".join(kept)) + len(syllable) > limit:
            break
        kept.append(syllable)
    return "".join(kept) or "item"


def suggested_id(blueprint: Blueprint, name: str) -> str:
    """An id from the name's pinyin: 新庄村 -> xinzhuang; a case title's place, then its subject:
    依安县：乡村党校开到农民家门口 -> yianxian-xiangcundangxiao."""
    if blueprint.kind == "village" and len(name) > 2:
        return compact_id(name.removesuffix("村"))
    if blueprint.kind == "region":  # as the shipped regions are named: 莱西市 laixi, 王哥庄街道 wanggezhuang, 环县 huanxian
        return compact_id(re.sub(r"(?<=..)(省|自治区|市|自治州|地区|盟|县|自治县|区|旗|镇|乡|街道)$", "", name))
    head, _, rest = re.sub(r"[:：]", "：", name).partition("：")
    if blueprint.kind == "case" and head.strip() and rest.strip():
        return f"{compact_id(head, 16)}-{compact_id(rest, 16)}"
    return compact_id(name, 24)


class Checker:
    """Checks answers against the records that exist (the valid ones: a broken file elsewhere does not matter)."""

    def __init__(self, blueprint: Blueprint, root: Path, registry: Registry):
        self.blueprint, self.root, self.registry = blueprint, root, registry

    def problem(self, ask: Ask, value: Answer, answers: Answers) -> str | None:
        values = value if isinstance(value, tuple) else (value,) if value else ()
        if not values:
            return f"{ask.question}：必须填写。" if ask.required else None
        if ask.choices and values[0] not in ask.choices:
            return f"“{values[0]}”不是可选的{ask.question}。可选的有：{'、'.join(ask.choices)}。"
        for wanted in values if ask.ref else ():
            known = self.registry.of(ask.ref)
            if wanted in self.registry.broken.get(ask.ref, set()):
                continue  # its own file has errors, which make check reports; naming it here is right
            if wanted not in known:
                new_one = {"sources": "source", "regions": "region"}.get(ask.ref)
                return unknown_ref_message(ask.ref, wanted, known,
                                           (lambda r: r.kind in ask.levels) if ask.levels else None) + (
                    f"还没有建这个{KINDS.named(ask.ref).label}时，先运行 make new KIND={new_one} 建好它。" if new_one else "")
            if ask.levels and known[wanted].kind not in ask.levels:
                return (f"“{wanted}”（{known[wanted].name}）是{known[wanted].kind}区域，"
                        f"这里应填{'或'.join(map(str, ask.levels))}区域的编号。")
        if ask.check is not None:
            return next((found for v in values if (found := ask.check(v, answers, self.registry))), None)
        if ask.name == "photo":
            return photo_problem(Path(str(value)))
        return None

    def id_problem(self, wanted: str) -> str | None:
        if not ID_PATTERN.fullmatch(wanted):
            return f"编号“{wanted}”不合适：只能用小写英文字母、数字、连字符“-”或汉字，不能有空格。"
        if wanted in self.taken or self.file(wanted).exists():
            return (f"编号“{wanted}”已经有了（{self.file(wanted).relative_to(self.root).as_posix()}），不会覆盖它。"
                    f"编号也是网页地址，两个{self.blueprint.label}不能共用，请换一个。")
        return None

    @property
    def taken(self) -> set[str]:
        kind = self.blueprint.records
        return set(self.registry.of(kind)) | self.registry.broken.get(kind, set())

    def file(self, record_id: str) -> Path:
        return self.root / self.blueprint.folder / f"{record_id}{Path(self.blueprint.template).suffix}"

    def free(self, base: str) -> str:
        candidate, n = base, 1
        while self.id_problem(candidate):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def hint(self, ask: Ask) -> str:
        """What may be typed: the choices, or some ids with their names."""
        if ask.choices:
            return "可选：" + "、".join(ask.choices)
        if ask.ref:
            known = [(i, r) for i, r in self.registry.of(ask.ref).items()
                     if not ask.levels or r.kind in ask.levels]
            shown = [f"{i}（{_short(getattr(r, 'name', None) or r.title)}）" for i, r in known[:6]]
            more = f" 等共 {len(known)} 个" if len(known) > 6 else ""
            return f"可用的{KINDS.named(ask.ref).label}编号：" + "、".join(shown) + more if shown else ""
        return ""


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def photo_problem(photo: Path) -> str | None:
    if not photo.is_file():
        return f"找不到照片“{photo}”。请检查路径（可以把照片文件拖进这个窗口）。"
    if photo.suffix.lower() not in PHOTO_SUFFIXES:
        return f"“{photo.name}”不是可发布的照片格式（可用 JPEG、PNG、WebP）。"
    try:
        with Image.open(photo) as image:
            image.verify()
    except (UnidentifiedImageError, OSError):
        return f"“{photo.name}”打不开，可能不是照片或文件已损坏。"
    return None


def _typed(ask: Ask, text: str) -> Answer:
    if ask.many:
        return split_many(text)
    text = text.strip()
    if ask.name == "photo":  # a file dragged into a terminal arrives quoted
        text = str(Path(text.strip("'\"")).expanduser()) if text else ""
    return text


def _ask(ask: Ask, given: Mapping[str, str], check: Checker, asker: Asker, answers: Answers,
         id_check: bool = False, default: str = "") -> tuple[Answer, str | None, Asker]:
    """One answer: the option as given, else asked (again, until acceptable) while someone can answer."""
    def judged(value: Answer) -> str | None:
        return check.id_problem(str(value)) if id_check else check.problem(ask, value, answers)

    value: Answer = _typed(ask, given.get(ask.name, "")) or (default or value_of_nothing(ask))
    found = judged(value)
    while ask.name not in given and asker is not None:
        typed = asker(ask, "" if id_check else check.hint(ask), default)
        if typed is None:  # nobody to ask: the rest is judged as the options left it
            return value, found, None
        value = _typed(ask, typed) or (default or value_of_nothing(ask))
        found = judged(value)
        if not found:
            break
        print(found)
    return value, found, asker


def value_of_nothing(ask: Ask) -> Answer:
    return () if ask.many else ""


def id_ask(blueprint: Blueprint) -> Ask:
    return Ask("id", "编号（直接回车用建议的编号）", help=(
        f"编号就是文件名，也是网页地址的一部分（{blueprint.records}/编号/），定下后不要再改；"
        "只用小写英文字母、数字和连字符“-”。"))


def answer_all(blueprint: Blueprint, given: Mapping[str, str], check: Checker, asker: Asker) -> dict[str, Answer]:
    """Every answer, in order; the id right after the name it is made from. Raises NewFailed naming every problem."""
    answers: dict[str, Answer] = {}
    problems = []
    for ask in blueprint.asks:
        if ask.when is not None and not ask.when(answers):
            continue
        answers[ask.name], found, asker = _ask(ask, given, check, asker, answers)
        if found:
            problems.append(f"--{ask.name}: {found}")
        if ask.name == blueprint.name_field:
            suggestion = check.free(suggested_id(blueprint, str(answers[ask.name])))
            answers["id"], found, asker = _ask(id_ask(blueprint), given, check, asker, answers, id_check=True,
                                               default=suggestion)
            if found:
                problems.append(f"--id: {found}")
    if problems:
        raise NewFailed("\n".join(problems) + "\n没有创建文件。请补上或改正以上各项后重新运行。")
    return answers


def _values(blueprint: Blueprint, answers: Answers, date: dt.date, photo: Path | None) -> dict[str, str]:
    values = {k: ", ".join(v) if isinstance(v, tuple) else yaml_text(v) for k, v in answers.items()}
    for ask in blueprint.asks:  # an optional value left out stays in the file as a comment showing how to write it
        if ask.line:
            values[ask.name] = f"{ask.name}: {values[ask.name]}" if answers.get(ask.name) else f"# {ask.name}: {ask.line}"
    values["today"] = date.isoformat()
    values.update(photos=" []", picture="", photo_note="")
    if photo is not None:
        alt, caption, credit = (str(answers.get(k, "")) for k in ("alt", "caption", "credit"))
        who = f"{answers['writer']}，{date.isoformat()}"
        values["photo_note"] = (f"# 照片里能认出的人已同意公开（{who} 确认）" if answers.get("people") == "是" else
                                f"# 照片里没有能认出是谁的人（{who} 确认）")
        values["photos"] = f"\n  - file: {photo.name}\n    alt: {yaml_text(alt)}" + "".join(
            f"\n    {k}: {yaml_text(v)}" for k, v in (("caption", caption), ("credit", credit)) if v)
        under = "".join((caption, f"（{credit}）" if credit else ""))
        values["picture"] = f"\n![{alt}]({photo.name})\n" + (f"\n图：{under}\n" if under else "")
    return values


def _checked(blueprint: Blueprint, target: Path, text: str, root: Path, registry: Registry) -> None:
    """The new file validated as `make check` will validate it; raises NewFailed (ours to fix) if it is not."""
    try:
        if blueprint.kind == "case":
            from .stories import parse_story  # Markdown and Pelican: loaded only for a story

            raw, problems = parse_story(target, root, data=text.encode("utf-8")).front, []
            model = Case
        else:
            raw, problems = read_record(target, root, text)
            model = KINDS.named(blueprint.records).model
    except BuildFailed as failed:
        raw, problems = None, list(failed.problems)
    if raw is not None:
        problems += validate(model, raw, registry)[1]
    if problems:
        raise NewFailed("新文件没有通过检查，没有创建文件（这是程序的问题，请把下面的提示发给技术人员）：\n"
                        + "\n".join(map(str, problems)))


def create(kind: str, root: Path, given: Mapping[str, str], *, asker: Asker = None,
           date: dt.date | None = None) -> Created:
    """Create one new file (and copy its photo); raises NewFailed having written nothing."""
    blueprint = BLUEPRINTS.get(kind)
    if blueprint is None:
        raise NewFailed(f"不知道要新建什么：“{kind}”。可以新建：" +
                        "、".join(f"{b.kind}（{b.label}）" for b in BLUEPRINTS.values()) + "。")
    # The answers are checked against the records that load; a broken one elsewhere is make check's to report.
    registry = load_records(root / "data", root, Problems())
    check = Checker(blueprint, root, registry)
    answers = answer_all(blueprint, given, check, asker)
    date = date or dt.date.today()
    target = check.file(str(answers["id"]))
    photo = Path(str(answers["photo"])) if answers.get("photo") else None
    notes = ()
    if photo is not None and answers.get("consent") == "否":
        notes = ("照片没有加上：照片里能认出的人没有同意公开，这样的照片不能发布。征得本人同意后，"
                 "再按工作指南第四节“照片”把它加上；也可以换一张认不出人的照片。",)
        photo = None
    copy = target.with_name(f"{target.stem}-1{photo.suffix.lower()}") if photo is not None else None
    if copy is not None and copy.exists():
        raise NewFailed(f"--photo: “{copy.name}”已经存在，不会覆盖它。没有创建文件。")
    original = b""
    if photo is not None:
        original = photo.read_bytes()
        try:
            original = without_location(original) or original
        except CannotStrip as cannot:
            raise NewFailed(f"--photo: 照片“{photo.name}”带有拍摄地点（GPS），但{cannot}，无法去掉。"
                            "请换一张不带位置信息的照片。没有创建文件。") from None
    template = Template((root / TEMPLATES / blueprint.template).read_text(encoding="utf-8"))
    text = template.substitute(_values(blueprint, answers, date, copy))
    _checked(blueprint, target, text, root, registry)
    target.parent.mkdir(parents=True, exist_ok=True)
    # "x": never overwrite, even a file that appeared since the checks above.
    if copy is not None:  # the copy enters the repository: without the place the photo was taken (originals.py)
        with copy.open("xb") as out:
            out.write(original)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        if copy is not None:
            copy.unlink()
        raise NewFailed(f"“{target.name}”刚刚被创建了，不会覆盖它。请重新运行。") from None
    return Created(target, copy, notes)
