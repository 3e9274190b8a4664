"""Personal data that must never be published: ID numbers, mobile numbers, bank card numbers.

Each pattern is confirmed before it is reported (an ID's birth date and check
digit, a card's Luhn sum), so ordinary long numbers do not raise alarms.
Masked forms such as 138****1234 contain no run of digits long enough to match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_ID18 = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_ID15 = re.compile(r"(?<![\dA-Za-z])(\d{15})(?![\dA-Za-z])")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![\d])")
_CARD = re.compile(r"(?<![\d])((?:\d[- ]?){15,18}\d)(?![\d])")
# Every number above holds a run of at least eleven digits, spaces or hyphens that starts with a digit; a text
# without one (nearly every text) is passed over in one scan instead of four.
_CANDIDATE = re.compile(r"\d[\d\- ]{10}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Finding:
    rule: str
    text: str
    message: str


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


def find_personal(text: str) -> Iterator[Finding]:
    if not _CANDIDATE.search(text):
        return
    ids = set()
    for match in _ID18.finditer(text):
        if is_id18(match.group(1)):
            ids.add(match.group(1))
            yield Finding("personal-id", match.group(1), f"身份证号码“{match.group(1)}”属于个人隐私，不能公开发布。"
                                                          f"请删除，确需保留时只写打码形式，如“{match.group(1)[:6]}********{match.group(1)[-4:]}”。")
    for match in _ID15.finditer(text):
        if is_id15(match.group(1)):
            ids.add(match.group(1))
            yield Finding("personal-id", match.group(1), f"身份证号码“{match.group(1)}”（15 位旧号码）属于个人隐私，不能公开发布，请删除。")
    for match in _MOBILE.finditer(text):
        yield Finding("personal-mobile", match.group(0), f"手机号码“{match.group(0)}”属于个人隐私，不应公开发布。"
                                                        f"请删除，或打码为 {_masked(match.group(1))}；单位的公开办公电话请写座机号码。")
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if 16 <= len(digits) <= 19 and digits not in ids and luhn(digits):
            yield Finding("personal-bankcard", match.group(1), f"银行卡号“{match.group(1)}”属于个人隐私，不能公开发布，请删除。")
