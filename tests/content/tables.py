"""The expected-facts tables (tests/content/expected/*.yml) and how the catalog is held to them.

Each table was written by a person reading one source document (in
../shared/seeds/, named by the table's ``seed``), never from our records: it lists the regions the
document names, the initiatives it describes with their parts in the
document's order, the names and dates it states, and every figure with its
unit, qualifier, scope and year. The checks run both ways: what the document
states must be published, and no figure may be credited to the document that
the table does not list.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from bs4 import BeautifulSoup
from catalog.catalog import Catalog
from catalog.order import ordered
from catalog.records.load import load_yaml
from catalog.records.model import Figure, Initiative, Model, Record, Source, Stage
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

HERE = Path(__file__).resolve().parent
TABLES = HERE / "expected"
# The documents themselves are not redistributed with the project (one comes from a paid-document
# site): the tests keep only a fingerprint of each, enough to tell copying from it (see Fingerprint).
FINGERPRINTS = HERE / "fingerprints"
SEEDS = HERE.parent.parent.parent / "shared" / "seeds"  # beside the checkout, where the team keeps them
COPIED = 30  # characters in a row shared with the source document that count as copying

# Quotation marks, book-title marks, dashes and the enumeration comma do not change which fact is meant:
# “示范”“创优”“强基” and 示范、创优、强基 name the same three.
_IGNORED = re.compile(r"[\s、“”‘’\"'「」『』《》〈〉‐\-–—―－]")
_HALF_TO_FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？",
                               "＋": "+"})


def plain(text: str | None) -> str:
    """Text as compared: quotes, dashes and 、 dropped, ASCII punctuation as Chinese writes it."""
    return _IGNORED.sub("", (text or "").translate(_HALF_TO_FULL))


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")  # a mistyped key must not drop a check


class WantFigure(_Table):
    value: Decimal
    unit: str
    qualifier: str | None = None  # the word alone (余), wherever the document puts it
    written: str | None = None  # the figure as the document writes it (4300万余元): the page must show exactly this
    scope: str | None = None
    as_of: str | None = None

    @model_validator(mode="after")
    def _qualified_figures_say_how_they_read(self) -> WantFigure:
        # Where a qualifier stands ("35余万" or "35万余") is the document's, so a table must say it.
        if self.qualifier is not None and self.written is None:
            raise ValueError(f"{self.value}{self.unit}：有 qualifier 的数据要写 written（原文的写法）")
        return self

    def matches(self, figure: Figure) -> bool:
        return (figure.value == self.value and figure.unit == self.unit
                and (figure.qualifier.word if figure.qualifier else None) == self.qualifier
                and (self.written is None or same_figure(figure.display, self.written))
                and (figure.as_of.iso if figure.as_of else None) == self.as_of
                and (self.scope is None or plain(self.scope) in plain(figure.scope)))

    def __str__(self) -> str:
        extra = "".join(f"，{k}={v}" for k, v in (("scope", self.scope), ("as_of", self.as_of)) if v)
        return f"{self.written or f'{self.value}{self.unit}'}{extra}"


def same_figure(shown: str, written: str) -> bool:
    """Whether a page shows a figure as the document writes it: ％ and % are the same sign."""
    return unicodedata.normalize("NFKC", shown) == unicodedata.normalize("NFKC", written)


class WantInitiative(_Table):
    name: str
    stage: Stage = Stage.DONE
    since: str | None = None
    parts: tuple[str, ...] = ()


class ExpectedFacts(_Table):
    document: str  # the short name of the document: its fingerprint is fingerprints/<document>
    seed: str  # the document's file in ../shared/seeds/
    source: str
    stage: Stage | None = None  # 部署: every initiative credited to the document is a plan
    regions: tuple[str, ...] = ()
    villages: tuple[str, ...] = ()
    initiatives: tuple[WantInitiative, ...] = ()
    mentions: tuple[str, ...] = ()
    figures: tuple[WantFigure, ...] = ()

    @field_validator("initiatives", mode="before")
    @classmethod
    def _names_alone(cls, value: object) -> object:
        return [{"name": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint.load(FINGERPRINTS / self.document)


def load_table(path: Path) -> ExpectedFacts:
    loaded = load_yaml(path.read_text(encoding="utf-8"), path.name)
    assert not loaded.problems, [str(p) for p in loaded.problems]
    return ExpectedFacts.model_validate(loaded.data)


class Published:
    """Everything the catalog publishes on the strength of one source."""

    def __init__(self, catalog: Catalog, source: Source):
        self.catalog = catalog
        self.source = source
        def cites(record: Record) -> bool:
            return source in record.sources

        self.initiatives = [i for i in catalog.initiatives.values() if cites(i)]
        self.villages = [v for v in catalog.villages.values() if cites(v)]
        self.routes = [r for r in catalog.routes.values() if cites(r) or any(cites(s) for s in r.stops)]
        self.cases = [c for c in catalog.cases.values() if cites(c)]
        self.figures = [f for kind in ("initiatives", "villages", "regions")
                        for record in getattr(catalog, kind).values()
                        for f in getattr(record, "figures", ()) if f.source is source]

    def records(self) -> list[Record]:
        return [*self.initiatives, *self.villages, *self.routes, *self.cases]

    def texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) for every piece of text a reader sees in these records."""
        for record in self.records():
            for text in _texts(record):
                yield record.path, text
            body = getattr(record, "body", "")
            if body:
                yield record.path, BeautifulSoup(body, "html.parser").get_text("\n")

    def regions(self) -> set[str]:
        """Names of the regions these records are placed in, with every ancestor."""
        placed = [r for i in self.initiatives for r in i.regions]
        placed += [c.county for c in self.cases if c.county is not None]
        placed += [r for v in self.villages for r in (v.county, v.township) if r is not None]
        placed += [s.area for route in self.routes for s in route.stops]
        placed += [r for r in self.catalog.regions.values() if self.source in r.sources]
        names = set()
        for region in placed:
            while region is not None:
                names.add(region.name)
                region = region.parent
        return names


def _texts(value: object, top: bool = True) -> Iterator[str]:
    """Every string in a record, not following references into other records."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for inner in value:
            yield from _texts(inner, top=False)
    elif isinstance(value, Model) and (top or not isinstance(value, Record)):
        for name in type(value).model_fields:
            if name not in ("id", "path", "slug", "article"):
                yield from _texts(getattr(value, name), top=False)


def find_initiative(name: str, among: list[Initiative]) -> Initiative | None:
    """The initiative a table means by ``name``: an exact name first, else the shortest that contains it."""
    want = plain(name)
    exact = [i for i in among if want in (plain(i.name), plain(i.short_name))]
    containing = [i for i in among if want in plain(i.name) or (i.short_name and want in plain(i.short_name))]
    found = exact or sorted(containing, key=lambda i: len(i.name))
    return found[0] if found else None


def missing_parts(want: WantInitiative, initiative: Initiative, catalog: Catalog) -> list[str]:
    """Parts not found among the measures or sub-initiatives, or listed in another order than the document's.

    A part may be both a measure and a sub-initiative; each list must keep the document's order,
    since the page shows the measures as written and the sub-initiatives in their ``order``.
    """
    measures = [plain(t) for m in initiative.measures for t in (m.title, *m.items)]
    children = [plain(c.name) + "|" + plain(c.short_name)
                for c in ordered(c for c in catalog.initiatives.values() if c.parent is initiative)]
    problems, last = [], {"措施": -1, "组成部分": -1}
    for part in want.parts:
        p = plain(part)
        found = False
        for kind, pool in (("措施", measures), ("组成部分", children)):
            at = next((n for n, text in enumerate(pool) if p in text), None)
            if at is not None:
                found = True
                if at < last[kind]:
                    problems.append(f"举措 {want.name} 的{kind}“{part}”排列顺序与原文不同")
                last[kind] = at
        if not found:
            problems.append(f"举措 {want.name} 缺少组成部分“{part}”")
    return problems


def missing_facts(table: ExpectedFacts, catalog: Catalog) -> list[str]:
    """What the document states and the catalog does not publish, and figures the document does not state."""
    published = Published(catalog, catalog.sources[table.source])
    missing = [f"区域 {name}" for name in table.regions if name not in published.regions()]
    villages = {v.name for v in published.villages}
    missing += [f"村 {name}" for name in table.villages if name not in villages]
    for want in table.initiatives:
        initiative = find_initiative(want.name, published.initiatives)
        if initiative is None:
            missing.append(f"举措 {want.name}")
            continue
        if initiative.stage is not want.stage:
            missing.append(f"举措 {want.name} 应为“{want.stage.value}”，"
                           f"记录中是“{initiative.stage.value}”")
        if want.since and (initiative.since is None or initiative.since.iso != want.since):
            missing.append(f"举措 {want.name} 起始时间应为 {want.since}，记录中是 {initiative.since}")
        missing += missing_parts(want, initiative, catalog)
    if table.stage is not None:
        missing += [f"举措 {i.name} 应为“{table.stage.value}”"
                    for i in published.initiatives if i.stage is not table.stage]
    pool = plain("\n".join(text for _, text in published.texts()))
    missing += [f"提及 {m}" for m in table.mentions if plain(m) not in pool]
    missing += _unmatched_figures(table.figures, published.figures)
    return missing


def _unmatched_figures(wanted: tuple[WantFigure, ...], figures: list[Figure]) -> list[str]:
    """Each listed figure takes one published figure; the most specific ones choose first."""
    left = list(figures)
    problems = []
    for want in sorted(wanted, key=lambda w: (w.scope is None, w.as_of is None)):
        found = next((f for f in left if want.matches(f)), None)
        if found is None:
            problems.append(f"数据 {want}")
        else:
            left.remove(found)
    problems += [f"原文没有的数据 {f.label}：{f.display}（scope={f.scope}，as_of={f.as_of}）" for f in left]
    return problems


def letters(text: str) -> str:
    """Text as compared for copying: punctuation and spaces aside."""
    return re.sub(r"[\W_]", "", text)


def _digest(window: str) -> str:
    return hashlib.sha256(window.encode("utf-8")).hexdigest()[:12]


class Fingerprint:
    """The hash of every ``COPIED``-letter window of a document: a text shares a run that long with the
    document exactly when one of its windows is in the set, and the set does not give the text away."""

    HEADER = "# sha256[:12] of every {n}-letter window (punctuation and spaces aside), sorted; see README.md\n"

    def __init__(self, digests: frozenset[str]):
        self.digests = digests

    @classmethod
    def of(cls, document: str) -> Fingerprint:
        text = letters(document)
        return cls(frozenset(_digest(text[i:i + COPIED]) for i in range(len(text) - COPIED + 1)))

    @classmethod
    def load(cls, path: Path) -> Fingerprint:
        lines = path.read_text(encoding="utf-8").splitlines()
        return cls(frozenset(line for line in lines if line and not line.startswith("#")))

    def dumps(self) -> str:
        return self.HEADER.format(n=COPIED) + "".join(f"{d}\n" for d in sorted(self.digests))

    def shared_runs(self, text: str) -> list[str]:
        """Runs of ``COPIED`` or more letters of ``text`` that stand in the document."""
        mine = letters(text)
        inside = [_digest(mine[i:i + COPIED]) in self.digests for i in range(len(mine) - COPIED + 1)]
        runs, i = [], 0
        while i < len(inside):
            if inside[i]:
                end = i
                while end + 1 < len(inside) and inside[end + 1]:
                    end += 1
                runs.append(mine[i:end + COPIED])
                i = end + COPIED
            else:
                i += 1
        return runs


if __name__ == "__main__":  # python tests/content/tables.py: rewrite the fingerprints from ../shared/seeds
    for table_file in sorted(TABLES.glob("*.yml")):
        table = load_table(table_file)
        (FINGERPRINTS / table.document).write_text(
            Fingerprint.of((SEEDS / table.seed).read_text(encoding="utf-8")).dumps(), encoding="utf-8")
        print(f"fingerprints/{table.document} <- {table.seed}")
