"""The PDF brochure, checked by reading the PDF: text, contents, bookmarks, fonts, metadata, photos.

The minimal site's brochure is typeset once per module; its pages are also
rendered to PNG in tests/artifacts/brochure/ for a person to look at.

The brochure's HTML for tests/sites/minimal is kept in tests/golden/brochure-minimal.html.
After an intended change to the brochure's templates, regenerate it and review the diff:

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
from pypdf import PdfReader
from test_photos import phone_photo

ARTIFACTS = TESTS / "artifacts" / "brochure"
GOLDEN = TESTS / "golden" / "brochure-minimal.html"
OPTIONS = Options(issuer="测试编印单位", date=dt.date(2026, 12, 1))
FOOTER = re.compile(r"^— (\d+) —$", re.M)
TOC_LINE = re.compile(r"^(.+?) ?\.{3,} ?(\d+)$")
FACES = {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold"}


@dataclass(frozen=True)
class Printed:
    """A brochure and what its PDF says, read back with pypdf."""

    brochure: object
    path: Path
    reader: PdfReader
    pages: list[str]  # each page's extracted text

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def page_numbered(self, number: int) -> int:
        """The index of the page whose footer reads ``— number —``."""
        found = [i for i, text in enumerate(self.pages) if FOOTER.findall(text) == [str(number)]]
        assert len(found) == 1, f"no single page is numbered {number}"
        return found[0]


def brochure_settings(root: Path, **extra):
    from catalog.brochure import BrochureSettings

    return BrochureSettings.from_pelican(load_settings(SETTINGS, {**site_settings(root), **extra}))


def printed(root: Path, scope: Scope, name: str, options: Options = OPTIONS) -> Printed:
    site = check_site(root)
    brochure = make_brochure(site, brochure_settings(root), scope, options)
    path = root / f"{name}.pdf"
    path.write_bytes(brochure.pdf)
    reader = PdfReader(path)
    return Printed(brochure, path, reader, [page.extract_text() for page in reader.pages])


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = copy_site("minimal", tmp_path_factory.mktemp("brochure"))
    result = printed(root, Scope(), "whole")
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    shutil.copy(result.path, ARTIFACTS / "minimal.pdf")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(result.path), str(ARTIFACTS / "minimal")], check=True)
    return result


@pytest.fixture(scope="module")
def laixi(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    root = copy_site("minimal", tmp_path_factory.mktemp("laixi"))
    return printed(root, Scope(counties=("莱西市",)), "laixi")


def test_every_selected_case_and_village_is_printed(whole: Printed):
    text = flat(whole.text)
    for title in ("前保驾山村的红色传承", "晓望村的茶乡振兴", "前保驾山村", "晓望村", "莱西组织振兴一日线",
                  "深化拓展“莱西经验”", "完善农村基层组织体系"):
        assert title in text
    # The case bodies and the figures with their sources are printed too.
    assert "晓望村依托茶园发展乡村旅游。" in text
    assert "帮助村集体增收3000多万元" in text
    assert "青岛发布：《深化拓展“莱西经验”》（2023年8月）" in text


def test_a_county_brochure_holds_that_county_and_nothing_else(laixi: Printed):
    text = flat(laixi.text)
    for inside in ("三", "前保驾山村的红色传承", "前保驾山村", "莱西组织振兴一日线", "完善农村基层组织体系"):
        assert inside in text
    for outside in ("晓望村", "晓望村的茶乡振兴", "崂山区", "王哥庄街道", "崂山东麓的茶乡", "中国乡村旅游模范村",
                    "3000多万元"):
        assert outside not in text, outside
    assert laixi.brochure.document.cover.scope == "莱西市"
    assert [h.text for h in laixi.brochure.document.headings if h.level == 1] == ["一、莱西市", "二、党建举措",
                                                                                   "三、资料来源"]


def contents_entries(result: Printed) -> list[tuple[str, int]]:
    contents = next(i for i, text in enumerate(result.pages) if text.startswith("目\u3000录"))
    lines = result.pages[contents].splitlines()[1:]
    return [(m.group(1).strip(), int(m.group(2))) for m in map(TOC_LINE.match, lines) if m]


def test_contents_page_numbers_are_the_pages_the_headings_are_on(whole: Printed):
    entries = contents_entries(whole)
    assert [title for title, _ in entries] == [h.text for h in whole.brochure.document.contents]
    for title, number in entries:
        page = whole.pages[whole.page_numbered(number)]
        assert title in [line.strip() for line in page.splitlines()], f"{title} is not on page {number}"
    # The cover and the contents are not numbered; the first chapter is page 1.
    assert not FOOTER.search(whole.pages[0]) and entries[0][1] == 1


def outline(reader: PdfReader, items=None, level=1) -> list[tuple[int, str, int]]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, level + 1)
        else:
            found.append((level, item.title, reader.get_destination_page_number(item)))
    return found


def test_bookmarks_follow_the_headings_and_lead_to_their_pages(whole: Printed):
    marks = outline(whole.reader)
    assert [(level, title) for level, title, _ in marks] == [(h.level, h.text) for h in whole.brochure.document.contents]
    for level, title, page in marks:
        assert title in whole.pages[page].splitlines(), f"bookmark {title} leads to the wrong page"


def test_fonts_are_the_named_faces_embedded_as_subsets(whole: Printed):
    listing = subprocess.run(["pdffonts", str(whole.path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    names = {row[0].split("+", 1)[1] for row in rows}
    assert names == FACES  # no fallback font slipped in
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row  # subset prefix
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # embedded, subset, with a Unicode map


def test_metadata_language_and_tags(whole: Printed):
    meta = whole.reader.metadata
    assert meta.title == "党建引领乡村振兴成果汇编"
    assert meta.author == "测试编印单位"
    assert meta.subject == "全部内容：示范村2个、典型案例2篇、红色旅游线路1条、党建举措2项"
    assert meta["/CreationDate"] == "D:20261201"
    root = whole.reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert {round(float(x)) for x in whole.reader.pages[3].mediabox[2:]} == {595, 842}  # A4


def test_cover_says_title_issuer_date_and_that_it_is_unreviewed(whole: Printed):
    cover = whole.pages[0]
    for line in ("党建引领乡村振兴成果汇编", "测试编印单位", "2026年12月1日", "审阅稿"):
        assert line in cover


def test_headings_are_numbered_as_official_documents(whole: Printed):
    texts = [h.text for h in whole.brochure.document.headings]
    assert texts[:4] == ["一、青岛市", "（一）概况", "（二）主要数据", "（三）典型案例"]
    assert "1.晓望村的茶乡振兴" in texts and "（1）莱西党史馆" in texts
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十"]
    assert [heading_number(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_golden_html(whole: Printed):
    html = whole.brochure.html
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), "brochure HTML changed: see this module's docstring"


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
                              "县名、编号或行政区划代码都可以，如 --county 依安县；写市名则收录全市。")


def test_unknown_initiative_lists_the_choices(minimal: Path):
    with pytest.raises(ScopeError) as raised:
        make_brochure(check_site(minimal), brochure_settings(minimal), Scope(initiatives=("莱西经难",)), OPTIONS)
    assert str(raised.value) == ("未知的举措“莱西经难”。可选的有：莱西经验。是否想写：莱西经验？"
                                 "全称、简称或编号都可以；网站的“党建举措”栏目列有全部举措。")


def test_a_county_may_be_named_by_id_or_division_code(minimal: Path):
    site = check_site(minimal)
    from catalog.brochure.scope import select

    for name in ("lx", "370285", "莱西市"):
        assert [v.name for v in select(Scope(counties=(name,)), site).villages] == ["前保驾山村"]


def test_an_empty_scope_is_an_error_not_an_empty_pdf(minimal: Path):
    result = run_command(minimal, counties=("崂山区",), since="2030", out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message == ("选定的范围（崂山区 2030年1月1日以来）里没有任何示范村、案例、线路或举措，没有生成成果汇编。"
                              "请放宽条件（如去掉 --since/--until 或换一个县）后重试。")


def test_without_cjk_fonts_the_error_names_the_package(minimal: Path, tmp_path: Path, monkeypatch):
    config = tmp_path / "no-fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}/fc</cachedir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    result = run_command(minimal, out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert "sudo apt-get install fonts-noto-cjk" in result.message
    assert result.message.startswith("没有找到排版成果汇编需要的中文字体：Noto Serif CJK SC Regular（正文）")


def test_a_character_the_fonts_cannot_draw_names_the_record_and_the_character(minimal: Path):
    (minimal / "data/villages/xinzhuang.yml").write_text(
        "name: 新庄村\ncounty: lx\nprofile: >-\n  村里有一座𠀀桥。\nsources: [doc-a]\n", encoding="utf-8")
    result = run_command(minimal, out="x.pdf")
    assert not result.ok and not (minimal / "x.pdf").exists()
    assert result.message.splitlines() == [
        "data/villages/xinzhuang.yml:3: profile: 字“𠀀”（U+20000）在成果汇编的字体（Noto Serif CJK SC、Noto Sans CJK SC）"
        "里没有，印出来会是空白方框或换成别的字体，所以没有生成成果汇编。请先核对这个字是否写错（如从别处复制来的乱码或异体字）；"
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
    assert result.ok
    reader = PdfReader(minimal / "archive.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp


def test_make_passes_counties_to_the_task():
    dry = subprocess.run(["make", "-n", "brochure", "COUNTY=依安县 克山县", "SINCE=2024"], cwd=PROJECT,
                         capture_output=True, text=True, check=True).stdout
    assert '.venv/bin/invoke brochure --county "依安县" --county "克山县" --since "2024"' in " ".join(
        dry.replace("\\\n", " ").split())


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


def test_the_shipped_content_prints_every_case_and_village(tmp_path: Path):
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    result = run_command(root, out="shipped.pdf", date="2026-12-01")
    assert result.ok, result.message
    reader = PdfReader(result.path)
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    catalog = check_site(root).catalog
    for title in [c.title for c in catalog.cases.values()] + [v.name for v in catalog.villages.values()]:
        assert flat(title) in text, title
    # The printed text passes the same wording and placeholder table as every page and record.
    wording, problems = load_wording(PROJECT / "rules" / "wording.yml", PROJECT)
    assert problems == [] and wording.rules.corrections
    assert [hit.message for hit in wording.find(text)] == []
    listing = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True, check=True).stdout
    assert {line.split()[0].split("+", 1)[1] for line in listing.splitlines()[2:]} == FACES


def test_anything_weasyprint_could_not_do_fails_the_brochure(tmp_path: Path):
    from catalog.brochure.render import RenderFailed, render_pdf

    missing = (tmp_path / "gone.jpg").as_uri()
    with pytest.raises(RenderFailed) as failed:
        render_pdf(f'<html lang="zh-CN"><body><p>图</p><img src="{missing}"></body></html>',
                   PROJECT / "theme/static/css/print.css", pdfa=False, readable=(tmp_path,))
    assert str(failed.value).startswith("排版时出现问题，没有生成成果汇编：\n  Failed to load image at")


def test_with_publish_only_reviewed_content_is_printed(minimal: Path, office):
    from catalog.build import check
    from reviewers import CASE_A, sign, write_roster

    write_roster(minimal, office)
    sign(minimal, office, CASE_A)
    public = public_settings(minimal)
    site = check(SETTINGS, public).site
    result = run(site, load_settings(SETTINGS, public), BrochureRequest(out="public.pdf"), minimal)
    assert result.ok, result.message
    text = flat("".join(page.extract_text() for page in PdfReader(result.path).pages))
    assert "前保驾山村的红色传承" in text
    for unreviewed in ("晓望村的茶乡振兴", "晓望村", "前保驾山村的案例", "莱西组织振兴一日线", "审阅稿", "草稿"):
        assert unreviewed not in text, unreviewed
    assert "审阅稿" in flat(run_command(minimal, out="preview.pdf").brochure.html)
