"""The search bundle on disk: written whole, and checked whole before a build publishes it.

Pagefind hands over its files (``index.py``); they are written here, each one
completely before the next, in the order of their names, so a full disk is
an error at the file it hit (never a file left short) and two builds of the
same records write the same bytes. ``defects`` then reads the bundle as the
search page will load it: ``pagefind.js`` and its worker, the entry
(``pagefind-entry.json``), the metadata file the entry names, the
WebAssembly, and every index chunk, fragment and filter file the metadata
lists. Each must be there and not empty, every gzipped file must unpack
whole, and the WebAssembly must unpack to a module (``\\0asm``); our own
files (``OURS``) must be whole JSON. A bundle
with a defect is never published (``incremental/finish.py``).
"""

from __future__ import annotations

import errno
import gzip
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

import cbor2

ENTRY = "pagefind-entry.json"
# Fetched by name: the search page imports pagefind.js, which starts the worker, which reads the entry.
SCRIPTS = ("pagefind.js", "pagefind-worker.js")
# Ours, beside Pagefind's: the record names for "did you mean", and how characters sound (index.py, search.js).
# And the list of the bundle's parts (index.py): each another Pagefind index, merged in by the search page.
BUNDLES = "bundles.json"
OURS = ("names.json", "sounds.json", BUNDLES)
PARTS = "parts/"
SIGNATURE = b"pagefind_dcd"  # what every gzipped file of Pagefind's starts with, unpacked (the WebAssembly too)
WASM_MAGIC = b"\0asm"
# Where the metadata file (a CBOR array) lists the files a search loads: (position, folder, suffix, hash's place).
_LISTED = ((1, "fragment", "pf_fragment", 0), (2, "index", "pf_index", 2), (3, "filter", "pf_filter", 1))
_GZIPPED = (".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter", ".pagefind")


def is_disk_full(error: OSError) -> bool:
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


class DiskFull(Exception):
    """The disk filled while the bundle was written; ``path`` is the file that did not fit."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def write(files: Mapping[str, bytes], folder: Path) -> None:
    """Every file under ``folder`` (a new one), in the order of their names; raises DiskFull or OSError."""
    for rel in sorted(files):
        path = folder / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:
                out.write(files[rel])
        except OSError as error:
            if is_disk_full(error):
                raise DiskFull(rel) from error
            raise


def defects(folder: Path) -> list[str]:
    """What keeps the bundle in ``folder`` from working, each said in Chinese (nothing: it is whole).

    Every file the search loads must be there, and every file of the folder is read: none may be empty,
    every gzipped one must unpack whole (the WebAssembly to a module).
    """
    referenced = _referenced(folder)
    on_disk = [p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*")) if p.is_file()]
    return _absent(folder, referenced) + [d for rel in on_disk for d in _defects_of(folder / rel, rel)]


def defects_kept(folder: Path) -> list[str]:
    """``defects`` of a bundle kept from the build that published it, which checked it whole (and output/'s files
    are never written into, only replaced): what a write lost or cut short leaves is looked for again, every file
    the search loads there and not empty, the entry, metadata and WebAssembly whole, without unpacking each of
    the thousands of fragments and index chunks (named by their content) of a province."""
    referenced = _referenced(folder)
    found = _absent(folder, referenced)
    for rel in referenced:
        path = folder / rel
        if not path.is_file():
            continue
        if rel.split("/")[-2:-1] not in (["fragment"], ["index"], ["filter"]):
            found += _defects_of(path, rel)
        elif path.stat().st_size == 0:
            found.append(f"{rel} 是空文件（0 字节）")
    return found


def _absent(folder: Path, referenced: list[str]) -> list[str]:
    return [f"{rel} 不存在" for rel in referenced if not (folder / rel).is_file()]


def _referenced(folder: Path) -> list[str]:
    """Every file the search page may load, each once: the bundle's, and its parts' (each without scripts)."""
    found = [*SCRIPTS, ENTRY, *OURS, *_named(folder)]
    for part in _parts(folder):
        found += [part + ENTRY, *(part + rel for rel in _named(folder / part, wasm=False))]
    return list(dict.fromkeys(found))


def _parts(folder: Path) -> list[str]:
    try:
        listed = json.loads((folder / BUNDLES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # its own defect is reported with its file
    return [p for p in listed if isinstance(p, str) and p.startswith(PARTS)] if isinstance(listed, list) else []


def _named(folder: Path, wasm: bool = True) -> Iterator[str]:
    """The files the entry names, and those the metadata files it names list (none past a broken file)."""
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        languages = [(language["hash"], language.get("wasm") or "unknown") for language in entry["languages"].values()]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # the entry's own defect is reported with its file
    for meta_hash, wasm_name in languages:
        meta = f"pagefind.{meta_hash}.pf_meta"
        yield meta
        if wasm:  # a part is searched with the bundle's WebAssembly
            yield f"wasm.{wasm_name}.pagefind"
        try:
            fields = cbor2.loads(gzip.decompress((folder / meta).read_bytes())[len(SIGNATURE):])
            listed = [f"{kind}/{item[place]}.{suffix}" for at, kind, suffix, place in _LISTED for item in fields[at]]
        except (OSError, EOFError, zlib.error, ValueError, LookupError, TypeError, cbor2.CBORDecodeError):
            continue  # the metadata file's own defect is reported with its file
        yield from listed


def _defects_of(path: Path, rel: str) -> list[str]:
    data = path.read_bytes()
    if not data:
        return [f"{rel} 是空文件（0 字节）"]
    if rel.endswith(ENTRY) or rel in OURS:
        try:
            json.loads(data)
        except ValueError:
            return [f"{rel} 不完整（{len(data)} 字节，不是完整的 JSON）"]
        return []
    if not rel.endswith(_GZIPPED):
        return []
    try:
        unpacked = gzip.decompress(data)
    except EOFError:
        return [f"{rel} 不完整（{len(data)} 字节，压缩数据在中途断了）"]
    except (OSError, zlib.error):
        return [f"{rel} 已损坏，无法解压（{len(data)} 字节）"]
    if not unpacked.startswith(SIGNATURE):  # the search page's script refuses such a file
        return [f"{rel} 解压后不是 Pagefind 的数据文件"]
    if rel.endswith(".pagefind") and not unpacked[len(SIGNATURE):].startswith(WASM_MAGIC):
        return [f"{rel} 解压后不是 WebAssembly 模块"]
    return []
