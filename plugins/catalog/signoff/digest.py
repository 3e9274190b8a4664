"""The digest of an item's content as published: what a signature is over.

Every field as typed (the review data itself left out), the story's body, the photos it shows (by their
content hash), and what it prints of the records it cites that have no review of their own: each source's
fields, each region's name, kind and code along its lineage. A reviewer approves a page as it reads, so a
source retitled or a photo replaced after signing voids the signature just as an edited sentence does. Other
reviewed items it names (a case's villages) are not included: each is published only with its own
signatures; they are listed (``Content.names``) so that an item waits for them (reviews.py).

Normalised so that what does not change the published text does not change the digest: YAML layout,
quoting and comments, key order, line endings, trailing spaces, Unicode composition (NFC).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..indexes import lineage
from ..records.model import Photo, Region, Source, Story
from ..records.refs import Registry
from ..records.review import Reviewed

# Review data is what signatures replace and what they are kept beside; it is not content.
NOT_CONTENT = frozenset({"status", "review"})

PhotoKey = Callable[[Any, str], str]  # (record, file as written) -> the photo's content hash; "" when it has none


@dataclass(frozen=True)
class Content:
    digest: str  # "sha256:<hex>"
    names: tuple[Any, ...]  # the reviewed records it names
    sources: tuple[Source, ...]  # the sources it cites
    regions: tuple[Region, ...]  # the regions it names, each with those above it


def _text(value: str) -> str:
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if "\n" in value or "\r" in value:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        value = "\n".join(line.rstrip() for line in lines)
    return value.strip("\n")


def normal(value: Any) -> Any:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items() if k not in NOT_CONTENT}
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


class Digests:
    """Works out each item's Content; what every item shares (a source's fields, a region's lineage) once.

    Owned by the generator, so ``invoke serve`` keeps an unchanged item's Content from build to build: a record
    that is the same object was validated from the same file and holds the same objects (incremental/), and
    the photos' content hashes and the story's body are compared too.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Any, tuple, Content]] = {}
        self._used: dict[int, tuple[Any, tuple, Content]] = {}
        self._sources: dict[int, tuple[Source, Any]] = {}
        self._regions: dict[int, tuple[Region, tuple]] = {}

    def of(self, kind: str, record: Any, registry: Registry, photo_key: PhotoKey) -> Content:
        story = getattr(getattr(record, "article", None), "story", None)
        photos = _photos(record, story)
        inputs = (kind, getattr(story, "digest", "") or getattr(story, "body", ""),
                  tuple(photo_key(record, file) for file in photos))
        kept = self._used.get(id(record)) or self._kept.get(id(record))
        if kept is not None and kept[0] is record and kept[1] == inputs:
            self._used[id(record)] = kept
            return kept[2]
        content = self._work_out(kind, record, registry, story, dict(zip(photos, inputs[2], strict=True)))
        self._used[id(record)] = (record, inputs, content)
        return content

    def keep(self) -> None:
        """At the end of a build: what it used is what the next one may find."""
        self._kept, self._used = self._used, {}

    def _work_out(self, kind: str, record: Any, registry: Registry, story: Any, photos: dict[str, str]) -> Content:
        found: dict[str, list] = {"names": [], "sources": [], "regions": []}
        _walk(record, found, top=True)
        sources = {s.id: s for s in found["sources"]}
        regions = {r.id: r for region in found["regions"] for r in self._lineage(region)}
        parts = {
            "kind": kind,
            "fields": normal(registry.raw[(kind, record.id)].data),
            "body": _text(story.body) if story is not None else None,
            "sources": {i: self._source(s, registry) for i, s in sorted(sources.items())},
            "regions": {i: [r.name, str(r.kind), r.code or ""] for i, r in sorted(regions.items())},
            "photos": photos,
        }
        text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
        names = tuple({(type(n), n.id): n for n in found["names"]}.values())
        return Content("sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest(), names,
                       tuple(sources.values()), tuple(regions.values()))

    def _source(self, source: Source, registry: Registry) -> Any:
        kept = self._sources.get(id(source))
        if kept is None or kept[0] is not source:
            raw = registry.raw.get(("sources", source.id))
            kept = self._sources[id(source)] = (source, normal(raw.data) if raw is not None else source.id)
        return kept[1]

    def _lineage(self, region: Region) -> tuple:
        kept = self._regions.get(id(region))
        if kept is None or kept[0] is not region:
            kept = self._regions[id(region)] = (region, lineage(region))
        return kept[1]


def _photos(record: Any, story: Any) -> tuple[str, ...]:
    files = [p.file for p in getattr(record, "photos", ()) or ()]
    files += [image.src for image in getattr(story, "images", ())]
    return tuple(files)


def _walk(value: Any, found: dict[str, list], top: bool = False) -> None:
    if isinstance(value, Source):
        found["sources"].append(value)
    elif isinstance(value, Region):
        found["regions"].append(value)
    elif isinstance(value, Reviewed) and not top:
        found["names"].append(value)  # published only with its own signatures
    elif isinstance(value, Photo):
        return  # by its content hash, with the story's images (Digests.of)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NOT_CONTENT and name != "article":
                item = getattr(value, name)
                if item is not None and not isinstance(item, (str, int, float, bool)):
                    _walk(item, found)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, found)


def photo_keys(plans: dict[Path, Any], root: Path, resolve: Callable[[Path], Path]) -> PhotoKey:
    """A PhotoKey from the build's photo plans (by the source file's resolved path)."""
    from ..photos import named_file

    def key(record: Any, file: str) -> str:
        source = named_file((root / record.path).parent, file)
        plan = plans.get(resolve(source)) if source is not None else None
        return plan.key if plan is not None else ""
    return key
