"""Build the minimal site with the real Pelican and check its pages and links."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree

import pytest
from conftest import build_site, failure, half_built, page
from outputs import site_files


def texts(soup, selector):
    return [e.get_text(" ", strip=True) for e in soup.select(selector)]


def test_every_kind_of_page_is_written(built_minimal: Path):
    written = sorted(p.relative_to(built_minimal).as_posix() for p in built_minimal.rglob("*.html"))
    assert written == sorted([
        "404.html", "index.html", "about/index.html", "sitemap/index.html",
        "cases/index.html", "cases/case-a/index.html", "cases/case-b/index.html",
        "cases/2023/index.html", "cases/2024/index.html",
        "villages/index.html", "villages/xiaowang/index.html", "villages/baojiashan/index.html",
        "initiatives/index.html", "initiatives/lxjy/index.html", "initiatives/lxjy-zuzhi/index.html",
        "routes/index.html", "routes/hongse/index.html",
        "regions/index.html", "regions/sd/index.html", "regions/qd/index.html", "regions/lx/index.html",
        "regions/ls/index.html",
        "sources/index.html", "sources/doc-a/index.html", "sources/doc-b/index.html",
        "search/index.html",
    ])  # no page for the township, nor for a province without content (黑龙江省)


def test_pages_are_chinese_and_load_nothing_from_other_hosts(built_minimal: Path):
    for file in built_minimal.rglob("*.html"):
        soup = page(built_minimal, file.relative_to(built_minimal).as_posix())
        assert soup.html["lang"] == "zh-CN"
        for tag in soup.select("[src], link[href], script"):
            assert not urlparse(tag.get("src") or tag.get("href") or "").netloc, (file, tag)


def test_every_internal_link_leads_to_a_page(built_minimal: Path):
    for file in built_minimal.rglob("*.html"):
        base = "/" + file.relative_to(built_minimal).as_posix()
        for a in page(built_minimal, file.relative_to(built_minimal).as_posix()).select("a[href], link[href]"):
            target = urlparse(urljoin(base, a["href"]))
            if target.netloc or target.scheme:
                continue
            path = built_minimal / target.path.lstrip("/")
            assert (path / "index.html" if target.path.endswith("/") else path).exists(), (file, a["href"])


def test_county_page_lists_its_villages_cases_routes_and_initiatives(built_minimal: Path):
    lx = page(built_minimal, "regions/lx/")
    assert texts(lx, "h1") == ["莱西市"]
    assert texts(lx, "#villages ~ ul a")[:1] == ["前保驾山村"]
    assert "前保驾山村的红色传承" in texts(lx, "h3 a")
    assert "莱西组织振兴一日线" in [a.get_text() for a in lx.select("a")]
    assert "完善农村基层组织体系" in [a.get_text() for a in lx.select("a")]
    assert "晓望村" not in lx.get_text()  # it is in 崂山区


def test_city_page_counts_its_counties_in_code_order(built_minimal: Path):
    qd = page(built_minimal, "regions/qd/")
    children = texts(qd, "#children ~ ul > li")
    # 崂山区 370212 comes before 莱西市 370285.
    assert children == ["崂山区 1 个村 · 1 个案例 · 0 条线路 · 1 项举措",
                        "莱西市 1 个村 · 1 个案例 · 1 条线路 · 1 项举措"]


def test_region_index_is_a_hierarchy_in_division_code_order(built_minimal: Path):
    index = page(built_minimal, "regions/")
    top = index.select_one("ul.tree")
    assert [a.get_text() for a in top.select("a")] == ["山东省", "青岛市", "崂山区", "莱西市"]
    assert "黑龙江省" not in index.get_text()


def test_village_page_links_back_to_the_cases_and_routes_that_mention_it(built_minimal: Path):
    village = page(built_minimal, "villages/baojiashan/")
    assert [a.get_text() for a in village.select("#cases ~ ul a")][:1] == ["前保驾山村的红色传承"]
    assert "莱西组织振兴一日线" in [a.get_text() for a in village.select("a")]
    crumbs = texts(village, ".crumbs li")
    assert crumbs == ["首页", "按地区浏览", "山东省", "青岛市", "莱西市", "前保驾山村"]


def test_initiative_page_lists_parts_villages_cases_and_areas(built_minimal: Path):
    lxjy = page(built_minimal, "initiatives/lxjy/")
    links = [a.get_text() for a in lxjy.select("main a")]
    assert "完善农村基层组织体系" in links  # its part
    assert "晓望村" in links and "晓望村的茶乡振兴" in links
    # Where it is carried out: its own regions, then the counties of its villages.
    assert lxjy.select_one("#areas ~ p").get_text(strip=True) == "青岛市、崂山区"
    assert [li.get_text(" ", strip=True) for li in lxjy.select(".measures > li")][0].startswith("完善组织体系")


def test_every_figure_links_to_its_source(built_minimal: Path):
    village = page(built_minimal, "villages/xiaowang/")
    row = village.select_one("table.figures tbody tr")
    assert [c.get_text(strip=True) for c in row.select("th, td")] == ["户数", "1100户", "2024年", "青岛发布"]
    assert row.select_one("a")["href"] == "../../sources/doc-a/"
    assert page(built_minimal, "initiatives/lxjy/").select_one("td.value").get_text() == "3000多万元"


def test_source_page_lists_what_cites_it(built_minimal: Path):
    cited_by = [a.get_text() for a in page(built_minimal, "sources/doc-b/").select("#cited ~ ul a")]
    # Kind by kind, each in its own order (villages by pinyin: qian… before xiao…).
    assert cited_by == ["前保驾山村", "晓望村", "莱西组织振兴一日线", "前保驾山村的红色传承"]


def test_story_links_and_dates_are_the_storys_own(built_minimal: Path):
    case = page(built_minimal, "cases/case-b/")
    assert case.select_one(".story a")["href"] == "../../cases/case-a/"
    # When it happened, as its source says (issue 16); this one says nothing, and the day it was entered is not shown.
    assert case.select_one(".page-head time") is None
    cases = page(built_minimal, "cases/")
    assert texts(cases, ".year-nav a") == ["2024年（1）", "2023年（1）"]
    assert texts(cases, "h2") == ["最新案例"]


def test_failed_build_leaves_previous_output_byte_for_byte(minimal: Path):
    build_site(minimal)
    output = minimal / "output"
    before = site_files(output)
    stat = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    (minimal / "data/villages/xiaowang.yml").write_text("name: 晓望村\ncounty: nowhere\nsources: [doc-a]\n",
                                                      encoding="utf-8")
    report = failure(build_site, minimal)
    assert "data/villages/xiaowang.yml:2: county: 未知的区域“nowhere”" in report
    assert site_files(output) == before
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stat
    assert not half_built(minimal)  # no staging folder left behind


@pytest.mark.slow
def test_a_later_successful_build_replaces_the_output(minimal: Path):
    build_site(minimal)
    (minimal / "content/pages/about.md").unlink()
    build_site(minimal)
    assert not (minimal / "output/about").exists()
    assert not half_built(minimal)
    assert site_files(minimal / ".output-standby") == site_files(minimal / "output")


def test_chinese_file_names_get_readable_pinyin_urls_and_slug_overrides(minimal: Path):
    (minimal / "data/villages/新庄村.yml").write_text("name: 新庄村\ncounty: lx\nsources: [doc-a]\n", encoding="utf-8")
    (minimal / "data/villages/长安村.yml").write_text("name: 长安村\ncounty: lx\nslug: changan\nsources: [doc-a]\n",
                                                   encoding="utf-8")
    (minimal / "content/cases/新庄村的故事.md").write_text(
        "---\ntitle: 新庄村的故事\ndate: 2024-06-01\ncounty: lx\nvillages: [新庄村]\nsources: [doc-a]\n---\n\n"
        "见[另一篇]({filename}case-a.md)。\n", encoding="utf-8")
    build_site(minimal)
    output = minimal / "output"
    assert page(output, "villages/xin-zhuang-cun/").h1.get_text() == "新庄村"
    assert page(output, "villages/changan/").h1.get_text() == "长安村"
    story = page(output, "cases/xin-zhuang-cun-de-gu-shi/")
    assert story.select_one(".story a")["href"] == "../../cases/case-a/"
    assert "新庄村的故事" in page(output, "villages/xin-zhuang-cun/").get_text()


def test_a_case_whose_source_names_no_place_is_listed_but_under_no_region(minimal: Path):
    (minimal / "content/cases/somewhere.md").write_text(
        "---\ntitle: 未注明地点的部署\ndate: 2024-06-01\nsources: [doc-a]\n---\n\n正文。\n", encoding="utf-8")
    build_site(minimal)
    output = minimal / "output"
    assert "未注明地点的部署" in page(output, "cases/").get_text()
    assert "未注明地点的部署" not in page(output, "regions/sd/").get_text()


@pytest.mark.slow
def test_machine_files_use_the_public_address_and_the_contents_own_dates(minimal: Path, office):
    from catalog.brochure.settings import today
    from catalog.build import build
    from conftest import SETTINGS, public_settings
    from reviewers import EVERYTHING, sign, write_roster

    write_roster(minimal, office)
    sign(minimal, office, EVERYTHING)
    build(SETTINGS, public_settings(minimal))
    output = minimal / "output"
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://zhenxing.example.gov.cn/villages/xiaowang/</loc>" in sitemap
    assert ("<loc>https://zhenxing.example.gov.cn/cases/case-a/</loc><lastmod>2024-05-01</lastmod>" in sitemap)
    assert "404" not in sitemap
    assert (output / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://zhenxing.example.gov.cn/sitemap.xml\n")
    # ElementTree, not BeautifulSoup: bs4's "xml" parser needs lxml, which the project does not install.
    atom = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.parse(output / "feeds/cases.atom.xml").getroot().findall("a:entry", atom)
    assert [e.findtext("a:title", namespaces=atom) for e in entries] == ["前保驾山村的红色传承", "晓望村的茶乡振兴"]
    assert entries[0].find("a:link", atom).get("href") == "https://zhenxing.example.gov.cn/cases/case-a/"
    assert entries[0].findtext("a:published", namespaces=atom).startswith("2024-05-01")
    village = page(output, "villages/xiaowang/")
    assert village.select_one('link[rel="canonical"]')["href"] == "https://zhenxing.example.gov.cn/villages/xiaowang/"
    data = json.loads(village.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Place" and data["name"] == "晓望村"
    assert data["address"]["addressLocality"] == "青岛市崂山区王哥庄街道"
    case = json.loads(page(output, "cases/case-a/").select_one('script[type="application/ld+json"]').string)
    assert (case["@type"], case["datePublished"]) == ("Article", "2024-05-01")
    route = json.loads(page(output, "routes/hongse/").select_one('script[type="application/ld+json"]').string)
    assert route["@type"] == "TouristTrip" and route["itinerary"]["numberOfItems"] == 2
    feed = ElementTree.parse(output / "feeds/cases.atom.xml").getroot()
    assert feed.findtext("a:title", namespaces=atom) == "党建引领乡村振兴成果展示 - 典型案例"
    assert feed.find("a:link[@rel='self']", atom).get("href") == "https://zhenxing.example.gov.cn/feeds/cases.atom.xml"
    # When the newest approval was signed (终审, today in this test): the content's date, never the build's time.
    assert feed.findtext("a:updated", namespaces=atom) == f"{today().isoformat()}T00:00:00+08:00"
    assert {e.findtext("a:author/a:name", namespaces=atom) for e in entries} == {"青岛市委组织部"}
    # A case without a summary is described in words, not by a cut of its body with the body's relative links.
    summary = entries[1].findtext("a:summary", namespaces=atom)
    assert "href" not in summary and summary.startswith("晓望村依托茶园")
    home = json.loads(page(output, "").select_one('script[type="application/ld+json"]').string)
    assert (home["@type"], home["url"], home["publisher"]["@type"]) == (
        "WebSite", "https://zhenxing.example.gov.cn/", "GovernmentOrganization")
    village = page(output, "villages/xiaowang/")
    assert village.select_one('meta[name="robots"]') is None and village.select_one(".preview-banner") is None
    assert village.select_one(".review-record").get_text().startswith("发布日期：")
    footer = village.select_one(".site-footer").get_text(" ", strip=True)
    assert "主办单位 青岛市委组织部" in footer and "ICP备案号 鲁ICP备12345678号" in footer
    assert village.select_one('.site-footer a[href="https://beian.miit.gov.cn/"]').get_text() == "鲁ICP备12345678号"


def test_a_public_build_without_a_case_has_no_feed_of_cases_and_is_the_same_bytes_every_time(minimal: Path, office):
    # Found by the random proof of the incremental build (tests/proof.py): an empty feed carried the build's time.
    from catalog.build import build
    from conftest import SETTINGS, public_settings
    from outputs import site_files
    from reviewers import sign, write_roster

    write_roster(minimal, office)
    sign(minimal, office, ("data/villages/xiaowang.yml", "data/initiatives/lxjy.yml"))  # published; no case is
    build(SETTINGS, public_settings(minimal))
    first = site_files(minimal / "output")
    assert "villages/xiaowang/index.html" in first and not any(rel.startswith("feeds/") for rel in first)
    assert "application/atom+xml" not in (minimal / "output/index.html").read_text(encoding="utf-8")
    shutil.rmtree(minimal / ".cache")
    build(SETTINGS, public_settings(minimal))
    assert site_files(minimal / "output") == first


def test_without_a_public_address_nothing_claims_one(built_minimal: Path):
    assert not (built_minimal / "sitemap.xml").exists()
    # A preview holds drafts: no search engine may take it, wherever it is put.
    assert (built_minimal / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert page(built_minimal, "villages/xiaowang/").select_one('link[rel="canonical"]') is None


def test_404_links_work_from_any_depth(built_minimal: Path):
    soup = page(built_minimal, "404.html")
    stylesheet = soup.select_one('link[rel="stylesheet"]')["href"]
    assert re.fullmatch(r"/theme/css/site\.[0-9a-f]{10}\.css", stylesheet) and (built_minimal / stylesheet[1:]).is_file()
    assert soup.select_one(".site-name")["href"] == "/"
