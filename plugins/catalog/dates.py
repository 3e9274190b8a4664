"""Dates as staff and visitors read them: today where the office is, and 2024年5月1日.

One module below every view: the site's templates, the search records and the brochure all write a date
the same way, and the build, the brochure and ``make sign`` all take today in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def today(zone: str = "Asia/Shanghai") -> dt.date:
    """Today where the staff are, not where the server is."""
    return dt.datetime.now(ZoneInfo(zone)).date()


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"
