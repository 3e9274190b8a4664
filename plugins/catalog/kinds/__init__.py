"""Every record kind, one module each, registered in the order records may refer to each other.

A kind declares its folder and model, label, URL section, sort key, where a record lies, its page, search
text, JSON-LD and brochure entry (kind.py). A new kind is a module here (or a test's own) plus its templates.
"""

from __future__ import annotations

from ..kind import KINDS, Kind
from . import cases, initiatives, pages, regions, routes, sources, villages

BUILT_IN: tuple[Kind, ...] = (sources.KIND, regions.KIND, initiatives.KIND, villages.KIND, routes.KIND, cases.KIND,
                              pages.KIND)
for _kind in BUILT_IN:
    if KINDS.find(_kind.model) is None:
        KINDS.add(_kind)

__all__ = ["BUILT_IN", "KINDS", "Kind"]
