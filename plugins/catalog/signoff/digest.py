"""The digest of an item's content as published: what a signature is over.

Every field as typed (the review data itself left out), the story's body, the photos it shows (their bytes),
and what it prints of the records it cites that have no review of their own: each source's fields, each
region's name, kind and code along its lineage. A reviewer approves a page as it reads, so a source retitled
or a photo replaced after signing voids the signature just as an edited sentence does. Other reviewed items
it names (a case's villages) are not included: each is published only with its own signatures.

Normalised so that what does not change the published text does not change the digest: YAML layout,
quoting and comments, key order, line endings, trailing spaces, Unicode composition (NFC).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..indexes import lineage
from ..records.model import Photo, Region, Source, Story
from ..records.refs import Registry
from ..records.review import Reviewed

# Review data is what signatures replace and what they are kept beside; it is not content.
NOT_CONTENT = frozenset({"status", "review"})

FileDigest = Callable[[Path], str]  # a file's SHA-256 (hex); "" when it cannot be read


def _normal(value: Any) -> Any:
    if isinstance(value, str):
        lines = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n")
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if k not in NOT_CONTENT}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def content_digest(kind: str, record: Any, registry: Registry, root: Path, file_digest: FileDigest) -> str:
    """``sha256:<hex>`` of ``record``'s content as published (see the module's docstring)."""
    raw = registry.raw[(kind, record.id)]
    parts: dict[str, Any] = {"kind": kind, "fields": _normal(raw.data)}
    if isinstance(record, Story):
        story = getattr(record.article, "story", None)
        parts["body"] = _normal(story.body if story is not None else "")
    cited: dict[str, Any] = {}
    regions: dict[str, Any] = {}
    photos: dict[str, str] = {}
    folder = (root / record.path).parent
    _walk(record, registry, cited, regions, photos, folder, file_digest, top=True)
    if isinstance(record, Story):
        story = getattr(record.article, "story", None)
        for image in getattr(story, "images", ()):
            photos[image.src] = file_digest(folder / image.src)
    parts.update(sources=cited, regions=regions, photos=photos)
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _walk(value: Any, registry: Registry, cited: dict, regions: dict, photos: dict, folder: Path,
          file_digest: FileDigest, top: bool = False) -> None:
    if isinstance(value, Source):
        raw = registry.raw.get(("sources", value.id))
        cited[value.id] = _normal(raw.data) if raw is not None else value.id
    elif isinstance(value, Region):
        for region in lineage(value):
            regions[region.id] = [region.name, str(region.kind), region.code or ""]
    elif isinstance(value, Reviewed) and not top:
        return  # published only with its own signatures
    elif isinstance(value, Photo):
        photos[value.file] = file_digest(folder / value.file)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NOT_CONTENT:
                _walk(getattr(value, name), registry, cited, regions, photos, folder, file_digest)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, registry, cited, regions, photos, folder, file_digest)
