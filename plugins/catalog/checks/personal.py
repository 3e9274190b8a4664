"""Personal data that must never be published: ID numbers, mobile numbers, bank card numbers.

Each pattern is confirmed before it is reported (an ID's birth date and check
digit, a card's Luhn sum), so ordinary long numbers do not raise alarms.
Masked forms such as 138****1234 contain no run of digits long enough to match.
Numbers are matched in the normal text (normal.py): full-width digits and
invisible characters inside a number do not hide it; messages quote what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .hits import Hit
from .normal import Normalised

_ID18 = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_ID15 = re.compile(r"(?<![\dA-Za-z])(\d{15})(?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![\d])")
_CARD = re.compile(r"(?<![\d])((?:\d[- ]?){15,18}\d)(?![\d])")
# Every number above holds a run of at least eleven digits, spaces or hyphens that starts with a digit; a text
# without one (nearly every text) is passed over in one scan instead of four. The scan reads the normal text, so a
# number in full-width digits or broken by an invisible character cannot slip past it.
_CANDIDATE = re.compile(r"\d[\d\- ]{10}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def is_id18(number: str) -> bool:
    if not _valid_date(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def is_id15(number: str) -> bool:
    return _valid_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _masked(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def personal_suspects(lines: str) -> Iterator[tuple[int, int]]:
    """Spans of ``lines`` (normal texts joined by line breaks) such that every text in which ``find_personal``
    finds a number overlaps one of them."""
    return (match.span() for match in _CANDIDATE.finditer(lines))


def find_personal(text: Normalised | str) -> Iterator[Hit]:
    typed = text if isinstance(text, Normalised) else Normalised(text)
    normal = typed.text
    if not _CANDIDATE.search(normal):
        return

    def hit(rule: str, match: re.Match[str], group: int, message: str) -> Hit:
        span = match.span(group)
        return Hit(rule, (span,), (typed.shown(*span),), message)

    ids = set()
    for match in _ID18.finditer(normal):
        number = match.group(1)
        if is_id18(number):
            ids.add(number)
            yield hit("personal-id", match, 1, f"身份证号码“{typed.shown(*match.span(1))}”属于个人隐私，不能公开发布。"
                                               f"请删除，确需保留时只写打码形式，如“{number[:6]}********{number[-4:]}”。")
    for match in _ID15.finditer(normal):
        if is_id15(match.group(1)):
            ids.add(match.group(1))
            yield hit("personal-id", match, 1, f"身份证号码“{typed.shown(*match.span(1))}”（15 位旧号码）属于个人隐私，"
                                               "不能公开发布，请删除。")
    for match in _MOBILE.finditer(normal):
        yield hit("personal-mobile", match, 0, f"手机号码“{typed.shown(*match.span(0))}”属于个人隐私，不应公开发布。"
                                               f"请删除，或打码为 {_masked(match.group(1))}；单位的公开办公电话请写座机号码。")
    for match in _CARD.finditer(normal):
        digits = re.sub(r"\D", "", match.group(1))
        if 16 <= len(digits) <= 19 and digits not in ids and luhn(digits):
            yield hit("personal-bankcard", match, 1, f"银行卡号“{typed.shown(*match.span(1))}”属于个人隐私，不能公开发布，请删除。")
