"""What `invoke new` asks for each kind of file, and how each answer is checked (scaffold.py asks and writes).

Every answer is checked by the same types the records are validated with (records/types.py), so a date, a web
address or a division code that `make new` takes is one `make check` takes too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from .records.model import Grade, InitiativeKind, InitiativeLevel, Level, PeriodField
from .records.refs import Registry
from .records.types import DivisionCode, PartialDateField, Url

Answer = str | tuple[str, ...]
Answers = Mapping[str, Answer]
# A problem with a typed value (in Chinese), or None; given the answers so far and the records that exist.
Check = Callable[[str, Answers, Registry], "str | None"]


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
    check: Check | None = None
    line: str = ""  # written as a whole line; unanswered, this example stays in the file as a comment
    when: Callable[[Answers], bool] | None = None  # asked only when this holds for the answers before it
    help: str = ""  # said once, before the question


@dataclass(frozen=True)
class Blueprint:
    kind: str
    label: str
    folder: str  # relative to the site root
    template: str  # file name in scaffold/
    asks: tuple[Ask, ...]
    name_field: str  # the answer the suggested id is made from; the id is asked right after it
    photo: bool = False  # the kind shows photos, so a photo is offered

    @property
    def records(self) -> str:
        """The folder under data/ (or content/) its files live in: villages, cases…"""
        return self.folder.split("/")[1]


def _typed(adapter: TypeAdapter) -> Check:
    def check(value: str, answers: Answers, registry: Registry) -> str | None:
        try:
            adapter.validate_python(value)
        except ValidationError as error:
            return error.errors()[0]["msg"]
        return None
    return check


def _parent_above(value: str, answers: Answers, registry: Registry) -> str | None:
    parent, kind = registry.of("regions").get(value), Level(str(answers["kind"]))
    if parent is not None and parent.kind.rank >= kind.rank:
        return f"“{value}”（{parent.name}）是{parent.kind}区域，{kind}区域的上级要比它高一级，请核对。"
    return None


def _code_digits(value: str, answers: Answers, registry: Registry) -> str | None:
    wanted = 12 if answers.get("kind") == Level.TOWNSHIP.value else 6
    if not value.isdigit() or len(value) != wanted:
        return f"{answers.get('kind')}区域的代码应为 {wanted} 位数字，实际是“{value}”。不确定时直接回车，不写。"
    return None


def _both(*checks: Check) -> Check:
    def check(value: str, answers: Answers, registry: Registry) -> str | None:
        return next((found for c in checks if (found := c(value, answers, registry))), None)
    return check


def _has_photo(answers: Answers) -> bool:
    return bool(answers.get("photo"))


YES_NO = ("是", "否")
TITLE = Ask("title", "标题（一句话说清楚哪里、做了什么）")
SOURCES = Ask("sources", "资料来源的编号（data/sources 里的文件名），至少一个", ref="sources", many=True)
WRITER = Ask("writer", "撰稿人姓名")
# A photo for the kinds that show them: the file, what a reader who cannot see it is told, and whether the
# people in it agreed to be shown (a recognisable face is published only with their consent).
PHOTO = (
    Ask("photo", "照片文件的位置（可以把照片拖进这个窗口），没有就直接回车", required=False,
        help="照片会复制到新文件旁边；网站只发布去掉拍摄地点等信息的副本。"),
    Ask("alt", "照片里是什么（一句话，给看不见照片的读者，如“村党群服务中心外景”）", when=_has_photo),
    Ask("caption", "照片下方的说明，不需要就直接回车", required=False, when=_has_photo),
    Ask("credit", "照片由谁提供或拍摄（如“村委会供图”），不知道就直接回车", required=False, when=_has_photo),
    Ask("people", "照片里有能认出是谁的人吗", choices=YES_NO, when=_has_photo),
    Ask("consent", "照片里能认出的人都同意在网站上公开这张照片吗", choices=YES_NO,
        when=lambda a: _has_photo(a) and a.get("people") == "是"),
)
HAPPENED_HELP = "资料怎么说就怎么写：2024-08-02、2024-08 或 2024；一段时间写 2023-10/2024-06；“2022年以来”写 2022/。"

BLUEPRINTS: dict[str, Blueprint] = {b.kind: b for b in (
    Blueprint("case", "案例", "content/cases", "case.md", (
        TITLE,
        Ask("happened", "事情发生的时间，资料里没有就直接回车", required=False, check=_typed(TypeAdapter(PeriodField)),
            line="2024-08-02", help=HAPPENED_HELP),
        Ask("county", "所在地区的编号（县、市均可）", ref="regions", levels=(Level.PROVINCE, Level.CITY, Level.COUNTY)),
        Ask("villages", "文中提到的村的编号，没有就直接回车", ref="villages", many=True, required=False),
        Ask("initiatives", "涉及的党建举措的编号，没有就直接回车", ref="initiatives", many=True, required=False),
        SOURCES,
        Ask("summary", "摘要（一两句话，显示在列表和搜索结果里）"),
        WRITER,
        *PHOTO,
    ), "title", photo=True),
    Blueprint("village", "示范村", "data/villages", "village.yml", (
        Ask("name", "村名（写全称，如“晓望村”）"),
        Ask("county", "所属县（县级市、区）的编号", ref="regions", levels=(Level.COUNTY,)),
        Ask("township", "所属乡镇（街道）的编号，没有就直接回车", ref="regions", levels=(Level.TOWNSHIP,),
            required=False, line="编号"),
        SOURCES,
        WRITER,
        *PHOTO,
    ), "name", photo=True),
    Blueprint("route", "红色旅游线路", "data/routes", "route.yml", (
        Ask("name", "线路名称"),
        Ask("county", "第一站所在地区的编号", ref="regions"),
        SOURCES,
        WRITER,
    ), "name"),
    Blueprint("initiative", "党建举措", "data/initiatives", "initiative.yml", (
        Ask("name", "举措的正式名称（照原文写全称）"),
        Ask("kind", "类型", choices=tuple(k.value for k in InitiativeKind)),
        Ask("level", "级别（由哪一级组织实施）", choices=tuple(level.value for level in InitiativeLevel)),
        Ask("region", "实施地区的编号", ref="regions"),
        SOURCES,
        WRITER,
    ), "name"),
    Blueprint("region", "区域（省、市、县、乡镇）", "data/regions", "region.yml", (
        Ask("name", "区域的正式名称（写全称，如“莱西市”“日庄镇”）"),
        Ask("kind", "级别（县、县级市、区是县级；乡、镇、街道是乡级）", choices=tuple(level.value for level in Level)),
        Ask("parent", "上级区域的编号（市写省、县写市、乡镇写县）", ref="regions", check=_parent_above,
            when=lambda a: a.get("kind") != Level.PROVINCE.value, line="上级区域的编号"),
        Ask("code", "行政区划代码（县级以上 6 位，乡镇 12 位），不确定就直接回车", required=False,
            check=_both(_typed(TypeAdapter(DivisionCode)), _code_digits), line="行政区划代码"),
        Ask("sources", "写明这个区域的资料来源的编号，没有就直接回车", ref="sources", many=True, required=False),
    ), "name"),
    Blueprint("source", "资料来源", "data/sources", "source.yml", (
        Ask("title", "资料的标题（照原文写）"),
        Ask("publisher", "发布单位或作者（照原文写，如“青岛日报”“延长县委组织部”）"),
        Ask("date", "发布日期（2024-04-18；只知道年月或年份写 2024-04 或 2024），没有就直接回车", required=False,
            check=_typed(TypeAdapter(PartialDateField)), line="2024-04-18"),
        Ask("url", "网址（从浏览器地址栏复制），纸质材料直接回车", required=False, check=_typed(TypeAdapter(Url)),
            line="https://…"),
        Ask("grade", "可靠程度：A 官方网站、报纸、图书馆；B 转载的新闻或期刊；C 目录、博客、问答、百科", required=False,
            choices=tuple(g.value for g in Grade), line="A"),
    ), "title"),
)}
