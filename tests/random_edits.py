"""Seeded sequences of edits to a small real site: what the randomized proof of the incremental build applies.

The site starts as tests/sites/minimal and grows a little as the generator adds records. Every kind of
change staff make is here (tests/test_incremental.py's hand-listed ones, and what issue 19 found untested:
a review-status flip, an initiative's parent or regions, a region moving, a route stop, a photo added and
removed, a record's id, records added and deleted), each a small frozen dataclass whose ``describe()`` says
what it did, so a failing sequence reads as a list of edits.

An edit reads the records as they are on disk (``Corpus``), changes them, mends what the change would leave
dangling (``repair``: references to what is gone, a case's villages outside its county…) and writes back only
the files whose text changed, in the layout staff write. So almost every step leaves a valid site; a few
break it on purpose (``Invalid``), and the step after one that failed puts the sources back (``Restore``).
The proof itself (two incremental builds against a clean one in another process) is in tests/proof.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from PIL import Image

Fields = dict[str, Any]  # a record's YAML as typed: each value a string, a list of strings, or a list of Fields

# ---------------------------------------------------------------------------------------------------------
# The records on disk, as the generator sees them


def _scalar(value: str) -> str:
    """A string as staff type it; quoted only where plain YAML (or a flow list) would read it otherwise."""
    plain = (re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n,\[\]{}]*", value) and ": " not in value
             and " #" not in value and not value.endswith((" ", ":")))
    return value if plain else json.dumps(value, ensure_ascii=False)


def _lines(fields: Fields, pad: str = "") -> list[str]:
    """The layout of tests/sites/minimal: lists of ids in brackets, lists of mappings as blocks."""
    out = []
    for key, value in fields.items():
        if isinstance(value, str):
            out.append(f"{pad}{key}: {_scalar(value)}")
        elif all(isinstance(v, str) for v in value):
            out.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            out.append(f"{pad}{key}:")
            for item in value:
                inner = _lines(item, pad + "    ")
                out += [f"{pad}  - {inner[0].lstrip()}", *inner[1:]]
    return out


@dataclass
class Doc:
    """One record file (data/<kind>/<id>.yml) or story (content/<kind>/<id>.md: front matter and paragraphs)."""

    path: str
    fields: Fields
    body: list[str] | None = None

    @property
    def kind(self) -> str:
        return self.path.split("/")[1]

    @property
    def id(self) -> str:
        return Path(self.path).stem

    def text(self) -> str:
        head = "\n".join(_lines(self.fields)) + "\n"
        return head if self.body is None else f"---\n{head}---\n\n" + "\n\n".join(self.body) + "\n"

    @classmethod
    def parse(cls, path: str, text: str) -> Doc:
        if path.endswith(".md"):
            _, head, body = text.split("---\n", 2)
            return cls(path, yaml.load(head, Loader=yaml.BaseLoader), body.strip("\n").split("\n\n"))
        return cls(path, yaml.load(text, Loader=yaml.BaseLoader))


STORIES = ("cases", "pages")
LEVELS = ("省级", "市级", "县级", "乡级")
REVIEWED = ("cases", "pages", "villages", "initiatives", "routes")
# Fields naming another record: kind -> field -> the kind named. Nested ones: the mappings in a list field.
REFS = {"regions": {"parent": "regions", "sources": "sources"},
        "initiatives": {"parent": "initiatives", "regions": "regions", "sources": "sources"},
        "villages": {"county": "regions", "township": "regions", "initiatives": "initiatives", "sources": "sources"},
        "routes": {"published_in": "sources", "sources": "sources"},
        "cases": {"county": "regions", "villages": "villages", "initiatives": "initiatives", "sources": "sources"},
        "pages": {}, "sources": {}}
NESTED = {"figures": {"source": "sources"}, "titles": {"source": "sources"},
          "stops": {"village": "villages", "region": "regions", "sources": "sources"}}
NEEDS_SOURCES = ("initiatives", "villages", "cases")  # and every stop
REQUIRED = {"cases": ("title", "date", "sources"), "pages": ("title",), "villages": ("name", "county", "sources"),
            "initiatives": ("name", "kind", "level", "summary", "sources"), "routes": ("name", "summary", "stops"),
            "regions": ("name", "kind"), "sources": ("title", "publisher")}
LINK = re.compile(r"\[([^\]]*)\]\(\{filename\}([^)]+)\.md\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


class Corpus:
    """Every record and story of a site, read from disk; ``save`` writes back the files whose text changed."""

    def __init__(self, docs: dict[str, Doc]):
        self.docs = docs

    @classmethod
    def read(cls, root: Path) -> Corpus:
        files = sorted([*root.glob("data/*/*.yml"), *root.glob("content/*/*.md")])
        return cls({(rel := f.relative_to(root).as_posix()): Doc.parse(rel, f.read_text(encoding="utf-8"))
                    for f in files})

    def save(self, root: Path) -> None:
        on_disk = {f.relative_to(root).as_posix() for f in [*root.glob("data/*/*.yml"), *root.glob("content/*/*.md")]}
        for gone in sorted(on_disk - set(self.docs)):
            (root / gone).unlink()
        for path, doc in self.docs.items():
            file, text = root / path, doc.text()
            if path not in on_disk or file.read_text(encoding="utf-8") != text:
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_text(text, encoding="utf-8")

    def of(self, kind: str) -> list[Doc]:
        return [d for d in self.docs.values() if d.kind == kind]

    def get(self, kind: str, id_: str | None) -> Doc | None:
        return self.docs.get(path_of(kind, id_)) if id_ else None

    def ids(self, kind: str) -> list[str]:
        return [d.id for d in self.of(kind)]

    def level(self, region: str) -> int:
        return LEVELS.index(self.docs[path_of("regions", region)].fields["kind"])

    def regions(self, *levels: int) -> list[str]:
        return [d.id for d in self.of("regions") if LEVELS.index(d.fields["kind"]) in levels]

    def lineage(self, region: str | None) -> list[str]:
        """The region and the regions above it."""
        chain = []
        while region and region not in chain and self.get("regions", region) is not None:
            chain.append(region)
            region = self.get("regions", region).fields.get("parent")
        return chain

    def within(self, inner: str, outer: str) -> bool:
        return outer in self.lineage(inner)

    def case_fits(self, county: str | None, villages: list[str], initiatives: list[str]) -> bool:
        """model.Case._places_agree: its villages lie in its county; each initiative reaches it, where it says."""
        if county is None:
            return True
        if any(not self.within(self.get("villages", v).fields["county"], county) for v in villages):
            return False
        return all(not (regions := self.get("initiatives", i).fields.get("regions"))
                   or any(self.within(county, r) or self.within(r, county) for r in regions) for i in initiatives)

    def names(self, kind: str, key: str = "name") -> set[str]:
        return {d.fields.get(key, "") for d in self.of(kind)}

    def slots(self) -> Iterator[tuple[Doc, Fields, str, str]]:
        """Every field naming another record: (its doc, the mapping holding it, the key, the kind it names)."""
        for doc in list(self.docs.values()):
            for key, target in REFS[doc.kind].items():
                if key in doc.fields:
                    yield doc, doc.fields, key, target
            for key, inner in NESTED.items():
                for item in doc.fields.get(key, ()) if not isinstance(doc.fields.get(key), str) else ():
                    for k, target in inner.items():
                        if isinstance(item, dict) and k in item:
                            yield doc, item, k, target

    def named_by(self, kind: str, id_: str) -> list[str]:
        """The docs whose fields name this record."""
        return sorted({d.path for d, mapping, key, target in self.slots() if target == kind
                       and (mapping[key] == id_ if isinstance(mapping[key], str) else id_ in mapping[key])})


def path_of(kind: str, id_: str) -> str:
    return f"content/{kind}/{id_}.md" if kind in STORIES else f"data/{kind}/{id_}.yml"


def repair(c: Corpus) -> None:
    """Mend what an edit left dangling, by the smallest edits staff would make, so the site stays valid."""
    _repair_references(c)
    for route in c.of("routes"):
        for stop in route.fields["stops"]:
            if "village" not in stop and "region" not in stop:
                stop["region"] = sorted(c.ids("regions"))[0]
    for region in sorted(c.of("regions"), key=lambda d: LEVELS.index(d.fields["kind"])):  # parents first
        if "code" in region.fields and not _code_fits(c, region):
            del region.fields["code"]
    for village in c.of("villages"):
        township = c.get("regions", village.fields.get("township"))
        if township is not None and township.fields.get("parent") != village.fields["county"]:
            del village.fields["township"]
    for case in c.of("cases"):
        _case_repair(c, case)
    stories = {d.id for kind in STORIES for d in c.of(kind)}
    for doc in (d for d in c.docs.values() if d.body is not None):
        doc.body = [LINK.sub(lambda m: m[0] if Path(m[2]).name in stories else m[1], p) for p in doc.body]


def _repair_references(c: Corpus) -> None:
    """References to records that are gone taken out; a list of sources that must not be empty keeps one."""
    ids = {kind: set(c.ids(kind)) for kind in REFS}
    any_source = sorted(ids["sources"])[0]
    for doc, mapping, key, target in list(c.slots()):
        value = mapping[key]
        if isinstance(value, list):
            kept = [v for v in value if v in ids[target]]
            if key == "sources" and not kept and (doc.kind in NEEDS_SOURCES or mapping is not doc.fields):
                kept = [any_source]
            mapping[key] = kept
            if not kept:
                del mapping[key]
        elif value not in ids[target]:
            if key == "source":
                mapping[key] = any_source
            else:
                del mapping[key]


def _code_fits(c: Corpus, region: Doc) -> bool:
    """model.check_code_prefix: a code starts as the nearest coded region above it does."""
    for above in c.lineage(region.fields.get("parent")):
        code = c.get("regions", above).fields.get("code")
        if code is not None:
            digits = (2, 4, 6, 9)[c.level(above)]
            return region.fields["code"][:digits] == code[:digits]
    return True


def _case_repair(c: Corpus, case: Doc) -> None:
    county = case.fields.get("county")
    if county is None:
        return
    villages = [v for v in case.fields.get("villages", []) if c.case_fits(county, [v], [])]
    initiatives = [i for i in case.fields.get("initiatives", []) if c.case_fits(county, [], [i])]
    for key, kept in (("villages", villages), ("initiatives", initiatives)):
        if key in case.fields:
            case.fields[key] = kept
            if not kept:
                del case.fields[key]


# ---------------------------------------------------------------------------------------------------------
# The edits


@dataclass(frozen=True)
class Tools:
    """What some edits need besides the site: the reviewers' keys (tests/reviewers.py), and the signing day."""

    keys: Any
    day: dt.date


class Op:
    def describe(self) -> str:
        raise NotImplementedError

    def apply(self, root: Path, tools: Tools) -> None:
        raise NotImplementedError


class Edit(Op):
    """An edit of the records: read, changed, mended (``repair``), and the changed files written."""

    mends: ClassVar[bool] = True

    def apply(self, root: Path, tools: Tools) -> None:
        corpus = Corpus.read(root)
        self.change(corpus, root)
        if self.mends:
            repair(corpus)
        corpus.save(root)

    def change(self, c: Corpus, root: Path) -> None:
        raise NotImplementedError


def _shown(value: Any) -> str:
    return "(removed)" if value is None else json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class SetField(Edit):
    path: str
    key: str
    value: Any  # None: the key taken out
    note: str = ""

    def describe(self) -> str:
        return f"{self.path}: {self.key} = {_shown(self.value)}{f'  ({self.note})' if self.note else ''}"

    def change(self, c: Corpus, root: Path) -> None:
        fields = c.docs[self.path].fields
        if self.value is None:
            fields.pop(self.key, None)
        else:
            fields[self.key] = copy.deepcopy(self.value)


@dataclass(frozen=True)
class Invalid(SetField):
    """A field given a value the build must refuse, on purpose: both builds fail with the same report."""

    mends: ClassVar[bool] = False

    def describe(self) -> str:
        return f"{super().describe()}  [invalid on purpose]"


@dataclass(frozen=True)
class SetBody(Edit):
    path: str
    paragraphs: tuple[str, ...]
    note: str

    def describe(self) -> str:
        return f"{self.path}: body: {self.note}"

    def change(self, c: Corpus, root: Path) -> None:
        c.docs[self.path].body = list(self.paragraphs)


@dataclass(frozen=True)
class AddDoc(Edit):
    path: str
    fields: Fields
    body: tuple[str, ...] | None = None

    def describe(self) -> str:
        return f"new {self.path}: {json.dumps(self.fields, ensure_ascii=False)}" + (
            f" body {json.dumps(self.body, ensure_ascii=False)}" if self.body else "")

    def change(self, c: Corpus, root: Path) -> None:
        c.docs[self.path] = Doc(self.path, copy.deepcopy(self.fields), list(self.body) if self.body else None)


@dataclass(frozen=True)
class DeleteDoc(Edit):
    """A record deleted, with what named it mended: a stop at a deleted village moves to its county."""

    path: str

    def describe(self) -> str:
        return f"deleted {self.path}"

    def change(self, c: Corpus, root: Path) -> None:
        doc = c.docs.pop(self.path)
        if doc.kind == "villages":
            for route in c.of("routes"):
                for stop in route.fields["stops"]:
                    if stop.get("village") == doc.id:
                        del stop["village"]
                        stop.setdefault("region", doc.fields["county"])
        for file in _photo_files(doc):
            (root / self.path).with_name(file).unlink(missing_ok=True)


@dataclass(frozen=True)
class RenameDoc(Edit):
    """A record's file renamed, so its id (and URL) changes; every reference to it follows."""

    path: str
    new_id: str

    def describe(self) -> str:
        return f"renamed {self.path} -> {Path(self.path).with_stem(self.new_id).as_posix()} (references follow)"

    def change(self, c: Corpus, root: Path) -> None:
        doc = c.docs.pop(self.path)
        old, doc.path = doc.id, path_of(doc.kind, self.new_id)
        c.docs[doc.path] = doc
        for _, mapping, key, target in c.slots():
            if target == doc.kind:
                value = mapping[key]
                mapping[key] = self.new_id if value == old else [self.new_id if v == old else v for v in value] \
                    if isinstance(value, list) else value
        for story in (d for d in c.docs.values() if d.body is not None and d.kind == doc.kind):
            story.body = [p.replace(f"{{filename}}{old}.md)", f"{{filename}}{self.new_id}.md)") for p in story.body]


def _photo_files(doc: Doc) -> list[str]:
    if doc.body is not None:
        return [m for p in doc.body for m in IMAGE.findall(p)]
    return [p["file"] for p in doc.fields.get("photos", [])]


def paint(file: Path, colour: tuple[int, int, int]) -> None:
    image = Image.new("RGB", (1200, 900), colour)
    image.paste((250, 240, 200), (0, 0, 600, 300))
    image.save(file, "JPEG", quality=85)


@dataclass(frozen=True)
class AddPhoto(Edit):
    """A photo beside a record (its ``photos``) or in a story's body (a Markdown image)."""

    path: str
    file: str
    colour: tuple[int, int, int]
    alt: str

    def describe(self) -> str:
        return f"{self.path}: photo {self.file} added (colour {self.colour}, alt {self.alt})"

    def change(self, c: Corpus, root: Path) -> None:
        paint((root / self.path).with_name(self.file), self.colour)
        doc = c.docs[self.path]
        if doc.body is not None:
            doc.body.append(f"![{self.alt}]({self.file})")
        else:
            doc.fields.setdefault("photos", []).append({"file": self.file, "alt": self.alt})


@dataclass(frozen=True)
class RemovePhoto(Edit):
    path: str
    file: str

    def describe(self) -> str:
        return f"{self.path}: photo {self.file} removed (and its file)"

    def change(self, c: Corpus, root: Path) -> None:
        doc = c.docs[self.path]
        if doc.body is not None:
            doc.body = [p for p in doc.body if IMAGE.findall(p) != [self.file]]
        else:
            doc.fields["photos"] = [p for p in doc.fields["photos"] if p["file"] != self.file]
            if not doc.fields["photos"]:
                del doc.fields["photos"]
        (root / self.path).with_name(self.file).unlink()


@dataclass(frozen=True)
class RepaintPhoto(Op):
    file: str
    colour: tuple[int, int, int]

    def describe(self) -> str:
        return f"{self.file}: photo replaced (colour {self.colour})"

    def apply(self, root: Path, tools: Tools) -> None:
        paint(root / self.file, self.colour)


@dataclass(frozen=True)
class TextEdit(Op):
    """A file that is not a record changed as a text: a template, the stylesheet, the wording rules, the settings."""

    path: str
    old: str
    new: str

    def describe(self) -> str:
        return f"{self.path}: {json.dumps(self.old, ensure_ascii=False)} -> {json.dumps(self.new, ensure_ascii=False)}"

    def apply(self, root: Path, tools: Tools) -> None:
        file = root / self.path
        text = file.read_text(encoding="utf-8")
        assert self.old in text, (self.path, self.old)
        file.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")


SIGNERS = {"初审": "刘洋", "复审": "陈静", "终审": "王建国"}
SUBSTITUTE = "张敏"  # may sign every level: 复审 when 陈静 has left the roster


@dataclass(frozen=True)
class Sign(Op):
    """Items signed with ``make sign``'s code, level by level (tests/reviewers.sign)."""

    paths: tuple[str, ...]
    levels: tuple[str, ...]

    def describe(self) -> str:
        return f"signed {'、'.join(self.levels)}: {', '.join(self.paths)}"

    def apply(self, root: Path, tools: Tools) -> None:
        from reviewers import sign

        roster = (root / "reviewers/roster.yml").read_text(encoding="utf-8")
        signers = {**SIGNERS, **({} if f"name: {SIGNERS['复审']}" in roster else {"复审": SUBSTITUTE})}
        sign(root, tools.keys, self.paths, self.levels, signers, tools.day)


@dataclass(frozen=True)
class Unsign(Op):
    """An item's signatures taken back: the file deleted (``keep`` 0) or only its first levels kept."""

    file: str
    keep: int

    def describe(self) -> str:
        return f"{self.file}: " + ("deleted (every signature)" if not self.keep else f"only the first {self.keep} kept")

    def apply(self, root: Path, tools: Tools) -> None:
        from catalog.signoff.store import read_signatures, write_signatures

        file = root / self.file
        if not self.keep:
            file.unlink()
            return
        kept, problems = read_signatures(file, self.file)
        assert not problems, problems
        write_signatures(file, kept[: self.keep])


@dataclass(frozen=True)
class Roster(Op):
    """The administrator signs a new roster: a reviewer leaving voids their signatures."""

    people: tuple[str, ...]

    def describe(self) -> str:
        return f"reviewers/roster.yml: signed again with {'、'.join(self.people)}"

    def apply(self, root: Path, tools: Tools) -> None:
        from reviewers import PEOPLE, write_roster

        write_roster(root, tools.keys, {who: PEOPLE[who] for who in self.people})


@dataclass(frozen=True)
class Configure(Op):
    """The build switched: the public build (only what is signed) or the search index, on or off."""

    public: bool
    search: bool

    def describe(self) -> str:
        return f"settings now: public build {'on' if self.public else 'off'}, search {'on' if self.search else 'off'}"

    def apply(self, root: Path, tools: Tools) -> None:
        pass  # the builds are told (proof.py)


@dataclass(frozen=True)
class Restore(Op):
    """After a failed build: the sources (and settings) put back as they were after step ``step``."""

    step: int
    files: dict[str, bytes] = field(repr=False, compare=False)
    public: bool = False
    search: bool = False

    def describe(self) -> str:
        return f"sources and settings put back as after step {self.step}"

    def apply(self, root: Path, tools: Tools) -> None:
        for rel in sorted(set(sources(root)) - set(self.files)):
            (root / rel).unlink()
        for rel, data in self.files.items():
            file = root / rel
            if not file.is_file() or file.read_bytes() != data:
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(data)


WATCHED = ("content", "data", "theme", "rules", "reviews", "reviewers", "pelicanconf.py")  # what invoke serve watches


def sources(root: Path) -> dict[str, bytes]:
    """Every file a build reads, by path relative to the site."""
    found = {}
    for name in WATCHED:
        top = root / name
        for file in [top] if top.is_file() else sorted(top.rglob("*")):
            if file.is_file():
                found[file.relative_to(root).as_posix()] = file.read_bytes()
    return found


# ---------------------------------------------------------------------------------------------------------
# The generator: from the site as it is and a seeded random source, the next edit

PHRASES = ("党员带头领办合作社。", "村里修缮了党群服务中心。", "网格员每周走访农户。", "茶园面积逐年扩大。",
           "村集体经济收入稳步增长。", "驻村工作队帮助销售农产品。", "村民议事会每月召开一次。", "红色教育基地接待参观学习。",
           "村党支部牵头成立了劳务合作社。", "老党员讲述村里的变化。")
TOPICS = ("的党建引领之路", "发展特色产业", "建强村党组织", "推进乡风文明", "壮大集体经济", "打造红色阵地", "的网格化治理")
VILLAGE_NAMES = [a + b + "村" for a in "东西南北前后上下" for b in ("岭", "河", "山", "庄", "坡", "沟")]
COUNTIES = (("pingdu", "平度市"), ("jimo", "即墨区"), ("jiaozhou", "胶州市"), ("laiyang", "莱阳市"), ("yian", "依安县"),
            ("keshan", "克山县"), ("haiyang", "海阳市"))
CITIES = (("yantai", "烟台市"), ("qiqihar", "齐齐哈尔市"), ("weifang", "潍坊市"))
TOWNSHIPS = (("guhe", "沽河街道"), ("dianbu", "店埠镇"), ("yuanshang", "院上镇"), ("beizhai", "北宅街道"), ("shazikou", "沙子口街道"))
INITIATIVES = ("强村富民行动", "红色物业工程", "党员积分制", "乡村振兴合伙人计划", "村级组织体系建设", "支部联建机制", "先锋驿站工程")
KINDS = ("党建品牌", "工作法", "工程", "行动", "机制")
LABELS = (("户数", "户"), ("人口", "人"), ("集体收入", "万元"), ("茶园面积", "亩"))
PUBLISHERS = ("青岛日报", "大众日报", "青岛发布", "人民网", "新华网")
ROUTE_NAMES = ("红色记忆研学线", "乡村振兴观摩线", "胶东党史教育线", "茶乡振兴体验线")
STOP_NAMES = ("党群服务中心", "村史馆", "党支部旧址", "合作社展厅", "茶园观景台", "红色广场")


def _pick(rng: random.Random, items: list | tuple) -> Any:
    return items[rng.randrange(len(items))] if items else None


def _some(rng: random.Random, items: list, most: int = 2) -> list:
    return rng.sample(items, rng.randint(0, min(most, len(items)))) if items else []


def _fresh(rng: random.Random, candidates: list | tuple, used: set) -> Any:
    left = [c for c in candidates if (c[0] if isinstance(c, tuple) else c) not in used]
    return _pick(rng, left)


def _number(c: Corpus, kind: str, prefix: str) -> str:
    """The first id ``prefix-N`` no record of ``kind`` has."""
    n = 1
    while c.get(kind, f"{prefix}-{n}") is not None:
        n += 1
    return f"{prefix}-{n}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2019, 2026)}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def _title(c: Corpus, rng: random.Random) -> str | None:
    used = c.names("cases", "title") | c.names("pages", "title")
    places = [d.fields["name"] for d in [*c.of("villages"), *c.of("regions")]]
    return _fresh(rng, [p + t for p in places for t in TOPICS], used)


@dataclass
class State:
    """What the generator knows besides the records: the build's switches, and whether the last build passed."""

    public: bool = False
    search: bool = False
    valid: bool = True
    signing: bool = True  # the reviewers' keys are at hand


Maker = Callable[[Corpus, random.Random, State], Op | None]


def story_body(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, [*c.of("cases"), *c.of("pages")])
    said = [p for p in doc.body if p in PHRASES]
    if said and len(doc.body) > 1 and rng.random() < 0.4:
        gone = _pick(rng, said)
        return SetBody(doc.path, tuple(p for p in doc.body if p != gone),
                       f"paragraph {json.dumps(gone, ensure_ascii=False)} removed")
    new = _fresh(rng, PHRASES, set(doc.body))
    if new is None:
        return None
    where = rng.randint(0, len(doc.body))
    return SetBody(doc.path, (*doc.body[:where], new, *doc.body[where:]),
                   f"paragraph {where + 1} added: {json.dumps(new, ensure_ascii=False)}")


def story_link(c: Corpus, rng: random.Random, s: State) -> Op | None:
    case = _pick(rng, c.of("cases"))
    linked = [p for p in case.body if LINK.search(p)]
    if linked and rng.random() < 0.5:
        p = _pick(rng, linked)
        return SetBody(case.path, tuple(LINK.sub(r"\1", q) if q == p else q for q in case.body), "a link taken out")
    other = _pick(rng, [d for d in c.of("cases") if d is not case])
    if other is None:
        return None
    return SetBody(case.path, (*case.body, f"另见[{other.fields['title']}]({{filename}}{other.id}.md)。"),
                   f"a link to {other.path} added")


def story_field(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("cases"))
    f = doc.fields
    values = {
        "title": lambda: _title(c, rng),
        "date": lambda: _date(rng),
        "happened": lambda: _pick(rng, (None, "2021", "2022-05", "2023-10/2024-06", "2022/", "2024-03-15")),
        "summary": lambda: _pick(rng, (None, *PHRASES)),
        "featured": lambda: None if "featured" in f else "true",
        "slug": lambda: _slug(c, rng, doc, "gushi"),
        "county": lambda: _pick(rng, [None, *(r for r in c.regions(0, 1, 2)
                                             if c.case_fits(r, f.get("villages", []), f.get("initiatives", [])))]),
        "villages": lambda: _some(rng, [v for v in c.ids("villages") if c.case_fits(f.get("county"), [v], [])]) or None,
        "initiatives": lambda: _some(rng, [i for i in c.ids("initiatives")
                                           if c.case_fits(f.get("county"), [], [i])]) or None,
    }
    key = _pick(rng, tuple(values))
    return _set(doc, key, values[key]())


def _slug(c: Corpus, rng: random.Random, doc: Doc, prefix: str) -> str | None:
    """A new slug (an address no record of the kind has as its id or slug), or none half the time it has one."""
    used = set(c.ids(doc.kind)) | c.names(doc.kind, "slug")
    return None if "slug" in doc.fields and rng.random() < 0.5 else _fresh(
        rng, [f"{prefix}-{n}" for n in range(1, 30)], used)


def _set(doc: Doc, key: str, value: Any, note: str = "") -> Op | None:
    """The field set, unless it would not change or a field every record of its kind needs would go."""
    if value == doc.fields.get(key) or value is None and key in REQUIRED[doc.kind]:
        return None
    return SetField(doc.path, key, value, note)


def new_case(c: Corpus, rng: random.Random, s: State) -> Op | None:
    if len(c.of("cases")) >= 8:
        return None
    county, title = _pick(rng, [None, *c.regions(0, 1, 2)]), _title(c, rng)
    if title is None:
        return None
    fields: Fields = {"title": title, "date": _date(rng)}
    if county:
        fields["county"] = county
    villages = _some(rng, [v for v in c.ids("villages") if c.case_fits(county, [v], [])])
    initiatives = _some(rng, [i for i in c.ids("initiatives") if c.case_fits(county, [], [i])])
    fields.update({"villages": villages} if villages else {})
    fields.update({"initiatives": initiatives} if initiatives else {})
    fields["sources"] = _some(rng, c.ids("sources")) or c.ids("sources")[:1]
    if rng.random() < 0.5:
        fields["summary"] = _pick(rng, PHRASES)
    return AddDoc(path_of("cases", _number(c, "cases", "case")), fields, tuple(rng.sample(PHRASES, 2)))


def pages(c: Corpus, rng: random.Random, s: State) -> Op | None:
    page = _pick(rng, c.of("pages"))
    choice = rng.random()
    if page is None or choice < 0.2 and len(c.of("pages")) < 3:
        id_ = _number(c, "pages", "page")
        return AddDoc(path_of("pages", id_), {"title": f"说明{id_[-1]}", "slug": id_}, (_pick(rng, PHRASES),))
    if choice < 0.3:
        return DeleteDoc(page.path)
    return _set(page, "title", _pick(rng, ("关于本站", "本站说明", "关于我们", "网站介绍")))


def delete_or_rename_story(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("cases"))
    if rng.random() < 0.5 and len(c.of("cases")) > 1:
        return DeleteDoc(doc.path)
    return RenameDoc(doc.path, _number(c, "cases", "story"))


def village_field(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("villages"))
    f = doc.fields
    values = {
        "profile": lambda: _pick(rng, (None, *PHRASES)),
        "name": lambda: _fresh(rng, VILLAGE_NAMES, c.names("villages")),
        "slug": lambda: _slug(c, rng, doc, "zhuang"),
        "county": lambda: _pick(rng, [r for r in c.regions(2) if r != f["county"] and f["name"] not in
                                      {v.fields["name"] for v in c.of("villages") if v.fields["county"] == r}]),
        "township": lambda: _pick(rng, [None, *(t for t in c.regions(3)
                                                if c.get("regions", t).fields.get("parent") == f["county"])]),
        "initiatives": lambda: _some(rng, c.ids("initiatives")) or None,
        "figures": lambda: _figures(c, rng, f.get("figures", [])),
        "titles": lambda: _titles(c, rng, f.get("titles", [])),
    }
    key = _pick(rng, tuple(values))
    return _set(doc, key, values[key](), "moved to another county" if key == "county" else "")


def _titles(c: Corpus, rng: random.Random, titles: list[Fields]) -> list[Fields] | None:
    if titles and rng.random() < 0.5:
        return titles[:-1] or None
    return [*titles, {"title": _pick(rng, ("全国文明村", "省级美丽乡村示范村", "先进基层党组织")),
                      "year": str(rng.randint(2015, 2025)), "source": _pick(rng, c.ids("sources"))}]


def _figures(c: Corpus, rng: random.Random, figures: list[Fields]) -> list[Fields] | None:
    if figures and rng.random() < 0.6:
        changed = copy.deepcopy(figures)
        _pick(rng, changed)["value"] = str(rng.randint(10, 5000))
        return changed
    if figures and rng.random() < 0.5:
        return figures[:-1] or None
    label, unit = _pick(rng, LABELS)
    return [*figures, {"label": label, "value": str(rng.randint(10, 5000)), "unit": unit,
                       "as_of": str(rng.randint(2018, 2025)), "source": _pick(rng, c.ids("sources"))}]


def new_village(c: Corpus, rng: random.Random, s: State) -> Op | None:
    if len(c.of("villages")) >= 10:
        return None
    county, name = _pick(rng, c.regions(2)), _fresh(rng, VILLAGE_NAMES, c.names("villages"))
    if name is None:
        return None
    fields: Fields = {"name": name, "county": county}
    township = _pick(rng, [t for t in c.regions(3) if c.get("regions", t).fields.get("parent") == county])
    if township and rng.random() < 0.6:
        fields["township"] = township
    if rng.random() < 0.5:
        fields["profile"] = _pick(rng, PHRASES)
    initiatives = _some(rng, c.ids("initiatives"))
    fields.update({"initiatives": initiatives} if initiatives else {})
    fields["sources"] = [_pick(rng, c.ids("sources"))]
    return AddDoc(path_of("villages", _number(c, "villages", "cun")), fields)


def delete_or_rename_village(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("villages"))
    if doc is None:
        return None
    if rng.random() < 0.5 and len(c.of("villages")) > 1:
        return DeleteDoc(doc.path)
    return RenameDoc(doc.path, _number(c, "villages", "village"))


def photos(root: Path) -> Maker:
    def maker(c: Corpus, rng: random.Random, s: State) -> Op | None:
        doc = _pick(rng, [*c.of("villages"), *c.of("cases")])
        there, choice = _photo_files(doc), rng.random()
        if there and choice < 0.35:
            return RemovePhoto(doc.path, _pick(rng, there))
        if there and choice < 0.7:
            return RepaintPhoto((Path(doc.path).parent / _pick(rng, there)).as_posix(), _colour(rng))
        n = 1
        while (root / doc.path).with_name(f"{doc.id}-{n}.jpg").exists():  # another's, kept when it was renamed
            n += 1
        return AddPhoto(doc.path, f"{doc.id}-{n}.jpg", _colour(rng), _pick(rng, ("茶园", "村容村貌", "党群服务中心", "合作社")))
    return maker


def initiative_field(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("initiatives"))
    f = doc.fields
    below = {d.id for d in c.of("initiatives") if doc.id in _ancestors(c, d.id)}  # itself and its parts
    values = {
        "parent": lambda: _pick(rng, [None, *(i for i in c.ids("initiatives") if i not in below)]),
        "regions": lambda: _some(rng, c.ids("regions")) or None,
        "summary": lambda: _pick(rng, PHRASES),
        "name": lambda: _fresh(rng, INITIATIVES, c.names("initiatives")),
        "figures": lambda: _figures(c, rng, f.get("figures", [])),
        "kind": lambda: _pick(rng, KINDS),
        "measures": lambda: _measures(rng, f.get("measures", [])),
    }
    key = _pick(rng, ("parent", "parent", "regions", "regions", "summary", "name", "figures", "kind", "measures"))
    return _set(doc, key, values[key]())


def _measures(rng: random.Random, measures: list[Fields]) -> list[Fields] | None:
    if measures and rng.random() < 0.5:
        return measures[:-1] or None
    return [*measures, {"title": _pick(rng, ("建强组织", "培育产业", "完善治理")), "items": rng.sample(PHRASES, 2)}]


def _ancestors(c: Corpus, initiative: str) -> list[str]:
    chain = []
    while initiative and initiative not in chain and c.get("initiatives", initiative) is not None:
        chain.append(initiative)
        initiative = c.get("initiatives", initiative).fields.get("parent")
    return chain


def new_or_deleted_initiative(c: Corpus, rng: random.Random, s: State) -> Op | None:
    if rng.random() < 0.3 and len(c.of("initiatives")) > 1:
        return DeleteDoc(_pick(rng, c.of("initiatives")).path)
    name = _fresh(rng, INITIATIVES, c.names("initiatives"))
    if name is None or len(c.of("initiatives")) >= 7:
        return None
    fields: Fields = {"name": name, "kind": _pick(rng, KINDS), "level": _pick(rng, ("市级", "县级", "乡级")),
                      "summary": _pick(rng, PHRASES)}
    parent = _pick(rng, [None, *c.ids("initiatives")])
    fields.update({"parent": parent} if parent else {})
    regions = _some(rng, c.ids("regions"))
    fields.update({"regions": regions} if regions else {})
    fields["sources"] = [_pick(rng, c.ids("sources"))]
    return AddDoc(path_of("initiatives", _number(c, "initiatives", "jucuo")), fields)


def region_edit(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc = _pick(rng, c.of("regions"))
    level = c.level(doc.id)
    choice = rng.random()
    if choice < 0.4 and level > 0:  # moved: a parent of any level above its own, its code mended if it no longer fits
        parents = [r for r in c.regions(*range(level)) if r != doc.fields["parent"]]
        parent = _pick(rng, parents)
        return SetField(doc.path, "parent", parent, "the region moved") if parent else None
    if choice < 0.6:
        name = doc.fields["name"]
        return SetField(doc.path, "name", name[:-1] + "新" + name[-1] if "新" not in name else name.replace("新", ""))
    if choice < 0.75:
        return RenameDoc(doc.path, _number(c, "regions", "diqu"))
    if choice < 0.85 and not c.named_by("regions", doc.id):
        return DeleteDoc(doc.path)
    if len(c.of("regions")) >= 11:
        return None
    pool, level = _pick(rng, ((CITIES, 1), (COUNTIES, 2), (COUNTIES, 2), (TOWNSHIPS, 3)))
    fresh = _fresh(rng, pool, set(c.ids("regions")))
    parent = _pick(rng, c.regions(*range(level)) if level < 3 else c.regions(2))
    if fresh is None or parent is None:
        return None
    return AddDoc(path_of("regions", fresh[0]), {"name": fresh[1], "kind": LEVELS[level], "parent": parent})


def route_edit(c: Corpus, rng: random.Random, s: State) -> Op | None:
    route = _pick(rng, c.of("routes"))
    if route is None or rng.random() < 0.15:
        name = _fresh(rng, ROUTE_NAMES, c.names("routes"))
        if name is None or len(c.of("routes")) >= 3:
            return DeleteDoc(route.path) if route is not None else None
        stops = [_stop(c, rng) for _ in range(rng.randint(1, 3))]
        return AddDoc(path_of("routes", _number(c, "routes", "xianlu")),
                      {"name": name, "summary": _pick(rng, PHRASES), "stops": stops})
    stops = copy.deepcopy(route.fields["stops"])
    i, choice = rng.randrange(len(stops)), rng.random()
    if choice < 0.25:
        stops[i]["what"] = _pick(rng, PHRASES)
        note = f"stop {i + 1}: what"
    elif choice < 0.45:
        stop = stops[i]
        stop.pop("village", None), stop.pop("region", None)
        stop.update(_place(c, rng))
        note = f"stop {i + 1}: moved"
    elif choice < 0.6:
        stops[i]["address"] = _pick(rng, ("村委会东侧", "镇政府以北约1公里", "沿河路18号"))
        note = f"stop {i + 1}: address"
    elif choice < 0.75 and len(stops) > 1:
        del stops[i]
        note = f"stop {i + 1} removed"
    elif choice < 0.85 and len(stops) > 1:
        stops.insert(0, stops.pop(i))
        note = f"stop {i + 1} moved first"
    else:
        stops.insert(i, _stop(c, rng))
        note = f"a stop added before stop {i + 1}"
    return SetField(route.path, "stops", stops, note)


def _stop(c: Corpus, rng: random.Random) -> Fields:
    return {"name": _pick(rng, STOP_NAMES), "what": _pick(rng, PHRASES), **_place(c, rng),
            "sources": [_pick(rng, c.ids("sources"))]}


def _place(c: Corpus, rng: random.Random) -> Fields:
    """Where a stop is: a village, or else a region."""
    village = _pick(rng, [None, *c.ids("villages")])
    return {"village": village} if village else {"region": _pick(rng, c.ids("regions"))}


def source_edit(c: Corpus, rng: random.Random, s: State) -> Op | None:
    doc, choice = _pick(rng, c.of("sources")), rng.random()
    if choice < (0.5 if len(c.of("sources")) < 3 else 0.15) and len(c.of("sources")) < 5:
        return AddDoc(path_of("sources", _number(c, "sources", "doc")),
                      {"title": f"{_pick(rng, INITIATIVES)}的报道", "publisher": _pick(rng, PUBLISHERS),
                       "date": _date(rng),
                       "grade": _pick(rng, ("A", "B"))})
    if choice < 0.25 and len(c.of("sources")) > 1:
        return DeleteDoc(doc.path)
    key = _pick(rng, ("publisher", "date", "grade", "title"))
    value = {"publisher": _pick(rng, PUBLISHERS), "date": _date(rng)[:_pick(rng, (4, 7, 10))],
             "grade": _pick(rng, ("A", "B", "C")), "title": f"{_pick(rng, INITIATIVES)}的调查"}[key]
    return _set(doc, key, value)


def sign(c: Corpus, rng: random.Random, s: State) -> Op | None:
    if not s.valid or not s.signing:
        return None
    item = _pick(rng, [d for kind in REVIEWED for d in c.of(kind)])
    paths = [item.path, *_named(c, item)] if rng.random() < 0.6 else [item.path]  # with what it names: publishable
    levels = ("初审", "复审", "终审") if rng.random() < 0.8 else ("初审",)
    return Sign(tuple(dict.fromkeys(paths)), levels)


def sign_everything(c: Corpus, rng: random.Random, s: State) -> Op | None:
    """Every item signed at every level: a public build with much in it (edits void signatures one by one)."""
    if not s.valid or not s.signing:
        return None
    return Sign(tuple(d.path for kind in REVIEWED for d in c.of(kind)), ("初审", "复审", "终审"))


def _named(c: Corpus, item: Doc) -> list[str]:
    """The reviewed records an item names, which must be published before it can be."""
    f = item.fields
    named = [*(("villages", v) for v in f.get("villages", [])), *(("initiatives", i) for i in f.get("initiatives", []))]
    if item.kind == "initiatives" and "parent" in f:
        named.append(("initiatives", f["parent"]))
    if item.kind == "routes":
        named += [("villages", stop["village"]) for stop in f["stops"] if "village" in stop]
    return [c.get(kind, i).path for kind, i in named if c.get(kind, i) is not None]


def unsign(root: Path) -> Maker:
    def maker(c: Corpus, rng: random.Random, s: State) -> Op | None:
        files = sorted(p.relative_to(root).as_posix() for p in (root / "reviews").rglob("*.yml"))
        return Unsign(_pick(rng, files), rng.randint(0, 2)) if files else None
    return maker


def roster(root: Path) -> Maker:
    def maker(c: Corpus, rng: random.Random, s: State) -> Op | None:
        from reviewers import PEOPLE

        if not s.signing:
            return None
        present = "name: 陈静" in (root / "reviewers/roster.yml").read_text(encoding="utf-8")
        return Roster(tuple(p for p in PEOPLE if p != "陈静" or not present))
    return maker


TOGGLES = (("theme/templates/village.html", '<h2 id="cases">相关案例</h2>', '<h2 id="cases">本村的相关案例</h2>'),
           ("theme/templates/case.html", '<h2 id="related-title">相关案例</h2>', '<h2 id="related-title">延伸阅读</h2>'),
           ("theme/static/css/site.css", "/* Controls drawn by their labels",
            ".proof{color:#a00}\n/* Controls drawn by their labels"),
           ("rules/wording.yml", "corrections:\n", "corrections:\n  - wrong: 从来没有的错词\n    right: 对的词\n"),
           ("pelicanconf.py", 'SITENAME = "党建引领乡村振兴成果展示"', 'SITENAME = "乡村振兴成果展示"'))


def theme(root: Path) -> Maker:
    def maker(c: Corpus, rng: random.Random, s: State) -> Op | None:
        path, a, b = _pick(rng, TOGGLES)
        text = (root / path).read_text(encoding="utf-8")
        return TextEdit(path, b, a) if b in text else TextEdit(path, a, b) if a in text else None
    return maker


def configure(c: Corpus, rng: random.Random, s: State) -> Op | None:
    if rng.random() < 0.5 and s.signing:
        return Configure(not s.public, s.search)
    return Configure(s.public, not s.search)


def invalid(c: Corpus, rng: random.Random, s: State) -> Op | None:
    case, village = _pick(rng, c.of("cases")), _pick(rng, c.of("villages"))
    others = [d.fields["title"] for d in c.of("cases") if d is not case]
    return _pick(rng, [Invalid(village.path, "county", "nowhere", "an unknown county"),
                       Invalid(case.path, "date", "2024-02-30", "no such day"),
                       Invalid(village.path, "profile", "联系人电话13812345678。", "a mobile number"),
                       *([Invalid(case.path, "title", others[0], "another case's title")] if others else []),
                       Invalid(case.path, "villages", ["nowhere"], "an unknown village")])


def makers(root: Path) -> dict[str, tuple[Maker, Callable[[Corpus, State], int]]]:
    """Every kind of edit, with its weight (which may depend on the site: a small site grows, a public one is
    signed more often)."""
    few = lambda kind, n: lambda c, s: 4 if len(c.of(kind)) < n else 1  # noqa: E731
    fixed = lambda n: lambda c, s: n  # noqa: E731
    return {"story body": (story_body, fixed(6)), "story link": (story_link, fixed(2)),
            "story field": (story_field, fixed(8)), "new case": (new_case, few("cases", 4)),
            "story deleted or renamed": (delete_or_rename_story, fixed(2)), "page": (pages, fixed(2)),
            "village field": (village_field, fixed(8)), "new village": (new_village, few("villages", 5)),
            "village deleted or renamed": (delete_or_rename_village, fixed(2)), "photo": (photos(root), fixed(4)),
            "initiative field": (initiative_field, fixed(6)),
            "initiative added or deleted": (new_or_deleted_initiative, few("initiatives", 4)),
            "region": (region_edit, fixed(7)), "route": (route_edit, fixed(5)), "source": (source_edit, fixed(2)),
            "sign": (sign, lambda c, s: 8 if s.public else 4),
            "sign everything": (sign_everything, lambda c, s: 2 if s.public else 1),
            "unsign": (unsign(root), fixed(3)), "roster": (roster(root), fixed(1)),
            "theme, rules or settings": (theme(root), fixed(2)), "configure": (configure, fixed(1)),
            "invalid": (invalid, fixed(2))}


def propose(root: Path, rng: random.Random, state: State) -> Op:
    """The next edit of the site at ``root``: a kind drawn by weight, then what it changes."""
    corpus, table = Corpus.read(root), makers(root)
    names = sorted(table)
    weights = [table[n][1](corpus, state) for n in names]
    while True:
        op = table[rng.choices(names, weights)[0]][0](corpus, rng, state)
        if op is not None:
            return op
