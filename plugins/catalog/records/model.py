"""The record kinds: one frozen, typed model per kind, declared once.

These classes are both the schema the YAML is checked against and the objects
every view (pages, indexes, brochure) reads. A field that refers to another
record holds that record (see refs.py), so templates follow ``village.county.name``
and never look an id up themselves.

``id`` and ``path`` are not written in the YAML: the loader fills them from the
file name and location, so an id can never disagree with its file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from contextvars import ContextVar
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .refs import RefTo
from .review import Reviewed, Waiver
from .types import (
    Boolean,
    Choice,
    DivisionCode,
    FullDate,
    Latitude,
    Longitude,
    Name,
    Number,
    PartialDate,
    PartialDateField,
    Slug,
    Text,
    Url,
    _fail,
    _partial_date,
    _shown,
)

# Keys the loader fills in; a YAML file that writes them is told so.
INJECTED = ("id", "path")


def _field_error(field: str, rule: str, message: str, **ctx: Any) -> PydanticCustomError:
    """A whole-record check whose message belongs to one field (see messages.py)."""
    return PydanticCustomError("record", message, {"field": field, "rule": rule, **ctx})


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Record(Model):
    id: str
    path: str
    slug: Slug | None = None
    waive: tuple[Waiver, ...] = ()  # see checks/waivers.py


NonEmpty = Field(min_length=1)


class Grade(Choice):
    """Reliability of a source, as graded in shared/sources."""

    A = "A"  # official, newspaper, library or gazetteer page
    B = "B"  # news or magazine text re-hosted elsewhere
    C = "C"  # directory, blog, Q&A or wiki: needs a second source


class Source(Record):
    title: Name
    publisher: Name
    date: PartialDateField | None = None
    url: Url | None = None
    grade: Grade | None = None
    note: Text | None = None


class Ranked(Choice):
    """A choice whose members rank in the order they are written, highest first."""

    @property
    def rank(self) -> int:
        return _ranks(type(self))[self]


@functools.cache
def _ranks(kind: type[Ranked]) -> dict[Ranked, int]:
    return {member: rank for rank, member in enumerate(kind)}  # asked for in every region's validation


class Level(Ranked):
    PROVINCE = "省级"
    CITY = "市级"
    COUNTY = "县级"
    TOWNSHIP = "乡级"

    @property
    def code_digits(self) -> int:
        """Digits of the division code this level fixes: 23 / 2302 / 230223 / 230223100."""
        return (2, 4, 6, 9)[self.rank]


class InitiativeLevel(Ranked):
    """Which level of the Party organises an initiative: a region's levels, and the centre (a 中组部 pilot)."""

    CENTRAL = "中央"
    PROVINCE = "省级"
    CITY = "市级"
    COUNTY = "县级"
    TOWNSHIP = "乡级"


class Region(Record):
    name: Name
    kind: Level
    parent: RefTo(Region, "regions") | None = None
    code: DivisionCode | None = None
    sources: tuple[RefTo(Source, "sources"), ...] = ()

    @model_validator(mode="after")
    def _fits_parent(self) -> Region:
        if self.kind is Level.PROVINCE and self.parent is not None:
            raise _field_error("parent", "region-parent", "省级区域不应有上级，请删除 parent。")
        if self.kind is not Level.PROVINCE and self.parent is None:
            raise _field_error("parent", "region-parent", "缺少上级区域：{kind}区域要写 parent（上级区域的编号）。", kind=self.kind.value)
        if self.parent is not None and self.parent.kind.rank >= self.kind.rank:
            raise _field_error("parent", "region-parent", "上级“{p}”是{pk}，比本区域（{k}）的级别低或相同，请核对。",
                               p=self.parent.name, pk=self.parent.kind.value, k=self.kind.value)
        if self.code is not None:
            expected = 12 if self.kind is Level.TOWNSHIP else 6
            if len(self.code) != expected:
                raise _field_error("code", "value-code", "{k}区域的代码应为 {n} 位，实际是 {m} 位“{c}”。",
                                   k=self.kind.value, n=expected, m=len(self.code), c=self.code)
            check_code_prefix(self.code, self.parent, "parent")
        return self


def check_code_prefix(code: str, parent: Region | None, via: str) -> None:
    """A child's code starts with its parent's: 230223 lies inside 2302xx."""
    ancestor = parent
    while ancestor is not None and ancestor.code is None:
        ancestor = ancestor.parent
    if ancestor is None:
        return
    digits = ancestor.kind.code_digits
    if code[:digits] != ancestor.code[:digits]:
        raise _field_error("code", "code-prefix", "代码“{c}”与上级“{a}”的代码“{ac}”不一致（前 {d} 位应相同），请核对。",
                           c=code, a=ancestor.name, ac=ancestor.code, d=digits)


class Place(Enum):
    """Where a qualifier stands in a figure, as Chinese writes it."""

    BEFORE_NUMBER = "before"  # 约8000万元, 不足1.2亩
    AFTER_NUMBER = "number"  # 35余万人次, 4300余万元, 5600多名
    AFTER_SCALE = "scale"  # 4300万余元, 17万余人, 3万多个
    AFTER_UNIT = "unit"  # 50%以上, 70户左右


class Qualifier(Choice):
    """The precision words of the source: part of the value, never dropped, shown where the source puts them.

    余 and 多 stand after the number ("35余万人次") or after the 万/亿 of the unit ("4300万余元"); sources write
    both, so the place is the source's, written with the scale word: qualifier 余 or 万余.
    """

    ABOUT = "约"
    NEARLY = "近"
    ALMOST = "将近"
    OVER = "超过"
    OVER_SHORT = "超"
    BEYOND = "逾"
    UNDER = "不足"
    BELOW = "不到"
    AT_MOST = "不超过"
    NO_LESS = "不少于"
    NO_LOWER = "不低于"
    MINIMUM = "至少"
    MORE = "余"
    PLUS = "多"
    WAN_MORE = "万余"
    WAN_PLUS = "万多"
    YI_MORE = "亿余"
    YI_PLUS = "亿多"
    AT_LEAST = "以上"
    AT_MOST_AFTER = "以下"
    WITHIN = "以内"
    AROUND = "左右"

    @property
    def place(self) -> Place:
        return _QUALIFIER_PLACES[self]

    @property
    def word(self) -> str:
        """The qualifier itself, without the scale word it follows: 余 for 万余."""
        return self.value[1:] if self.place is Place.AFTER_SCALE else self.value

    @property
    def scale(self) -> str:
        """The scale word (万, 亿) the unit must start with; "" for the others."""
        return self.value[0] if self.place is Place.AFTER_SCALE else ""


_QUALIFIER_PLACES = {
    **{q: Place.BEFORE_NUMBER for q in (Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.ALMOST, Qualifier.OVER,
                                        Qualifier.OVER_SHORT, Qualifier.BEYOND, Qualifier.UNDER, Qualifier.BELOW,
                                        Qualifier.AT_MOST, Qualifier.NO_LESS, Qualifier.NO_LOWER, Qualifier.MINIMUM)},
    **{q: Place.AFTER_NUMBER for q in (Qualifier.MORE, Qualifier.PLUS)},
    **{q: Place.AFTER_SCALE for q in (Qualifier.WAN_MORE, Qualifier.WAN_PLUS, Qualifier.YI_MORE, Qualifier.YI_PLUS)},
    **{q: Place.AFTER_UNIT for q in (Qualifier.AT_LEAST, Qualifier.AT_MOST_AFTER, Qualifier.WITHIN, Qualifier.AROUND)},
}


class Figure(Model):
    label: Name
    value: Number  # in the unit as written: 3000 with unit 万元 is 3000万元
    unit: Name
    qualifier: Qualifier | None = None
    as_of: PartialDateField | None = None
    scope: Name | None = None
    source: RefTo(Source, "sources")
    note: Text | None = None
    featured: Boolean = False  # shown among the key figures on the home page

    @model_validator(mode="after")
    def _scale_written(self) -> Figure:
        if self.qualifier is not None and self.qualifier.scale and not self.unit.startswith(self.qualifier.scale):
            raise _field_error("qualifier", "field-choice",
                               "“{q}”用在单位以“{s}”开头的数字上（如“4300万余元”：unit 写“{s}元”）；单位是“{u}”时请写“{w}”。",
                               q=self.qualifier.value, s=self.qualifier.scale, u=self.unit, w=self.qualifier.word)
        return self

    @property
    def display(self) -> str:
        """The figure as its source writes it: 约8000万元, 35余万人次, 4300万余元, 50%以上, 70户左右."""
        number, unit, q = format(self.value, "f"), self.unit, self.qualifier
        if q is None:
            return f"{number}{unit}"
        place = q.place
        if place is Place.BEFORE_NUMBER:
            return f"{q}{number}{unit}"
        if place is Place.AFTER_UNIT:
            return f"{number}{unit}{q}"
        if place is Place.AFTER_SCALE:
            return f"{number}{q}{unit[len(q.scale):]}"
        return f"{number}{q}{unit}"


class Honour(Model):
    title: Name
    year: PartialDateField | None = None
    by: Name | None = None
    source: RefTo(Source, "sources")


class Photo(Model):
    file: Text
    alt: Text
    caption: Name | None = None
    credit: Name | None = None


class Measure(Model):
    title: Name
    text: Text | None = None
    items: tuple[Text, ...] = ()


class InitiativeKind(Choice):
    BRAND = "党建品牌"
    METHOD = "工作法"
    PROJECT = "工程"
    ACTION = "行动"
    MECHANISM = "机制"
    REFORM = "改革"
    EXPERIENCE = "经验"
    CAMPAIGN = "活动"
    SYSTEM = "制度"
    PLAN = "计划"
    PILOT = "试点"
    MODEL = "模式"
    FRAMEWORK = "体系"


class Stage(Choice):
    DONE = "实施"  # the source reports it as carried out
    PLANNED = "部署"  # the source announces it; nothing is reported as achieved


class Initiative(Reviewed, Record):
    name: Name
    short_name: Name | None = None
    kind: InitiativeKind
    level: InitiativeLevel
    stage: Stage = Stage.DONE
    owner: Name | None = None
    parent: RefTo(Initiative, "initiatives") | None = None
    order: Annotated[int, Field(ge=1)] | None = None  # place among its parent's parts, as the source lists them
    since: PartialDateField | None = None
    until: PartialDateField | None = None
    summary: Text
    measures: tuple[Measure, ...] = ()
    regions: tuple[RefTo(Region, "regions"), ...] = ()
    figures: tuple[Figure, ...] = ()
    sources: Annotated[tuple[RefTo(Source, "sources"), ...], NonEmpty]

    @model_validator(mode="after")
    def _period(self) -> Initiative:
        if self.since and self.until and self.until < self.since:
            raise _field_error("until", "period-order", "结束时间 {u} 早于开始时间 {s}，请核对。", u=str(self.until), s=str(self.since))
        return self


def _county(region: Region) -> Region:
    if region.kind is not Level.COUNTY:
        raise PydanticCustomError("region-level", "“{id}”（{name}）是{k}区域，这里应填县级区域（县、县级市、区）的编号。",
                                  {"id": region.id, "name": region.name, "k": region.kind.value})
    return region


def _township(region: Region) -> Region:
    if region.kind is not Level.TOWNSHIP:
        raise PydanticCustomError("region-level", "“{id}”（{name}）是{k}区域，这里应填乡级区域（乡、镇、街道）的编号。",
                                  {"id": region.id, "name": region.name, "k": region.kind.value})
    return region


def _county_or_above(region: Region) -> Region:
    if region.kind is Level.TOWNSHIP:
        raise PydanticCustomError("region-level", "“{id}”（{name}）是乡级区域，这里应填县级或以上区域；乡镇请写在相关的村记录里。",
                                  {"id": region.id, "name": region.name})
    return region


CountyRef = Annotated[RefTo(Region, "regions", fits=lambda r: r.kind is Level.COUNTY), AfterValidator(_county)]
TownshipRef = Annotated[RefTo(Region, "regions", fits=lambda r: r.kind is Level.TOWNSHIP), AfterValidator(_township)]
AreaRef = Annotated[RefTo(Region, "regions", fits=lambda r: r.kind is not Level.TOWNSHIP),
                    AfterValidator(_county_or_above)]


class Village(Reviewed, Record):
    name: Name
    county: CountyRef
    township: TownshipRef | None = None
    code: DivisionCode | None = None
    titles: tuple[Honour, ...] = ()
    profile: Text | None = None
    figures: tuple[Figure, ...] = ()
    initiatives: tuple[RefTo(Initiative, "initiatives"), ...] = ()
    photos: tuple[Photo, ...] = ()
    sources: Annotated[tuple[RefTo(Source, "sources"), ...], NonEmpty]

    @model_validator(mode="after")
    def _within_county(self) -> Village:
        if self.township is not None and self.township.parent is not self.county:
            raise _field_error("township", "village-township", "乡镇“{t}”属于“{p}”，不属于本村的县“{c}”，请核对 county 或 township。",
                               t=self.township.name, p=self.township.parent.name, c=self.county.name)
        if self.code is not None:
            if len(self.code) != 12:
                raise _field_error("code", "value-code", "村的统计用区划代码应为 12 位，实际是 {m} 位“{c}”。", m=len(self.code), c=self.code)
            check_code_prefix(self.code, self.township or self.county, "county")
        return self


class Coordinates(Model):
    lat: Latitude
    lng: Longitude


class Stop(Model):
    name: Name
    what: Text
    village: RefTo(Village, "villages") | None = None
    region: RefTo(Region, "regions") | None = None
    address: Name | None = None
    coordinates: Coordinates | None = None
    opening: Name | None = None
    sources: Annotated[tuple[RefTo(Source, "sources"), ...], NonEmpty]

    @model_validator(mode="after")
    def _located(self) -> Stop:
        if self.village is None and self.region is None:
            raise _field_error("region", "stop-location", "每个站点都要写 village（所在村）或 region（所在区域），这样才能归入县区索引。")
        return self

    @property
    def area(self) -> Region:
        return self.village.county if self.village is not None else self.region


class Route(Reviewed, Record):
    name: Name
    summary: Text
    duration: Name | None = None
    published_in: RefTo(Source, "sources") | None = None
    stops: Annotated[tuple[Stop, ...], NonEmpty]
    sources: tuple[RefTo(Source, "sources"), ...] = ()


# While a page renders, the stories whose bodies it shows (incremental/render.py): a body is the one part of
# a record a page's fingerprint does not take from the record itself, so a body edit re-renders only them.
BODIES_READ: ContextVar[set[tuple[type, str]] | None] = ContextVar("BODIES_READ", default=None)


class Story(Reviewed, Record):
    """A Markdown file: front matter validated here, the body is Pelican's content object."""

    title: Name
    summary: Text | None = None
    article: Any = Field(default=None, exclude=True, repr=False)

    @property
    def body(self) -> str:
        """The sanitized HTML, with Pelican's {filename} links resolved."""
        read = BODIES_READ.get()
        if read is not None:
            read.add((type(self), self.id))
        return self.article.content if self.article is not None else ""


@dataclass(frozen=True)
class Period:
    """When a case happened, as precisely as its source says: a day, a month or a year, or from one to another."""

    start: PartialDate
    end: PartialDate | None = None
    ongoing: bool = False  # "2022/": since then, as a source says "2022年以来"

    def __str__(self) -> str:
        if self.ongoing:
            return f"{self.start}以来"
        return f"{self.start}至{self.end}" if self.end else str(self.start)

    @property
    def iso(self) -> str:
        return f"{self.start.iso}/{self.end.iso if self.end else ''}" if self.end or self.ongoing else self.start.iso

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start.year, self.start.month or 1, self.start.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.ongoing:
            return dt.date.max
        last = self.end or self.start
        month = last.month or 12
        return dt.date(last.year, month, last.day or calendar.monthrange(last.year, month)[1])


_PERIOD_HELP = ("写成 2024-08-02；只知道年月或年份时写 2024-08 或 2024；一段时间写成 2023-10/2024-06；"
                "资料只说“2022年以来”时写 2022/。")


def _period(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip() or value.strip().startswith("/"):
        raise _fail("value-date", "不是有效的时间：实际是{shown}。{help}", shown=_shown(value), help=_PERIOD_HELP)
    start, slash, end = value.partition("/")
    period = Period(_partial_date(start), _partial_date(end) if end.strip() else None, bool(slash) and not end.strip())
    if period.end is not None and period.last_day < period.first_day:
        raise _fail("period-order", "结束时间 {u} 早于开始时间 {s}，请核对。", u=str(period.end), s=str(period.start))
    return period


PeriodField = Annotated[Period, BeforeValidator(_period)]


class Case(Story):
    """A case story."""

    date: FullDate  # when the story was written or entered, not when what it tells happened
    happened: PeriodField | None = None  # when it happened, as the source says: pages and brochures show this
    county: AreaRef | None = None  # left out only when the source does not say where
    villages: tuple[RefTo(Village, "villages"), ...] = ()
    initiatives: tuple[RefTo(Initiative, "initiatives"), ...] = ()
    sources: Annotated[tuple[RefTo(Source, "sources"), ...], NonEmpty]
    featured: Boolean = False  # shown first on the home page

    @model_validator(mode="after")
    def _places_agree(self) -> Case:
        """A story filed under one county is listed on its page and printed in its brochure: every village it is
        about must lie there, and every initiative it names must reach there (where the initiative says where)."""
        if self.county is None:
            return self
        elsewhere = [f"“{v.name}”（在{v.county.name}）" for v in self.villages if not _within(v.county, self.county)]
        if elsewhere:
            raise _field_error("villages", "place-mismatch", "本文的地区是{county}，但提到的{villages}不在{county}。"
                               "请核对 county 或 villages：county 要写所有这些村共同所在的县或市。",
                               county=self.county.name, villages="、".join(elsewhere))
        apart = [f"“{i.name}”（实施地区：{'、'.join(r.name for r in i.regions)}）" for i in self.initiatives
                 if i.regions and not any(_within(self.county, r) or _within(r, self.county) for r in i.regions)]
        if apart:
            raise _field_error("initiatives", "place-mismatch", "本文的地区是{county}，但举措{initiatives}不在这里实施。"
                               "请核对 county 或 initiatives。", county=self.county.name, initiatives="、".join(apart))
        return self


def _within(inner: Region, outer: Region) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it."""
    region: Region | None = inner
    while region is not None:
        if region.id == outer.id:
            return True
        region = region.parent
    return False


class Page(Story):
    """A plain page such as 关于本站."""


Region.model_rebuild()
Initiative.model_rebuild()

__all__ = [
    "INJECTED", "Case", "Coordinates", "Figure", "Grade", "Honour", "Initiative", "InitiativeKind", "InitiativeLevel",
    "Level", "Measure", "Page", "PartialDate", "Photo", "Place", "Qualifier", "Record", "Region", "Route", "Source",
    "Stage", "Stop", "Story", "Village",
]
