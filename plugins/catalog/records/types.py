"""Field kinds shared by the record schemas: one small type per kind of value.

Every scalar arrives as the text that was typed (see load.py). Each type here
turns that text into a typed value or says, in Chinese, what it expected.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# YAML folds a wrapped line (">") into a space, but Chinese puts no space between
# characters; a space there shows on the page as a gap. Line breaks are kept.
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _close_cjk_gaps(value: Any) -> Any:
    return _CJK_SPACE.sub("", value) if isinstance(value, str) else value


# Prose: summaries, descriptions, profiles, notes. Written over several lines, folded by YAML; the spaces folding
# puts between Chinese characters are closed.
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_close_cjk_gaps)]
# A name or title: one line, every character as typed. A space in it is the writer's, as in the route the Qingdao
# bureau published as "初心如磐 红色基因传承之旅", and stays.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx or None)


def _shown(value: Any) -> str:
    """How a wrong value is quoted back to the person who typed it."""
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    return "空值" if value is None else f"“{value}”"


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _number(value: Any) -> Any:
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        return Decimal(value.strip())
    hint = ""
    if isinstance(value, str) and re.fullmatch(r"-?[\d,，]+(\.\d+)?", value.strip()):
        hint = "请去掉千位分隔符（逗号）。"
    elif isinstance(value, str) and re.search(r"[约余多以上近超过万亿%％]", value):
        hint = "“约”“余”“以上”等请写在 qualifier 字段，单位写在 unit 字段，这里只写数字。"
    raise _fail("value-number", "应为数字，如 1261 或 25.8，实际是{shown}。{hint}", shown=_shown(value), hint=hint)


# Decimal keeps the document's precision: 290.7 stays 290.7, never 290.69999.
Number = Annotated[Decimal, BeforeValidator(_number)]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the source states it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
        if self.day:
            text += f"{self.day}日"
        return text

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_HELP = "日期请写成 2024-04-18；只知道年月或年份时写 2024-04 或 2024。"


def _partial_date(value: Any) -> Any:
    if not isinstance(value, str):
        raise _fail("value-date", "不是有效的日期：实际是{shown}。{help}", shown=_shown(value), help=_DATE_HELP)
    return _date_text(value)


@lru_cache(maxsize=4096)
def _date_text(value: str) -> PartialDate:
    # A province's records write a few thousand different dates tens of thousands of times (every review).
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise _fail("value-date", "不是有效的日期：实际是{shown}。{help}", shown=_shown(value), help=_DATE_HELP)
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise _fail("value-date", "月份“{month}”不存在。{help}", month=month, help=_DATE_HELP)
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _fail("value-date", "{year}年{month}月没有{day}日，请核对日期。", year=year, month=month, day=day)
    return PartialDate(year, month, day)


PartialDateField = Annotated[PartialDate, BeforeValidator(_partial_date)]


def _full_date(value: Any) -> Any:
    partial = _partial_date(value)
    if partial.day is None:
        raise _fail("value-date", "这里需要完整的年月日，如 2024-04-18，实际是{shown}。", shown=_shown(value))
    return dt.date(partial.year, partial.month, partial.day)


FullDate = Annotated[dt.date, BeforeValidator(_full_date)]


def _division_code(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"\d{6}|\d{12}", value.strip()):
        return value.strip()
    raise _fail(
        "value-code", "行政区划代码应为 6 位（县级以上）或 12 位（乡镇、村）数字，实际是{shown}。不确定时请不填。",
        shown=_shown(value),
    )


DivisionCode = Annotated[str, BeforeValidator(_division_code)]


def _slug(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value.strip()):
        return value.strip()
    raise _fail("value-slug", "网址名只能用小写英文字母、数字和连字符“-”，如 xiaowang-cun，实际是{shown}。", shown=_shown(value))


Slug = Annotated[str, BeforeValidator(_slug)]


# Characters a URL never holds as typed (RFC 3986 percent-encodes them); each could end the attribute or
# element the URL is printed in, or make a browser read another address than staff checked.
_URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_HOST = re.compile(r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?", re.UNICODE)
_URL_HELP = "请从浏览器地址栏复制完整的网址，如 https://www.gov.cn/…。"


def _visible(text: str) -> str:
    """Text as a message can quote it: an invisible or direction-changing character written as its code."""
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)


def _url(value: Any) -> Any:
    """A web address people can follow: http or https, a host name, nothing that could break out of an attribute."""
    if not isinstance(value, str):
        raise _fail("value-url", "应为网址，实际是{shown}。{help}", shown=_shown(value), help=_URL_HELP)
    text = value.strip()
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    if scheme is None or scheme.group(1).lower() not in ("http", "https") or not text.lower().startswith(
            f"{scheme.group(1).lower()}://"):
        raise _fail("value-url", "网址只能以 http:// 或 https:// 开头，实际是{shown}。{help}", shown=_shown(value),
                    help=_URL_HELP)
    bad = _URL_UNSAFE.search(text)
    if bad:
        raise _fail("value-url", "网址里不能有空格、引号、尖括号等字符（发现“{char}”），实际是{shown}。{help}",
                    char=bad.group(0) if bad.group(0).isprintable() and not bad.group(0).isspace() else "空白或控制字符",
                    shown=_shown(_visible(text)), help=_URL_HELP)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is not None and parts.username is not None:
        raise _fail("value-url", "网址里不能有“@”前的用户名，实际是{shown}：这样的网址会把读者带到“@”后面的网站。{help}",
                    shown=_shown(value), help=_URL_HELP)
    if parts is None or not parts.hostname or not _HOST.fullmatch(parts.hostname):
        raise _fail("value-url", "网址里没有有效的网站域名，实际是{shown}。{help}", shown=_shown(value), help=_URL_HELP)
    return text


Url = Annotated[str, BeforeValidator(_url)]


def _boolean(value: Any) -> Any:
    if value in ("true", "false"):
        return value == "true"
    raise _fail("value-boolean", "只能填 true（是）或 false（否），实际是{shown}。", shown=_shown(value))


Boolean = Annotated[bool, BeforeValidator(_boolean)]


def _latitude(value: Decimal) -> Decimal:
    if not -90 <= value <= 90:
        raise _fail("value-range", "纬度应在 -90 到 90 之间，实际是 {value}。", value=str(value))
    return value


def _longitude(value: Decimal) -> Decimal:
    if not -180 <= value <= 180:
        raise _fail("value-range", "经度应在 -180 到 180 之间，实际是 {value}。", value=str(value))
    return value


Latitude = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_latitude)]
Longitude = Annotated[Decimal, BeforeValidator(_number), AfterValidator(_longitude)]


class Choice(str, Enum):
    """An enumeration whose values are the Chinese words staff type."""

    def __str__(self) -> str:
        return self.value
