"""The Document laid out as blocks (blocks.py): what every chapter, entry and table says, in print.

This is where the brochure's wording lives; theme/typst/ decides only how it
looks. Written for the reader of a printed book: sources are cited by their
number in the 资料来源 list (which states each once, with what is known of it),
counts of nothing are never printed, and what the sources only announce is
said once, in a note, not under every such initiative.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..dates import cn_date
from ..indexes import lineage
from ..records.model import Figure, Initiative, Record, Source, Stage
from ..records.review import Status
from ..site import places
from .blocks import (
    BackRow,
    Block,
    FactsBlock,
    HeadingBlock,
    Layout,
    ListBlock,
    Para,
    PhotoBlock,
    SourceItem,
    SourcesBlock,
    Span,
    Spans,
    TableBlock,
    plain,
)
from .document import AreaChapter, CaseEntry, Document, Heading, InitiativeEntry, RouteEntry, Section, VillageEntry

DRAFT_NOTE = "含未完成审核的内容，不得作为正式材料印发"
PLANNED = "部署安排"
PLANNED_NOTE = ("注：标有“部署安排”的举措，资料所载的是工作部署和计划安排，尚未报告实施成效；"
                "其“目标数据”是计划达到的数字，不是已取得的成效。")
FIGURE_WIDTHS = (34, 20, 32, 14)


def layout(document: Document, photos: dict[str, str]) -> Layout:
    cover = document.cover
    title = f"{cover.title}（{cover.scope}）" if cover.scope else cover.title
    meta = {"title": f"{title}（审阅稿）" if cover.draft else title, "author": cover.author,
            "subject": document.subject, "keywords": [*document.keywords, *(["审阅稿"] if cover.draft else [])],
            "date": [cover.date.year, cover.date.month, cover.date.day], "draft": cover.draft,
            "draft_note": DRAFT_NOTE, "running": cover.title, "generator": cover.generator}
    writer = _Writer(document)
    body: list[Block] = []
    for chapter in document.areas:
        body += writer.area(chapter)
    if document.initiatives is not None:
        body.append(_heading(document.initiatives.heading))
        if document.planned_note:
            body.append(Para(plain(PLANNED_NOTE), "note"))
            writer.planned_said = True
        for entry in document.initiatives.entries:
            body += writer.initiative(entry)
    body += writer.sources()
    back = [BackRow("编印单位", plain(cover.issuer))] if cover.issuer else []
    back.append(BackRow("编印日期", plain(cn_date(cover.date))))
    if cover.draft:
        back.append(BackRow("稿件状态", plain(f"审阅稿，{DRAFT_NOTE}。")))
    back.append(BackRow("资料", plain("本册所有事实和数据均摘自书末“资料来源”所列资料。")))
    return Layout(meta=meta, cover={"title": cover.title, "scope": cover.scope, "issuer": cover.issuer,
                                    "date": cn_date(cover.date)},
                  back=tuple(back), notice=cover.notice, body=tuple(body), photos=dict(photos))


def _heading(h: Heading) -> HeadingBlock:
    return HeadingBlock(h.level, h.number, h.title, h.anchor, h.in_contents)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.planned_said = False

    # Links, citations and marks -------------------------------------------------------------

    def link(self, record: Record, label: str | None = None) -> Spans:
        text = label or getattr(record, "name", None) or getattr(record, "title", "")
        target = self.document.anchor_for(record)
        return (Span(text, link=target),) + self.tag(record)

    def links(self, records: Iterable[Record]) -> Spans:
        found: list[Span] = []
        for n, record in enumerate(records):
            if n:
                found.append(Span("、"))
            found += self.link(record)
        return tuple(found)

    def tag(self, record: Record) -> Spans:
        """Where an unpublished item stands, once, on its own meta line (a draft's items only)."""
        status = self.document.status(record)
        return () if status is None or status is Status.PUBLISHED else (Span(" "), Span(tag=str(status)))

    def cite(self, sources: Iterable[Source]) -> Spans:
        numbered = {self.document.sources.number(s): s for s in sources}
        return tuple(Span(f"[{n}]", link=self.document.anchor_for(s)) for n, s in sorted(numbered.items()) if n)

    def cite_line(self, sources: Iterable[Source]) -> list[Block]:
        cited = self.cite(sources)
        return [Para((Span("资料来源："), *cited), "cite")] if cited else []

    def figures(self, figures: tuple[Figure, ...], caption: str | None) -> TableBlock:
        rows = []
        for f in figures:
            when = "，".join(p for p in (f.scope or "", str(f.as_of) if f.as_of else "") if p)
            if f.note:
                when += f"（{f.note}）"
            rows.append((plain(f.label), plain(f.display), plain(when), self.cite([f.source])))
        return TableBlock((plain("指标"), plain("数值"), plain("范围与时间"), plain("来源")), tuple(rows),
                          FIGURE_WIDTHS, caption)

    # Chapters ----------------------------------------------------------------------------------

    def area(self, chapter: AreaChapter) -> list[Block]:
        blocks: list[Block] = [_heading(chapter.heading), _heading(chapter.overview.heading)]
        blocks += self.overview(chapter)
        if chapter.figures:
            blocks.append(_heading(chapter.figures.heading))
            for record in chapter.figures.entries:
                blocks.append(self.figures(record.figures, record.short_name or record.name
                                           if isinstance(record, Initiative) else record.name))
        for section, entry in ((chapter.villages, self.village), (chapter.cases, self.case)):
            if section:
                blocks.append(_heading(section.heading))
                for item in section.entries:
                    blocks += entry(item, chapter)
        if chapter.initiatives:
            blocks.append(_heading(chapter.initiatives.heading))
            if self.document.planned_note and not self.planned_said:
                blocks.append(Para(plain(PLANNED_NOTE), "note"))
                self.planned_said = True
            for item in chapter.initiatives.entries:
                blocks += self.initiative(item, chapter.figures)
        if chapter.routes:
            blocks.append(_heading(chapter.routes.heading))
            for item in chapter.routes.entries:
                blocks += self.route(item)
        for section in chapter.more:
            blocks.append(_heading(section.heading))
            for item in section.entries:
                blocks += [_heading(item.heading), FactsBlock(tuple((k, plain(v)) for k, v in item.facts))]
                blocks += self.cite_line(getattr(item.record, "sources", ()))
        return blocks

    def overview(self, chapter: AreaChapter) -> list[Block]:
        area = chapter.overview.area
        if area is None:
            lines = [Para(plain("以下案例的资料来源没有写明所在地区。"))]
        else:
            above = "".join(r.name for r in lineage(area)[:-1])
            where = f"{area.name}{'隶属' + above if above else ''}"
            code = f"，行政区划代码{area.code}" if area.code else ""
            lines = [Para(plain(f"{where}{code}。"))]
        counts = "、".join(f"{what}{n}{unit}" for what, n, unit in chapter.overview.counts)
        if counts:
            lines[0] = Para(lines[0].spans + plain(f"本章收录{counts}。"))
        if chapter.initiatives is None and self.document.initiatives is not None and area is not None:
            here = [e for e in _walk(self.document.initiatives.entries)
                    if area.id in {r.id for r in e.initiative.regions}]
            if here:
                lines.append(Para((Span("在本地开展的党建举措（见“党建举措”一章）："),
                                   *self.links(e.initiative for e in here), Span("。"))))
        return lines

    def village(self, entry: VillageEntry, chapter: AreaChapter) -> list[Block]:
        v = entry.village
        place = " ".join(r.name for r in lineage(v.county)) + (f" {v.township.name}" if v.township else "")
        blocks: list[Block] = [_heading(entry.heading), Para(plain(place) + self.tag(v), "meta")]
        if v.titles:
            items = []
            for t in v.titles:
                detail = "，".join(str(x) for x in (t.year, t.by) if x)
                items.append((Para((Span(t.title, bold=True), *plain(f"（{detail}）" if detail else ""),
                                    *self.cite([t.source]))),))
            blocks.append(Para(plain("荣誉："), "label"))
            blocks.append(ListBlock(tuple(items)))
        if v.profile:
            blocks += [Para(plain(p.strip())) for p in v.profile.split("\n") if p.strip()]
        for photo in entry.photos:
            blocks.append(PhotoBlock(photo.file, photo.alt, photo.caption, photo.credit))
        if v.figures and chapter.figures:
            blocks.append(Para(plain(f"本村主要数据见本章{chapter.figures.heading.number}{chapter.figures.heading.title}。"),
                               "note"))
        if v.initiatives:
            blocks.append(Para((Span("参与的举措："), *self.links(v.initiatives)), "note"))
        blocks += self.cite_line(v.sources)
        return blocks

    def case(self, entry: CaseEntry, chapter: AreaChapter) -> list[Block]:
        c = entry.case
        meta = [str(c.happened)] if c.happened else []
        if c.county is not None and (chapter.area is None or c.county.id != chapter.area.id):
            meta.append(f"{c.county.name}的案例" if entry.elsewhere else c.county.name)
        blocks: list[Block] = [_heading(entry.heading)]
        if meta or self.tag(c):
            blocks.append(Para(plain(" · ".join(meta)) + self.tag(c), "meta"))
        if c.summary:
            blocks.append(Para(plain(c.summary), "lead"))
        blocks += list(entry.body)
        if c.villages:
            blocks.append(Para((Span("相关村："), *self.links(c.villages)), "note"))
        if c.initiatives:
            blocks.append(Para((Span("相关举措："), *self.links(c.initiatives)), "note"))
        blocks += self.cite_line(c.sources)
        return blocks

    def route(self, entry: RouteEntry) -> list[Block]:
        r = entry.route
        meta = f"{len(r.stops)}个站点" + (f" · {r.duration}" if r.duration else "")
        blocks: list[Block] = [_heading(entry.heading), Para(plain(meta) + self.tag(r), "meta"),
                               Para(plain(r.summary), "lead")]
        if r.published_in:
            notice = (Span("本线路由"), *self.cite([r.published_in]), Span("发布。出行前请向当地核实开放情况。"))
        else:
            notice = plain("本线路是本站根据所列资料整理的参观顺序，不是官方发布的线路。出行前请向当地核实开放情况。")
        blocks.append(Para(tuple(notice), "note"))
        for stop in entry.stops:
            s = stop.view.stop
            blocks += [_heading(stop.heading), Para(plain(s.what))]
            where = " ".join(region.name for region in stop.view.place) + (f" {s.village.name}" if s.village else "")
            rows = [("所在地", plain(where))]
            if s.address:
                rows.append(("地址", plain(s.address)))
            if s.opening:
                rows.append(("开放信息", plain(s.opening)))
            rows.append(("来源", self.cite(s.sources)))
            blocks.append(FactsBlock(tuple(rows)))
        blocks += self.cite_line(r.sources)
        return blocks

    def initiative(self, entry: InitiativeEntry, figures: Section | None = None) -> list[Block]:
        i = entry.initiative
        planned = i.stage is Stage.PLANNED
        meta = " · ".join(str(x) for x in (i.level, i.kind, i.owner, _period(i)) if x)
        marks = (Span(" "), Span(tag=PLANNED)) if planned else ()
        blocks: list[Block] = [_heading(entry.heading), Para(plain(meta) + marks + self.tag(i), "meta")]
        if self.document.planned_note and planned and not self.planned_said:
            blocks.append(Para(plain(PLANNED_NOTE), "note"))
            self.planned_said = True
        blocks.append(Para(plain(i.summary)))
        if i.measures:
            blocks.append(Para(plain("部署内容" if planned else "主要做法"), "label"))
            items = []
            for m in i.measures:
                item: list[Block] = [Para((Span(m.title, bold=True),))]
                if m.text:
                    item.append(Para(plain(m.text)))
                if m.items:
                    item.append(ListBlock(tuple((Para(plain(x)),) for x in m.items)))
                items.append(tuple(item))
            blocks.append(ListBlock(tuple(items), ordered=True))
        if i.figures:
            shown = figures is not None and any(r is i for r in figures.entries)
            if shown:
                blocks.append(Para(plain(f"主要数据见本章{figures.heading.number}{figures.heading.title}。"), "note"))
            else:
                blocks.append(self.figures(i.figures, "目标数据" if planned else "成效数据"))
        if i.regions:
            blocks.append(Para((Span("实施地区："), *self.links(places(i))), "note"))
        blocks += self.cite_line(i.sources)
        for part in entry.parts:
            blocks += self.initiative(part, figures)
        return blocks

    def sources(self) -> list[Block]:
        chapter = self.document.sources
        items = []
        for n, s in enumerate(chapter.sources, start=1):
            label = f"{s.publisher}：《{s.title}》" + (f"（{s.date}）" if s.date else "")
            notes = [plain(s.note)] if s.note else []
            if s.url:
                notes.append((Span(s.url, url=s.url),))
            items.append(SourceItem(n, self.document.anchor_for(s) or f"source-{n}", plain(label), tuple(notes)))
        return [_heading(chapter.heading),
                Para(plain("本册所有事实和数据均摘自下列资料，正文和表格中的［1］［2］等即下列编号。"), "note"),
                SourcesBlock(tuple(items))]


def _period(initiative: Initiative) -> str:
    if not initiative.since:
        return ""
    return f"{initiative.since}至{initiative.until}" if initiative.until else f"{initiative.since}起"


def _walk(entries: Iterable[InitiativeEntry]) -> Iterable[InitiativeEntry]:
    for entry in entries:
        yield entry
        yield from _walk(entry.parts)

