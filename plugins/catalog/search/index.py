"""The Pagefind bundle: one custom record per searchable page, written into the build's output.

Records come from the same PageSpecs the site is written from, so a page and
its search record share one URL and one record; nothing here reads HTML back.

Pagefind is asked for the bundle's bytes (``GetFiles``), not to write them
(``WriteFiles``): its files are ``tokio::fs::File``s written with
``write_all`` and never flushed, so the last write of each may still be
queued when it replies, and it exits the moment its stdin closes; the
file is then left empty or cut short (docs/search.md). Nor is it given
filters: it orders a filter's values by a randomly seeded hash table, so
two builds of the same records would differ (the search page uses none).
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.service.types import InternalAddRecordRequest, InternalGetFilesRequest, InternalNewIndexRequest

from .. import urls
from ..dates import cn_date
from ..pages import PageSpec
from ..kind import KINDS
from ..records.model import Case
from ..records.problems import BuildFailed, Problem
from ..site import places
from . import bundle
from .service import PagefindError, Service
from .text import page_text
from .sound import pinyin_terms, reading, sounds, syllables
from .tokens import TAIL, TITLE, exact_term, part_terms, runs

# Record names, for "did you mean" (search.js): those a visitor types, not the long titles of stories.
NAMED = tuple(KINDS.named(k).label for k in ("villages", "regions", "initiatives", "routes"))
LANGUAGE = "zh"
NAMES, SOUNDS = bundle.OURS[:2]
# Characters of text one Pagefind process indexes: at some 900 bytes a character, a part peaks near 600 MB (the
# province's 5.2 million characters are nine parts, one after another; docs/search.md).
SHARD_CHARACTERS = 600_000
# Pagefind also writes its ready-made search UIs; our page has its own, so they are not published.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site root, as urls.py gives it
    title: str
    kind: str  # 村 / 案例 / 线路 / 举措 …
    places: tuple[str, ...]  # the counties (or wider areas) it belongs to
    text: str  # what the page reads as, its title first; a query matches when this or the tail contains it
    date: str = ""
    tail: str = ""  # the names of other pages it lists and its citations: matched, ranked last

    def meta(self) -> dict[str, str]:
        text = self.text + ("\n" + self.tail if self.tail else "")
        meta = {"title": self.title, "kind": self.kind, "county": "、".join(self.places), "text": text,
                "py": " ".join(reading(self.title))}
        return meta | ({"date": self.date} if self.date else {})

    def content(self) -> str:
        """What Pagefind indexes: the own text's terms, the title's, the tail's, the exact title, the pinyin."""
        own = part_terms(self.text)
        known = {ch for run in runs(self.text) for ch in run}
        return " ".join(own + part_terms(self.title, TITLE) + part_terms(self.tail, TAIL, known)
                        + [exact_term(self.title)] + pinyin_terms(reading(self.title)))


def search_records(pages: Iterable[PageSpec]) -> list[SearchRecord]:
    records = []
    for spec in pages:
        owner = spec.owner  # every page about something: its record's (lists and the home page list other pages)
        kind = KINDS.find(type(owner))
        if kind is not None and kind.search_text is not None:
            own, tail = page_text(owner, spec.values)
            records.append(SearchRecord(spec.location.url, spec.title, kind.label,
                                        tuple(r.name for r in places(owner)), own,
                                        cn_date(owner.date) if isinstance(owner, Case) else "", tail))
    return records


def vocabulary(records: Iterable[SearchRecord]) -> dict[str, bytes]:
    """Our files of the bundle: the record names (for "did you mean") and how characters sound."""
    names = sorted({r.title for r in records if r.kind in NAMED})
    table = sounds(ch for name in names for ch in name)
    return {NAMES: _json(names), SOUNDS: _json({"syllables": sorted(syllables(table)), "chars": table})}


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def made_files(pagefind: Service, index: int) -> dict[str, bytes]:
    """The bundle's files, relative path -> bytes, as Pagefind makes them (the unused ones left out)."""
    made = await pagefind.request(InternalGetFilesRequest(type="GetFiles", index_id=index))
    return {f["path"]: base64.b64decode(f["content"]) for f in made["files"] if f["path"] not in _UNUSED}


async def _files(records: Iterable[SearchRecord]) -> dict[str, bytes]:
    async with Service() as pagefind:
        created = await pagefind.request(InternalNewIndexRequest(type="NewIndex", config={"force_language": LANGUAGE}))
        index = created["index_id"]
        for r in records:
            await pagefind.request(InternalAddRecordRequest(
                type="AddRecord", index_id=index, url=r.url, content=r.content(), language=LANGUAGE,
                meta=r.meta(), filters=None, sort=None))
        return await made_files(pagefind, index)


def failed(why: str) -> BuildFailed:
    return BuildFailed([Problem(urls.SEARCH_BUNDLE, 0, "", f"站内搜索索引没有生成：{why}。请运行 make bootstrap "
                                "重新安装后再试；仍然出错请联系技术人员。", "search-index")])


def disk_full(path: str, needed: int | None = None) -> BuildFailed:
    size = f"索引约需 {max(needed / 2**20, 0.1):.1f} MB。" if needed else ""
    return BuildFailed([Problem(urls.SEARCH_BUNDLE, 0, "", f"磁盘已满：写站内搜索索引（{path}）时磁盘没有剩余空间，"
                                f"{size}output/ 没有被改动。请删除不需要的文件，腾出空间后再重新生成网站。", "disk-full")])


def broken(defects: list[str]) -> BuildFailed:
    shown = "；".join(defects[:5]) + (f"；另有 {len(defects) - 5} 处" if len(defects) > 5 else "")
    return BuildFailed([Problem(urls.SEARCH_BUNDLE, 0, "", f"站内搜索索引写了两次都不完整：{shown}。output/ 没有被改动。"
                                "请再运行一次；仍然出错请联系技术人员，并附上这段提示。", "search-index")])


def shards(records: list[SearchRecord], size: int | None = None) -> list[list[SearchRecord]]:
    """The records in order, cut into runs of at most ``size`` (SHARD_CHARACTERS) characters of text (a longer
    record alone)."""
    size = size or SHARD_CHARACTERS
    found: list[list[SearchRecord]] = [[]]
    held = 0
    for r in records:
        n = len(r.text) + len(r.tail)
        if found[-1] and held + n > size:
            found.append([])
            held = 0
        found[-1].append(r)
        held += n
    return found


def part_folder(n: int) -> str:
    return f"{bundle.PARTS}{n}/"


def write_index(records: Iterable[SearchRecord], output: Path) -> Path:
    """Write the search bundle under ``output`` (a folder without one); raises BuildFailed when Pagefind fails
    or the disk is full. Whether the bundle is whole is ``bundle.defects``' to say.

    Pagefind holds every term of every page until it writes its files (about 700 bytes for each character of
    text), so the records are given to it SHARD_CHARACTERS at a time, one Pagefind process after another: the
    first shard is the bundle, each other one a part (``parts/N/``: its index and fragments, without the
    scripts and WebAssembly it shares with the first) that the search page merges in (``bundles.json``)."""
    folder = output / urls.SEARCH_BUNDLE
    records = list(records)
    written = 0
    try:
        parts = []
        for n, shard in enumerate(shards(records)):
            files = asyncio.run(_files(shard))
            if n:
                parts.append(part_folder(n))
                files = {parts[-1] + rel: data for rel, data in files.items()
                         if rel not in bundle.SCRIPTS and not rel.startswith("wasm.")}
            bundle.write(files, folder)
            written += sum(map(len, files.values()))
        ours = vocabulary(records) | {bundle.BUNDLES: _json(parts)}
        bundle.write(ours, folder)
    except PagefindError as error:
        raise failed(str(error)) from error
    except bundle.DiskFull as full:
        raise disk_full(urls.SEARCH_BUNDLE + full.path, written * (len(records) + 1) // max(1, len(records))) from full
    except OSError as error:
        raise failed(f"写入 {error.filename} 时出错：{error.strerror}") from error
    return folder
