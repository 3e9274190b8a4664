"""页面: a plain page such as 关于本站 (content/pages/*.md), at the site's root by its slug."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import Kind, SearchParts
from ..pinyin import pinyin_key
from ..records.model import Page
from . import text


def search_text(page: Page, values: Mapping[str, Any]) -> SearchParts:
    return [page.title, text.html_text(page.body)], []


KIND = Kind(
    "pages", Page, "页面",
    sort_key=lambda p: (pinyin_key(p.title), p.id),
    areas=lambda p: (),
    story=True,
    template="page.html",  # at the site's root by its slug: no section
    value_name="page",
    search_text=search_text,
    placed=False,
)
