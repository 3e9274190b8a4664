"""The PDF brochure, checked by reading the PDF: text, typesetting, contents, bookmarks, fonts, metadata, photos.

The typesetting is measured in the PDF itself (tests/typesetting.py, pdfplumber): justified body lines, nothing
outside the text block, no heading at a page's foot, no line opening with closing punctuation, page labels,
the face of each role, the draft mark on every page.

Each run also renders pages to PNG in tests/artifacts/brochure/ for a person to look at: the minimal site's
brochure, and the shipped content's 莱西市 and 讷河市 volumes (cover, contents, a chapter opening, a page with a
table, the back cover).

The structure of the minimal site's 莱西市 volume (its headings in order) is the golden file
tests/golden/brochure-minimal-lx.txt. After an intended change, regenerate it and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_brochure.py -k golden
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from catalog.brochure import Options, Scope, ScopeError, make_brochure
from catalog.brochure.command import BrochureRequest, run
from catalog.brochure.numbering import chinese_number, heading_number
from catalog.build import load_settings
from catalog.checks import load_wording
from catalog.records.problems import BuildFailed
from conftest import PROJECT, SETTINGS, TESTS, build_site, check_site, copy_site, half_built, public_settings, site_settings
from PIL import Image
from phone_photos import phone_photo
from pypdf import PdfReader
from typesetting import CLOSING, Line, full_body_lines, page_rects, read_lines

ARTIFACTS = TESTS / "artifacts" / "brochure"
GOLDEN = TESTS / "golden" / "brochure-minimal-lx.txt"
OPTIONS = Options(issuer="测试编印单位", date=dt.date(2026, 12, 1))
FOOTER = re.compile(r"^— ?(\d+) ?—$", re.M)
TOC_LINE = re.compile(r"^(.+?) ?(?:\. ?){3,}(\d+)$")
# The free faces of each role (no licensed office fonts on a test machine).
FACES = {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Bold", "LXGWWenKai-Regular"}
BODY = "NotoSerifCJKsc-Regular"


@dataclass(frozen=True)
class Printed:
    """A brochure and what its PDF says, read back with pypdf and pdfplumber."""

    brochure: object
    path: Path
    reader: PdfReader
    pages: list[str]  # each page's extracted text

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def lines(self) -> list[Line]:
        return read_lines(self.path)

    def page_numbered(self, number: int) -> int:
        """The index of the page whose footer reads ``— number —``."""
        found = [i for i, label in enumerate(self.reader.page_labels) if label == str(number)]
        assert len(found) == 1, f"no single page is numbered {number}"
        return found[0]


def brochure_settings(root: Path, **extra):
    from catalog.brochure import BrochureSettings

    return BrochureSettings.from_pelican(load_settings(SETTINGS, {**site_settings(root), **extra}))


def printed(root: Path, scope: Scope, name: str, options: Options = OPTIONS, **extra) -> Printed:
    site = check_site(root)
    brochure = make_brochure(site, brochure_settings(root, **extra), scope, options)
    path = root / f"{name}.pdf"
    path.write_bytes(brochure.pdf)
    reader = PdfReader(path)
    return Printed(brochure, path, reader, [page.extract_text() for page in reader.pages])


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def png(result: Printed, pages: dict[str, int], prefix: str) -> None:
    """Chosen pages as PNG in tests/artifacts/brochure/ (physical page numbers, 1-based)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for what, number in pages.items():
        target = ARTIFACTS / f"{prefix}-{what}"
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                        str(result.path), str(target)], check=True)


def chapter_page(result: Printed) -> int:
    return result.page_numbered(1) + 1


def table_page(result: Printed) -> int:
    """The first page holding a figures table (its head: 指标 数值 …), after the chapter's opening if one is."""
    pages = [i + 1 for i, text in enumerate(result.pages) if "指标数值范围与时间来源" in flat(text)]
    return next((p for p in pages if p != chapter_page(result)), pages[0])


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = copy_site("minimal", tmp_path_factory.mktemp("brochure"))
    result = printed(root, Scope(), "whole")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    shutil.copy(result.path, ARTIFACTS / "minimal.pdf")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(result.path), str(ARTIFACTS / "minimal")], check=True)
    return result


@pytest.fixture(scope="module")
def laixi(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = copy_site("minimal", tmp_path_factory.mktemp("laixi"))
    return printed(root, Scope(counties=("莱西市",)), "laixi")


@pytest.fixture(scope="module")
def shipped_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shipped") / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def shipped(shipped_root: Path, whole: Printed) -> dict[str, Printed]:
    """The shipped content's 莱西市 and 讷河市 volumes, and their pages as PNG for a person to look at."""
    volumes = {}
    for name, county in (("laixi", "莱西市"), ("nehe", "讷河市")):
        result = volumes[name] = printed(shipped_root, Scope(counties=(county,)), f"shipped-{name}")
        pages = {"1-cover": 1, "2-contents": 3, "3-chapter": chapter_page(result), "5-back": len(result.pages)}
        if any("指标数值范围与时间来源" in flat(t) for t in result.pages):
            pages["4-table"] = table_page(result)
        png(result, pages, name)
    return volumes


@pytest.mark.slow
def test_every_selected_case_and_village_is_printed(whole: Printed):
    text = flat(whole.text)
    for title in ("前保驾山村的红色传承", "晓望村的茶乡振兴", "前保驾山村", "晓望村", "莱西组织振兴一日线",
                  "深化拓展“莱西经验”", "完善农村基层组织体系"):
        assert title in text
    # The case bodies and the figures with their sources are printed too.
    assert "晓望村依托茶园发展乡村旅游。" in text
    assert "帮助村集体增收3000多万元" in text
    assert "青岛发布：《深化拓展“莱西经验”》（2023年8月）" in text


@pytest.mark.slow
def test_a_county_volume_holds_that_county_and_what_names_it(laixi: Printed):
    text = flat(laixi.text)
    for inside in ("前保驾山村的红色传承", "前保驾山村", "莱西组织振兴一日线", "完善农村基层组织体系",
                   # 青岛市's 莱西经验 names 莱西市: it and its figures are in the county's volume
                   "深化拓展“莱西经验”", "帮助村集体增收3000多万元"):
        assert inside in text, inside
    for outside in ("晓望村", "晓望村的茶乡振兴", "崂山区", "王哥庄街道", "崂山东麓的茶乡", "中国乡村旅游模范村"):
        assert outside not in text, outside
    assert laixi.brochure.document.cover.scope == "莱西市"
    # A county's volume is about the county: its one chapter, then the sources.
    assert [h.text for h in laixi.brochure.document.headings if h.level == 1] == ["一、莱西市", "二、资料来源"]


@pytest.mark.slow
def test_golden_structure_of_a_county_volume(laixi: Printed):
    outline = "\n".join(f"{'  ' * (h.level - 1)}{h.text}" for h in laixi.brochure.document.headings) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(outline, encoding="utf-8")
    assert outline == GOLDEN.read_text(encoding="utf-8"), "the county volume's structure changed: see this module's docstring"


@pytest.mark.slow
def test_no_brochure_prints_a_count_of_nothing_or_an_empty_chapter(whole: Printed, laixi: Printed,
                                                                    shipped: dict[str, Printed]):
    for result in (whole, laixi, *shipped.values()):
        assert not re.search(r"(?<![\d.])0\s*(个|篇|项|条)", result.text), result.path.name
        for chapter in result.brochure.document.areas:
            assert chapter.villages or chapter.cases or chapter.initiatives or chapter.routes, chapter.heading.text


def contents_entries(result: Printed) -> list[tuple[str, int]]:
    """The contents page's entries (title, page number), read without the draft watermark."""
    lines = result.lines
    start = next(line for line in lines if flat(line.text) == "目录")
    joined, entries = "", []
    for line in (line for line in lines if line.page == start.page and line.top > start.top and line.in_text_block):
        joined += line.text.strip()
        match = TOC_LINE.match(joined)
        if match:
            entries.append((flat(match.group(1)), int(match.group(2))))
            joined = ""
    return entries


@pytest.mark.slow
def test_contents_page_numbers_are_the_pages_the_headings_are_on(whole: Printed):
    entries = contents_entries(whole)
    assert [title for title, _ in entries] == [flat(h.text) for h in whole.brochure.document.contents]
    for title, number in entries:
        page = flat(whole.pages[whole.page_numbered(number)])
        assert title in page, f"{title} is not on page {number}"
    # The cover and the contents are not numbered; the first chapter is page 1.
    assert entries[0][1] == 1 and whole.reader.page_labels[0] == ""


@pytest.mark.slow
def test_page_labels_are_the_printed_numbers(whole: Printed, shipped: dict[str, Printed]):
    for result in (whole, *shipped.values()):
        numbered = 0
        for label, text in zip(result.reader.page_labels, result.pages):
            numbers = FOOTER.findall(text)
            assert label == (numbers[-1] if numbers else ""), (result.path.name, label, numbers)
            numbered += bool(numbers)
        assert numbered >= 2


def outline(reader: PdfReader, items=None, level=1) -> list[tuple[int, str, int]]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, level + 1)
        else:
            found.append((level, item.title, reader.get_destination_page_number(item)))
    return found


@pytest.mark.slow
def test_bookmarks_follow_the_headings_and_lead_to_their_pages(whole: Printed):
    marks = outline(whole.reader)
    assert [(level, title) for level, title, _ in marks] == [(h.level, h.text) for h in whole.brochure.document.contents]
    for level, title, page in marks:
        assert flat(title) in flat(whole.pages[page]), f"bookmark {title} leads to the wrong page"


@pytest.mark.slow
def test_body_lines_are_justified_to_the_text_block(whole: Printed, shipped: dict[str, Printed]):
    for result in (whole, *shipped.values()):
        full = full_body_lines(result.lines, BODY)
        assert len(full) >= 5, result.path.name
        ragged = [(line.page + 1, round(line.right - line.ink_right, 2), line.text) for line in full
                  if abs(line.right - line.ink_right) > 0.5]
        assert ragged == [], result.path.name


@pytest.mark.slow
def test_nothing_is_set_beyond_the_text_block(whole: Printed, shipped: dict[str, Printed]):
    for result in (whole, *shipped.values()):
        last = len(result.pages) - 1
        outside = [(line.page + 1, line.text) for line in result.lines
                   if line.in_text_block and 0 < line.page < last
                   and (line.x0 < line.left - 0.5 or line.ink_right > line.right + 0.5)]
        assert outside == [], result.path.name
        lines = result.lines
        for page, x0, x1 in page_rects(result.path):
            if 0 < page < last:
                left = next((line.left for line in lines if line.page == page), None)
                if left is not None:
                    # a rule's stroke is centred on the edge: half its width (0.25 pt) lies outside
                    assert left - 0.5 <= x0 and x1 <= left + 442.2 + 0.5, (result.path.name, page + 1, x0, x1)


@pytest.mark.slow
def test_no_page_ends_with_a_heading_and_no_line_opens_with_closing_punctuation(whole: Printed,
                                                                               shipped: dict[str, Printed]):
    for result in (whole, *shipped.values()):
        headings = {flat(h.text) for h in result.brochure.document.headings}
        lines = [line for line in result.lines if line.in_text_block]
        for page in {line.page for line in lines}:
            on_page = [line for line in lines if line.page == page]
            assert flat(on_page[-1].text) not in headings, (result.path.name, page + 1, on_page[-1].text)
        opening = [(line.page + 1, line.text) for line in lines if line.text[0] in CLOSING]
        assert opening == [], result.path.name


@pytest.mark.slow
def test_numbers_stay_with_their_units(shipped: dict[str, Printed]):
    lines = [line for line in shipped["laixi"].lines if line.in_text_block]
    for line, following in zip(lines, lines[1:]):
        if following.page == line.page and re.search(r"\d$", line.text):
            assert not re.match(r"[余多万亿个人元亩年月日次名户]", following.text), (line.text, following.text)


@pytest.mark.slow
def test_fonts_are_set_per_role_embedded_as_subsets(whole: Printed):
    listing = subprocess.run(["pdffonts", str(whole.path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    names = {row[0].split("+", 1)[1].removesuffix("-Identity-H") for row in rows}
    assert names == FACES  # no other font slipped in (Typst's own fonts are never used)
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row  # subset prefix
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, with a Unicode map
    faces = {}
    for line in whole.lines:
        faces.setdefault(line.text, line.fonts)
    contents = whole.brochure.document.headings
    assert faces[next(h.text for h in contents if h.level == 1)] == {"NotoSansCJKsc-Bold"}  # 一级 黑体
    assert faces[next(h.text for h in contents if h.level == 2)] == {"LXGWWenKai-Regular"}  # 二级 楷体
    assert faces[next(h.text for h in contents if h.level == 3)] == {"NotoSerifCJKsc-Bold"}  # 三级 仿宋 bold
    assert faces["党建引领乡村振兴成果汇编"] == {"NotoSerifCJKsc-Bold"}  # the title: 小标宋's stand-in
    assert faces["晓望村依托茶园发展乡村旅游。另见前保驾山村的案例。"] == {BODY}


@pytest.mark.slow
def test_a_licensed_face_in_the_fonts_folder_is_used_for_its_role(tmp_path: Path):
    """An office's 仿宋_GB2312 in fonts/ sets the body; here a face renamed so, as no licensed font ships."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    root = copy_site("minimal", tmp_path)
    fonts = root / "fonts"
    fonts.mkdir()
    face = TTFont("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
    subsetter = subset.Subsetter()
    subsetter.populate(text="前保驾山村的党支部旧址已经修缮开放。")
    subsetter.subset(face)
    for record in face["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "FangSong_GB2312"
        elif record.nameID == 6:
            record.string = "FangSong_GB2312"
    face.save(fonts / "fangsong.ttf")
    result = printed(root, Scope(counties=("莱西市",)), "licensed")
    assert "body" not in [r.name for r in result.brochure.fonts.fallbacks]
    assert result.brochure.fonts.families["body"][0] == "FangSong_GB2312"
    assert "仿宋_GB2312" not in result.brochure.fonts.notice
    story = next(line for line in result.lines if line.text.startswith("前保驾山村的党支部旧址"))
    assert story.fonts == {"FangSong_GB2312"}


@pytest.mark.slow
def test_metadata_language_and_tags(whole: Printed):
    meta = whole.reader.metadata
    assert meta.title == "党建引领乡村振兴成果汇编（审阅稿）"
    assert meta.author == "测试编印单位"
    assert meta.subject == "全部内容：示范村2个、典型案例2篇、党建举措2项、红色旅游线路1条"
    assert "审阅稿" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20261201")
    root = whole.reader.trailer["/Root"]
    assert root["/Lang"] in ("zh-CN", "zh")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert {round(float(x)) for x in whole.reader.pages[3].mediabox[2:]} == {595, 842}  # A4


@pytest.mark.slow
def test_running_heads_and_page_numbers_are_artifacts(whole: Printed):
    page = whole.reader.pages[whole.page_numbered(1)]
    content = page.get_contents().get_data().decode("latin-1")
    artifacts = re.findall(r"/Artifact\s*<<[^>]*/Subtype\s*/(\w+)", content)
    assert "Header" in artifacts and "Footer" in artifacts


@pytest.mark.slow
def test_a_draft_is_marked_on_every_page(whole: Printed):
    for number, text in enumerate(whole.pages):
        assert "审阅稿" in flat(text), f"page {number + 1} of a draft does not say 审阅稿"
    cover = flat(whole.pages[0])
    for line in ("党建引领乡村振兴成果汇编", "测试编印单位", "2026年12月1日", "审阅稿"):
        assert line in cover
    assert "编印单位测试编印单位" in flat(whole.pages[-1])  # the back cover


@pytest.mark.slow
def test_headings_are_numbered_as_official_documents(whole: Printed):
    texts = [h.text for h in whole.brochure.document.headings]
    assert texts[:4] == ["一、青岛市", "（一）概况", "（二）主要数据", "（三）典型案例"]
    assert "（1）莱西党史馆" in texts and "一、党建举措" not in texts and "四、党建举措" in texts
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]
    assert [heading_number(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


@pytest.mark.slow
def test_sources_are_cited_by_number_and_stated_once(whole: Printed):
    text = flat(whole.text)
    assert text.count("青岛发布：《深化拓展“莱西经验”》") == 1  # in 资料来源 only
    assert "资料来源：[1]" in text or "资料来源：[2]" in text


@pytest.mark.slow
def test_photos_are_printed_from_the_largest_published_copy(tmp_path: Path):
    root = copy_site("minimal", tmp_path)
    phone_photo(root / "data/villages/baojiashan-1.jpg", size=(3000, 2000), orientation=1)
    village = root / "data/villages/baojiashan.yml"
    village.write_text(village.read_text(encoding="utf-8").replace(
        "sources: [doc-b]", "photos:\n  - file: baojiashan-1.jpg\n    alt: 党支部旧址外景\n    caption: 前保驾山党支部旧址\n"
        "sources: [doc-b]"), encoding="utf-8")
    result = printed(root, Scope(counties=("lx",)), "photo")
    images = list({image.data: image for page in result.reader.pages for image in page.images}.values())
    assert len(images) == 1
    with Image.open(io.BytesIO(images[0].data)) as image:
        assert image.size == (1600, 1067)  # the largest web copy, never the 3000 px original
        assert not image.getexif()
    assert "前保驾山党支部旧址" in result.text


def run_command(root: Path, **options) -> tuple:
    site = check_site(root)
    return run(site, load_settings(SETTINGS, site_settings(root)), BrochureRequest(**options), root)


def test_unknown_county_lists_the_choices_and_writes_nothing(minimal: Path):
    result = run_command(minimal, counties=("莱西",), out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message == ("未知的县（市、区）“莱西”。可选的有：崂山区、莱西市。是否想写：莱西市？"
                              "县名、编号或行政区划代码都可以，如 make brochure COUNTY=依安县；写市名则收录全市。")


def test_unknown_initiative_lists_the_choices(minimal: Path):
    with pytest.raises(ScopeError) as raised:
        make_brochure(check_site(minimal), brochure_settings(minimal), Scope(initiatives=("莱西经难",)), OPTIONS)
    assert str(raised.value) == ("未知的举措“莱西经难”。可选的有：莱西经验。是否想写：莱西经验？"
                                 "全称、简称或编号都可以；网站的“党建举措”栏目列有全部举措。")


def test_an_initiative_is_found_by_the_name_in_its_quotation_marks(shipped_root: Path):
    from catalog.brochure.scope import select

    site = check_site(shipped_root)
    selection = select(Scope(initiatives=("莱西经验",)), site)  # the example of docs/brochure.md
    assert [i.name for i in selection.chosen] == ["深化拓展“莱西经验”"]
    assert selection.label == "“深化拓展‘莱西经验’”"  # quotation marks nest: “…‘…’…”


def test_a_county_may_be_named_by_id_or_division_code(minimal: Path):
    site = check_site(minimal)
    from catalog.brochure.scope import select

    for name in ("lx", "370285", "莱西市"):
        assert [v.name for v in select(Scope(counties=(name,)), site).villages] == ["前保驾山村"]


def test_a_period_selects_cases_by_when_they_happened_not_when_they_were_entered(minimal: Path):
    from catalog.brochure.scope import select

    case = minimal / "content/cases/case-a.md"  # entered 2024-05-01
    case.write_text(case.read_text(encoding="utf-8").replace("date: 2024-05-01", "date: 2024-05-01\nhappened: 2021-03"),
                    encoding="utf-8")
    site = check_site(minimal)
    titles = lambda since, until: [c.title for c in select(Scope.parse(since=since, until=until), site).cases]  # noqa: E731
    assert titles("2021", "2021") == ["前保驾山村的红色传承"]
    with pytest.raises(ScopeError):  # happened in March 2021; entered in 2024 does not count: nothing is left
        titles("2021-04", "")
    assert titles("2021-03-31", "2021-03-31") == ["前保驾山村的红色传承"]  # a month meets each of its days
    printed_case = printed(minimal, Scope(counties=("lx",)), "dated")
    assert "2021年3月" in flat(printed_case.text) and "2024年5月1日" not in flat(printed_case.text)


def test_an_empty_scope_is_an_error_not_an_empty_pdf(minimal: Path):
    result = run_command(minimal, counties=("崂山区",), since="2030", out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message == ("选定的范围（崂山区 2030年1月1日以来）里没有任何示范村、案例、线路或举措，没有生成成果汇编。"
                              "请放宽条件（如去掉 SINCE=、UNTIL=，或换一个县）后重试。")


def test_a_county_with_nothing_to_print_is_named_not_unknown(minimal: Path, office):
    (minimal / "data/regions/jm.yml").write_text("name: 即墨区\nkind: 县级\nparent: qd\ncode: 370215\n", encoding="utf-8")
    result = run_command(minimal, counties=("即墨区",), out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message == "“即墨区”还没有示范村、案例、线路或举措，没有生成成果汇编。先为它添加内容（make new），再印成果汇编。"
    # Published: the county has content, none of it reviewed (make brochure COUNTY=… PUBLISH=1).
    from catalog.build import check
    from reviewers import CASE_A, sign, write_roster

    write_roster(minimal, office)
    sign(minimal, office, CASE_A)  # a case of 莱西市 and what it names: nothing of 崂山区
    settings = public_settings(minimal)
    published = run(check(SETTINGS, settings).site, load_settings(SETTINGS, settings), BrochureRequest(counties=("崂山区",)),
                    minimal)
    assert not published.ok
    assert published.message == ("“崂山区”还没有审核完成（已发布）的示范村、案例、线路或举措，没有生成成果汇编。"
                                 "正式印发（PUBLISH=1）只收审核完成的内容：等内容审核完成后再印，或去掉 PUBLISH=1 先印一份审阅稿。")


def test_a_date_that_cannot_be_read_is_said_in_the_form_staff_typed(minimal: Path):
    result = run_command(minimal, since="2024年", out="x.pdf")
    assert not result.ok
    assert result.message == ("SINCE=2024年：无法识别这个日期。请写成 SINCE=2024-05-01；"
                              "只写年月或年份也可以，如 SINCE=2024-05 或 SINCE=2024。")


def test_without_cjk_fonts_the_error_names_the_packages(minimal: Path, monkeypatch):
    from catalog.brochure import fonts

    monkeypatch.setattr(fonts, "_available", lambda folder, stamp: ())
    result = run_command(minimal, out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert "sudo apt-get install fonts-noto-cjk fonts-lxgw-wenkai" in result.message
    assert result.message.startswith("没有找到排版成果汇编需要的中文字体：封面标题（方正小标宋简体或Noto Serif CJK SC 粗体）")


def test_the_fallback_faces_are_said_in_the_output(minimal: Path):
    result = run_command(minimal, out="x.pdf")
    assert result.ok
    assert ("字体：没有找到方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312，封面标题用Noto Serif CJK SC 粗体、"
            "正文用Noto Serif CJK SC（宋体；没有可自由使用的简体仿宋）") in result.message


def test_a_character_the_fonts_cannot_draw_names_the_record_and_the_character(minimal: Path):
    (minimal / "data/villages/xinzhuang.yml").write_text(
        "name: 新庄村\ncounty: lx\nprofile: >-\n  村里有一座𠀀桥。\nsources: [doc-a]\n", encoding="utf-8")
    result = run_command(minimal, out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message.splitlines() == [
        "data/villages/xinzhuang.yml:3: profile: 字“𠀀”（U+20000）在成果汇编的字体（Noto Serif CJK SC、Noto Sans CJK SC、"
        "LXGW WenKai）里没有，印出来会是空白方框或换成别的字体，所以没有生成成果汇编。请先核对这个字是否写错（如从别处复制来的乱码或异体字）；"
        "如确为村名等专名里的生僻字，请联系技术人员为成果汇编补充包含这个字的字体。 [brochure-glyph]",
        "共发现 1 个错误，涉及 1 个文件。请按上面的提示逐条修改后重新运行。"]


def test_a_placeholder_on_the_cover_is_refused(minimal: Path):
    result = run_command(minimal, title="XX县成果汇编", out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message.startswith("命令行选项 --title: 有未完成的占位写法“XX”")


def test_nothing_is_overwritten_without_out(minimal: Path):
    first = run_command(minimal, date="2026-12-01")
    second = run_command(minimal, date="2026-12-01")
    assert first.ok and second.ok
    assert [first.path.name, second.path.name] == ["成果汇编-20261201.pdf", "成果汇编-20261201-2.pdf"]
    assert second.brochure.cached  # same inputs: not typeset again
    assert re.fullmatch(r"成果汇编已生成：brochures/成果汇编-20261201.pdf（共 \d+ 页，\d+ KB，已重新排版）。",
                        first.message.splitlines()[0])
    # With --out the person names the file, so it is replaced.
    mine = minimal / "mine.pdf"
    mine.write_bytes(b"old")
    assert run_command(minimal, out="mine.pdf").ok and mine.read_bytes().startswith(b"%PDF")


def test_pdfa_variant(minimal: Path):
    result = run_command(minimal, out="archive.pdf", pdfa=True)
    assert result.ok, result.message
    reader = PdfReader(minimal / "archive.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)U', xmp)


def test_make_passes_counties_to_the_task():
    dry = subprocess.run(["make", "-n", "brochure", "COUNTY=依安县 克山县", "SINCE=2024"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    assert '.venv/bin/invoke brochure --county "依安县" --county "克山县" --since "2024"' in " ".join(
        dry.replace("\\\n", " ").split())


@pytest.mark.slow
def test_the_site_publishes_its_brochure_and_links_to_it(minimal: Path):
    from catalog.build import build

    built = build(SETTINGS, site_settings(minimal, brochure=True))
    pdf = built.output / "downloads" / "chengguo-huibian.pdf"
    pages = len(PdfReader(pdf).pages)
    size = f"{round(pdf.stat().st_size / 1024)} KB"
    home = (built.output / "index.html").read_text(encoding="utf-8")
    assert f'href="./downloads/chengguo-huibian.pdf" download>下载成果汇编（PDF，{pages} 页，{size}）</a>' in home
    footer = (built.output / "villages" / "index.html").read_text(encoding="utf-8")
    assert 'href="../#downloads">成果汇编下载</a>' in footer  # every page's footer leads to the list
    # Built again unchanged: the cached PDF is used, not typeset again.
    cached = sorted((minimal / ".cache" / "brochures").glob("*.pdf"))
    stamp = cached[0].read_bytes()
    build(SETTINGS, site_settings(minimal, brochure=True))
    assert sorted((minimal / ".cache" / "brochures").glob("*.pdf")) == cached and cached[0].read_bytes() == stamp


@pytest.mark.slow
def test_a_failed_brochure_fails_the_build_and_keeps_the_output(minimal: Path):
    build_site(minimal)
    before = sorted(p.relative_to(minimal) for p in (minimal / "output").rglob("*"))
    (minimal / "data/villages/xinzhuang.yml").write_text("name: 𠀀庄村\ncounty: lx\nsources: [doc-a]\n", encoding="utf-8")
    from catalog.build import build

    with pytest.raises(BuildFailed) as failed:
        build(SETTINGS, site_settings(minimal, brochure=True))
    assert str(failed.value).startswith("data/villages/xinzhuang.yml:1: name: 字“𠀀”（U+20000）")
    assert sorted(p.relative_to(minimal) for p in (minimal / "output").rglob("*")) == before
    assert not half_built(minimal)


def test_the_task_reports_an_unknown_county_in_chinese():
    done = subprocess.run([str(PROJECT / ".venv" / "bin" / "invoke"), "brochure", "--county", "依按县"], cwd=PROJECT,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("未知的县（市、区）“依按县”。可选的有：")
    assert "是否想写：依安县？" in done.stderr and done.stderr.rstrip().endswith("没有生成成果汇编。")


@pytest.mark.slow
def test_the_shipped_content_prints_every_case_and_village(shipped_root: Path):
    result = run_command(shipped_root, out="shipped.pdf", date="2026-12-01")
    assert result.ok, result.message
    reader = PdfReader(result.path)
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    catalog = check_site(shipped_root).catalog
    for title in [c.title for c in catalog.cases.values()] + [v.name for v in catalog.villages.values()]:
        assert flat(title) in text, title
    # The printed text passes the same wording and placeholder table as every page and record.
    wording, problems = load_wording(PROJECT / "rules" / "wording.yml", PROJECT)
    assert problems == [] and wording.rules.corrections
    assert [hit.message for hit in wording.find(text)] == []
    # Written for the reader: an unattributed publisher and a "not reported" are said once, not per item.
    assert text.count("黑龙江省某市委组织部（原文未署名）") == 1
    assert text.count("尚未报告实施成效") <= 1
    assert "2026年11月22日" not in text  # the day the cases were typed in is not when they happened
    listing = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True, check=True).stdout
    assert {line.split()[0].split("+", 1)[1].removesuffix("-Identity-H") for line in listing.splitlines()[2:]} == FACES


@pytest.mark.slow
def test_the_shipped_county_volumes_are_about_their_county(shipped: dict[str, Printed]):
    laixi = shipped["laixi"].brochure.document
    assert [h.text for h in laixi.headings if h.level <= 2][:2] == ["一、莱西市", "（一）概况"]
    text = flat(shipped["laixi"].text)
    assert "青岛深化拓展“莱西经验”：以组织振兴带动乡村振兴" in text  # 青岛市's case names 莱西市
    nehe = shipped["nehe"].brochure.document
    assert [h.text for h in nehe.headings if h.level == 1] == ["一、讷河市", "二、资料来源"]


def test_a_typst_error_fails_the_brochure(tmp_path: Path):
    from catalog.brochure.typeset import Job, RenderFailed, render_pdf

    templates = tmp_path / "typst"
    templates.mkdir()
    (templates / "brochure.typ").write_text('#image("gone.jpg")\n', encoding="utf-8")
    with pytest.raises(RenderFailed) as failed:
        render_pdf(Job("{}", templates, (), tmp_path))
    assert str(failed.value).startswith("排版时出现问题，没有生成成果汇编：\n  ")


def test_with_publish_only_reviewed_content_is_printed(minimal: Path, office):
    from catalog.build import check
    from reviewers import CASE_A, sign, write_roster

    write_roster(minimal, office)
    sign(minimal, office, CASE_A)
    public = public_settings(minimal)
    site = check(SETTINGS, public).site
    result = run(site, load_settings(SETTINGS, public), BrochureRequest(out="public.pdf"), minimal)
    assert result.ok, result.message
    reader = PdfReader(result.path)
    text = flat("".join(page.extract_text() for page in reader.pages))
    assert "前保驾山村的红色传承" in text
    for unreviewed in ("晓望村的茶乡振兴", "晓望村", "前保驾山村的案例", "莱西组织振兴一日线", "审阅稿", "草稿"):
        assert unreviewed not in text, unreviewed
    assert "审阅稿" not in (reader.metadata.title or "")
    preview = run_command(minimal, out="preview.pdf").brochure
    assert preview.document.cover.draft and "审阅稿" in preview.data


def test_a_number_and_its_unit_are_cut_out_to_be_kept_on_one_line():
    from catalog.brochure.blocks import Span, runs

    assert runs("年接待游客35余万人次，2024年8月2日起") == ["年接待游客", "35余万人次", "，", "2024年", "", "8月", "",
                                                         "2日", "起"]
    assert runs("编号12580，共3.5") is None  # a line never breaks inside a bare number: nothing to keep
    assert Span("约3000多万元").data() == {"t": "约3000多万元", "u": ["", "约3000多万元", ""]}
    from catalog.brochure.blocks import HeadingBlock, PhotoBlock

    photo = PhotoBlock("a.jpg", "", caption="2024年8月的茶园", credit="摄于2日").data()
    assert (photo["caption_u"], photo["credit_u"]) == (["", "2024年", "", "8月", "的茶园"], ["摄于", "2日", ""])
    assert "title_u" not in HeadingBlock(1, "一、", "莱西市", "lx", True).data()
