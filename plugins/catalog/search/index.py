"""The Pagefind bundle: one custom record per searchable page, written into the build's output.

Records come from the same PageSpecs the site is written from, so a page and
its search record share one URL and one record; nothing here reads HTML back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pagefind.service.types import InternalAddRecordRequest, InternalNewIndexRequest, InternalWriteFilesRequest

from .. import urls
from ..generators import cn_date
from ..pages import PageSpec
from ..records.model import Case, Initiative, Page, Region, Route, Village
from ..records.problems import BuildFailed, Problem
from ..site import KIND_LABELS, places
from .service import PagefindError, Service
from .text import page_text
from .tokens import indexed

# Pages a visitor looks for. Source pages are left out: a source's title is on
# every page that cites it, which is what a visitor wants to find.
SEARCHED = (Village, Case, Route, Initiative, Region, Page)
LANGUAGE = "zh"
# Pagefind also writes its ready-made search UIs; our page has its own, so they are not published.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # relative to the site root, as urls.py gives it
    title: str
    kind: str  # 村 / 案例 / 线路 / 举措 …
    places: tuple[str, ...]  # the counties (or wider areas) it belongs to
    text: str  # what the page reads as; a query matches when this contains it
    date: str = ""

    def meta(self) -> dict[str, str]:
        meta = {"title": self.title, "kind": self.kind, "county": "、".join(self.places), "text": self.text}
        return meta | ({"date": self.date} if self.date else {})

    def filters(self) -> dict[str, list[str]]:
        return {"kind": [self.kind], "county": list(self.places)}


def search_records(pages: Iterable[PageSpec]) -> list[SearchRecord]:
    records = []
    for spec in pages:
        owner = spec.owner
        if isinstance(owner, SEARCHED):
            records.append(SearchRecord(spec.location.url, spec.title, KIND_LABELS[type(owner)],
                                        tuple(r.name for r in places(owner)), page_text(owner),
                                        cn_date(owner.date) if isinstance(owner, Case) else ""))
    return records


async def _write(records: Iterable[SearchRecord], folder: Path) -> None:
    async with Service() as pagefind:
        created = await pagefind.request(InternalNewIndexRequest(type="NewIndex", config={"force_language": LANGUAGE}))
        index = created["index_id"]
        for r in records:
            await pagefind.request(InternalAddRecordRequest(
                type="AddRecord", index_id=index, url=r.url, content=indexed(r.text), language=LANGUAGE,
                meta=r.meta(), filters=r.filters(), sort=None))
        await pagefind.request(InternalWriteFilesRequest(type="WriteFiles", index_id=index, output_path=str(folder)))


def failed(why: str) -> BuildFailed:
    return BuildFailed([Problem(urls.SEARCH_BUNDLE, 0, "", f"站内搜索索引没有生成：{why}。请运行 make bootstrap "
                                "重新安装后再试；仍然出错请联系技术人员。", "search-index")])


def write_index(records: Iterable[SearchRecord], output: Path) -> Path:
    """Write the search bundle under ``output``; raises BuildFailed when Pagefind fails."""
    folder = output / urls.SEARCH_BUNDLE
    try:
        asyncio.run(_write(records, folder))
    except PagefindError as error:
        raise failed(str(error)) from error
    if not (folder / "pagefind.js").is_file():
        raise failed("Pagefind 没有写出文件")
    for name in _UNUSED:
        (folder / name).unlink(missing_ok=True)
    return folder
