"""Record text is text: markup typed into any field is shown as typed and never runs, on any page kind,
in the feed, the JSON-LD and the brochures (issue 12).

The site is the minimal one with every optional text field filled in (tests/sites/hostile/) and then every
free-text field of every record and story front matter given PAYLOAD (tests/hostile.py), which tries an
element, an attribute breakout, </title>, ]]>, a javascript: link, an HTML attachment and Typst markup (an
import, reading a file, a closing bracket, strong and math delimiters, a file link) at once. The brochures are
typeset by Typst from data: every such field prints as typed, and Typst reads nothing but the templates, the
data and the published photo copies.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from browser import chromium, search_settled, serve
from catalog.build import build
from conftest import SETTINGS, SITES, copy_site, site_settings
from hostile import PAYLOAD, TYPST, make_hostile
from PIL import Image
from pypdf import PdfReader

PUBLIC_URL = "https://example.org"
# Typst markup in a story's body, written so that Markdown leaves it as it is.
BODY_TYPST = '#read("/etc/passwd") ] $ x $ #import "/etc/passwd": y'


def flat(text: str) -> str:
    return "".join(text.split())
ATOM = "{http://www.w3.org/2005/Atom}"

# What the page would show if any payload took effect: a mark on <html>, an element it brought in.
INJECTED = """
  const found = [];
  if (document.documentElement.dataset.xss) found.push('script ran: ' + document.documentElement.dataset.xss);
  for (const el of document.querySelectorAll('.xss-injected, link[rel=attachment], img[src=x]'))
    found.push('element: ' + el.outerHTML.slice(0, 80));
  for (const s of document.scripts)
    if (s.type !== 'application/ld+json' && s.textContent.includes('xss')) found.push('script: ' + s.outerHTML.slice(0, 80));
  return found;
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_site("minimal", tmp_path_factory.mktemp("hostile"), SITES / "hostile")
    assert make_hostile(root) >= 50  # every kind's text fields, nested ones included
    story = root / "content/cases/case-a.md"  # a body's text too, as Markdown leaves it
    story.write_text(story.read_text(encoding="utf-8") + f"\n正文里的{BODY_TYPST}。\n", encoding="utf-8")
    build(SETTINGS, {**site_settings(root, brochure=True), "SITE_PUBLIC_URL": PUBLIC_URL})
    return root


def _pages(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


@pytest.mark.browser
def test_no_payload_runs_or_injects_anything_on_any_page_in_chromium(hostile: Path, tmp_path: Path):
    output = hostile / "output"
    pages = _pages(output)
    templates = {BeautifulSoup(open(output / p, encoding="utf-8"), "html.parser").main is not None for p in pages}
    assert len(pages) >= 20 and templates == {True}
    driver = chromium(tmp_path / "profile")
    try:
        with serve(output) as base:
            for page in pages:
                driver.get(base + page)
                assert driver.execute_script(INJECTED) == [], page
            # The text is shown as typed: a "<" in a name is a "<" on the page.
            driver.get(base + "villages/xiaowang/")
            assert driver.find_element("css selector", "h1").text == "晓望村" + PAYLOAD
            assert driver.title.startswith("晓望村" + PAYLOAD)
            # Search results are built by script from the index: the titles in them are text too.
            driver.get(base + "search/?q=" + "晓望村")
            search_settled(driver)
            assert "晓望村<script>" in driver.find_element("id", "search-results").text
            assert driver.execute_script(INJECTED) == []
    finally:
        driver.quit()


def test_meta_tags_and_json_ld_hold_the_text_exactly(hostile: Path):
    soup = BeautifulSoup((hostile / "output/cases/case-a/index.html").read_text(encoding="utf-8"), "html.parser")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("meta", property="og:description")["content"] == description
    assert "<script>" in description and len(soup.find_all("meta", attrs={"name": "description"})) == 1
    village = BeautifulSoup((hostile / "output/villages/xiaowang/index.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert [s.get("type") for s in village.find_all("script") if not s.get("src")] == ["application/ld+json"]  # data only
    data = json.loads(village.find("script", type="application/ld+json").string)
    assert data["name"] == "晓望村" + PAYLOAD
    assert "</" not in village.find("script", type="application/ld+json").string


def test_the_feed_is_well_formed_and_its_html_holds_no_markup_from_records(hostile: Path):
    feed = ET.parse(hostile / "output/feeds/cases.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        title = entry.find(f"{ATOM}title")
        assert title.get("type") in (None, "text") and title.text.endswith(PAYLOAD)
        for part in ("summary", "content"):
            html = entry.find(f"{ATOM}{part}")
            if html is None:
                continue
            assert html.get("type") == "html"
            shown = BeautifulSoup(html.text, "html.parser")  # what a feed reader renders
            assert shown.find_all(["script", "img", "link", "b"]) == [] and not shown.select(".xss-injected")
    summaries = [e.find(f"{ATOM}summary") for e in entries]
    # The summary is the page's description (metadata.describe: spaces closed, cut to length), shown as text.
    assert any(s is not None and "<script>document" in BeautifulSoup(s.text, "html.parser").get_text()
               for s in summaries)


@pytest.mark.slow
def test_no_brochure_embeds_a_file_or_an_image_other_than_a_published_photo(hostile: Path):
    published = {Image.open(p).size for p in (hostile / "output/photos").glob("*.jpg")}
    brochures = sorted((hostile / "output/downloads").glob("*.pdf"))
    assert len(brochures) >= 2 and published
    seen = set()
    for pdf in brochures:
        reader = PdfReader(pdf)
        assert reader.attachments == {}, pdf.name
        for page in reader.pages:
            for image in page.images:
                seen.add(Image.open(io.BytesIO(image.data)).size)
        text = "".join(page.extract_text() for page in reader.pages)
        assert "<script>" in text  # printed as typed
        # Typst markup in every field is text on paper: it neither ran nor vanished.
        assert flat(TYPST) in flat(text), pdf.name
        if "前保驾山村的红色传承" in text:  # the case whose body carries Typst markup
            assert flat(BODY_TYPST) in flat(text), pdf.name
        assert "root:" not in text  # nothing of /etc/passwd
    assert seen and seen <= published


def test_the_brochure_typesetter_reads_nothing_outside_its_root(tmp_path: Path):
    """Typst reads only under the scratch root it is given (templates, data.json, published photo copies):
    a template that asks for any other file fails the brochure, and so does a photo outside the photo cache."""
    from catalog.brochure.typeset import Job, RenderFailed, render_pdf

    outside = tmp_path / "outside.png"
    Image.new("RGB", (4, 4)).save(outside)
    templates = tmp_path / "typst"
    templates.mkdir()
    fonts = (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),)
    for reading in ('#read("/etc/passwd")', f'#image("{outside}")', '#image("../outside.png")',
                    '#read("../../../../../../etc/passwd")', '#import "@preview/cetz:0.3.0": *'):
        (templates / "brochure.typ").write_text(reading + "\n", encoding="utf-8")
        with pytest.raises(RenderFailed) as failed:
            render_pdf(Job("{}", templates, fonts, tmp_path / "photos"))
        assert str(failed.value).startswith("排版时出现问题，没有生成成果汇编：\n"), reading
    cache = tmp_path / "photos"
    cache.mkdir()
    (templates / "brochure.typ").write_text("图\n", encoding="utf-8")
    with pytest.raises(RenderFailed) as failed:
        render_pdf(Job("{}", templates, fonts, cache, {"x.png": "../outside.png"}))
    assert str(failed.value).splitlines()[:2] == ["成果汇编要读取本项目以外的文件或网址，已拒绝，没有生成成果汇编：",
                                                  "  ../outside.png"]


def test_a_story_image_that_is_not_a_published_photo_is_not_read():
    """The content checks refuse such an image first (photo-remote, photo-missing); the brochure, as a second
    line, prints only what the photo cache holds and reports anything else (compose.Refused)."""
    from catalog.brochure.blocks import PhotoBlock
    from catalog.brochure.story import print_body

    body = print_body('<p>图</p><p><img src="https://example.com/x.png" alt="x"><img src="/etc/passwd"></p>', "a",
                      lambda src: None)
    assert body.refused == ("https://example.com/x.png", "/etc/passwd")
    assert not [b for b in body.blocks if isinstance(b, PhotoBlock)] and body.photos == {}
