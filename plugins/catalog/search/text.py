"""What each page reads as, for search: its own content, written out from the record.

The text follows the page's template: the title, where it is, what it says,
its figures and its facts (an initiative's 实施地区, a route's stops, a
source's publisher). The names of other pages it lists as its own facts (a
case's villages and initiatives, a village's initiatives, an initiative's
parts) and its citations are its tail: found, but ranked below the page's own
text. Long lists of other pages (related cases, a county's villages, the
pages citing a source) and the templates' fixed headings are left out (see
docs/search.md). Parts are separated by line breaks, so a phrase never runs
from one part into the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..kind import KINDS
from ..kinds.text import html_text, lines, sources
from ..records.model import Record

__all__ = ["html_text", "page_text"]


def page_text(record: Record, values: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The text of the record's page as search matches it: its own text (the title first), and its tail
    (the names of other pages it lists, its citations), which ranks below it. ``values`` are the page's.
    Each kind writes its own (Kind.search_text, kinds/)."""
    own, tail = KINDS.of(record).search_text(record, values or {})
    return lines(own), lines([*tail, *sources(getattr(record, "sources", ()))])
