"""A built site's files, for comparing one build with another byte for byte.

Every file is compared by its bytes, except three kinds in Pagefind's bundle:
Pagefind orders a filter's values by a randomly seeded hash table, so two
clean builds of the same site write the same filters in different orders,
under different content-hash names. Those files are compared by what they
say: each filter file decoded (gzip, then CBOR) with its values sorted, the
metadata file with the filter files' names left out, and the entry file
without the metadata file's name. Everything else of the bundle (the index
chunks and fragments, named by their content) is compared byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

BUNDLE = "search/pagefind/"
_SIGNATURE = b"pagefind_dcd"


def site_files(output: Path) -> dict[str, Any]:
    """Relative path -> sha256 of the bytes (or, for Pagefind's shuffled files, what they say)."""
    files: dict[str, Any] = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = path.relative_to(output).as_posix()
        if rel.startswith(BUNDLE + "filter/"):
            name, values = _decoded(path)
            files[f"{BUNDLE}filter/({name})"] = sorted(values)
        elif rel.startswith(BUNDLE) and rel.endswith(".pf_meta"):
            meta = _decoded(path)
            meta[3] = sorted(name for name, _ in meta[3])  # the filters, without their files' names
            files[f"{BUNDLE}(meta)"] = meta
        elif rel == BUNDLE + "pagefind-entry.json":
            entry = json.loads(path.read_text(encoding="utf-8"))
            for language in entry["languages"].values():
                language.pop("hash")
            files[rel] = entry
        else:
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def _decoded(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    assert data.startswith(_SIGNATURE), path
    return _cbor(data, len(_SIGNATURE))[0]


def _cbor(data: bytes, at: int) -> tuple[Any, int]:
    """The one CBOR value at ``at`` and where the next begins (only the types Pagefind writes)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    else:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        number, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        raw = data[at:at + number]
        return (raw.decode("utf-8") if major == 3 else raw), at + number
    if major in (4, 5):
        items = []
        for _ in range(number * (2 if major == 5 else 1)):
            item, at = _cbor(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2]))), at
    if major == 7:
        return {20: False, 21: True, 22: None}[number], at
    raise ValueError(f"CBOR type {major} at {at} in a Pagefind file")
