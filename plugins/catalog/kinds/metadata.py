"""Pieces of a record's description and schema.org data that several kinds write alike (metadata.py)."""

from __future__ import annotations

import re
from typing import Any

from ..records.model import Region, Stop
from .places import lineage, stop_area

DESCRIPTION_LENGTH = 110  # characters; search engines show about this many of Chinese text


def first(text: str | None) -> str:
    plain = re.sub(r"\s+", "", text or "")
    return plain if len(plain) <= DESCRIPTION_LENGTH else plain[: DESCRIPTION_LENGTH - 1] + "…"


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def place(region: Region, name: str | None = None) -> dict[str, Any]:
    chain = lineage(region)
    return {"@type": "Place", "name": name or region.name,
            "address": {"@type": "PostalAddress", "addressCountry": "CN", "addressRegion": chain[0].name,
                        "addressLocality": "".join(r.name for r in chain[1:]) or chain[0].name}}


def stop_place(stop: Stop) -> dict[str, Any]:
    found = place(stop_area(stop), stop.name)
    if stop.address:
        found["address"]["streetAddress"] = stop.address
    if stop.coordinates:
        found["geo"] = {"@type": "GeoCoordinates", "latitude": str(stop.coordinates.lat),
                        "longitude": str(stop.coordinates.lng)}
    return found
