"""Site search in real headless Chromium, through the real search page.

The precision/recall bar: on the committed queries (tests/search/queries.yml)
over a synthetic corpus of 2,000 Chinese pages (tests/search/corpus.py), the
search page lists exactly the pages whose text holds the query (punctuation
inside a phrase passed over, punctuation typed kept), or whose title sounds
as the pinyin typed; for each class of query on its own. A page whose title
is the query comes first, title matches before text matches before tail
matches. On the shipped site, the issue's queries lead somewhere, and slips
are offered the name meant. The figures are in docs/search.md.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browser import chromium, search_settled, serve
from catalog import urls
from catalog.build import build
from catalog.pages import all_pages
from catalog.records.problems import BuildFailed
from catalog.records.refs import Registry
from catalog.search.bundle import defects
from catalog.search.index import SearchRecord, search_records, write_index
from catalog.search.text import html_text
from catalog.search.sound import pinyin_match, reading, segmentations, sounds, syllables, typed_pinyin
from catalog.search.tokens import contains, exact_term, indexed, key, matches, query, runs
from conftest import (PROJECT, SETTINGS, build_site, check_site, copy_site, half_built, public_settings, site_settings,
                      write)
from search.corpus import corpus
from search.page import search_page
from reviewers import CASE_A, sign, write_roster
from search.queries import CLASSES, Truth, load_queries, load_slips, score
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

BAR = 0.95


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    """The minimal site's real search page, searching the synthetic corpus instead of the site. Its index is
    written in three parts, as a province's is (index.py), so every query is answered from merged parts."""
    root = copy_site("minimal", tmp_path_factory.mktemp("corpus"))
    build_site(root)
    records = corpus(PROJECT)
    shutil.rmtree(root / "output" / urls.SEARCH_BUNDLE)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("catalog.search.index.SHARD_CHARACTERS", 300_000)
        folder = write_index(records, root / "output")
    assert defects(folder) == [] and len(json.loads((folder / "bundles.json").read_text())) == 2
    with serve(root / "output") as url:
        yield url, records


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped site (content/ and data/ as committed), built in a temporary copy and served."""
    root = tmp_path_factory.mktemp("shipped")
    for part in ("content", "data"):
        shutil.copytree(PROJECT / part, root / part)
    build_site(root)
    with serve(root / "output") as url:
        yield url


@pytest.mark.parametrize("kind", CLASSES[:-1])
def test_search_page_finds_exactly_what_each_class_of_query_means(kind, desktop, corpus_site):
    base, records = corpus_site
    truth = Truth(records)
    scores = [score(q, search_page(desktop, base, q)["urls"], truth.of(q)) for q in load_queries()[kind]]
    if kind == "phrases":
        assert len(scores) >= 50 and {len(s.query) for s in scores} == {1, 2, 3, 4, 5, 6}
    assert sum(s.expected for s in scores) > 5 * len(scores)  # the queries do find pages: the bar means something
    below = [str(s) for s in scores if s.precision < BAR or s.recall < BAR]
    assert not below, "低于 0.95 的查询：\n" + "\n".join(below)


def _tier(record, q: str) -> int:
    """Where the page holds the query: 0 its title is the query, 1 in the title, 2 in its own text, 3 in its tail."""
    if key(record.title) == key(q):
        return 0
    return 1 if contains(record.title, q) else 2 if matches(record.text, q) else 3


def test_the_page_titled_as_typed_comes_first_then_title_then_text_then_tail_matches(desktop, corpus_site):
    base, records = corpus_site
    by_url = {r.url: r for r in records}
    drawn = random.Random(17).sample([r.title for r in records if len(r.title) >= 2], 14)
    queries = load_queries()["ranking"] + drawn
    wrong = []
    for q in queries:
        urls = search_page(desktop, base, q)["urls"]
        tiers = [_tier(by_url[u], q) for u in urls]
        if any(r.title == q for r in records) and (not tiers or tiers[0] != 0):
            wrong.append(f"{q}: 第一个结果是 {urls[:1]}（{tiers[:1]}），不是标题为“{q}”的页面")
        if tiers != sorted(tiers):
            wrong.append(f"{q}: 排序不对：{tiers}")
    assert sum(1 for q in queries if any(r.title == q for r in records)) >= 14
    assert not wrong, "\n".join(wrong)


def test_more_results_come_twenty_at_a_time_and_the_keyboard_lands_on_the_first_new_one(desktop, corpus_site):
    base, records = corpus_site
    desktop.get(base + "search/?q=村")
    search_settled(desktop)
    expected = len(Truth(records).of("村"))
    assert desktop.find_element(By.ID, "search-status").text == f"找到 {expected} 个含有“村”的页面，已显示前 20 个。"
    assert len(desktop.find_elements(By.CSS_SELECTOR, ".search-result")) == 20
    more = desktop.find_element(By.ID, "search-more")
    assert more.text == f"显示更多结果（还有 {expected - 20} 个）"
    more.send_keys(Keys.ENTER)
    search_settled(desktop)
    links = desktop.find_elements(By.CSS_SELECTOR, ".search-result h2 a")
    assert len(links) == 40
    assert desktop.find_element(By.ID, "search-status").text.endswith("已显示前 40 个。")
    assert desktop.switch_to.active_element == links[20]


def test_a_result_shows_its_kind_county_and_the_match_highlighted(desktop, site_url):
    desktop.get(site_url + "search/?q=茶园")
    search_settled(desktop)
    assert desktop.find_element(By.ID, "search-status").text == "找到 1 个含有“茶园”的页面。"
    assert desktop.find_element(By.ID, "search-status").get_attribute("aria-live") == "polite"
    (result,) = desktop.find_elements(By.CSS_SELECTOR, ".search-result")
    link = result.find_element(By.CSS_SELECTOR, "h2 a")
    assert link.text == "晓望村的茶乡振兴"
    assert link.get_attribute("href") == site_url + "cases/case-b/"
    assert result.find_element(By.CSS_SELECTOR, ".tag").text == "案例"
    assert "青岛市" in result.find_element(By.CSS_SELECTOR, ".meta").text
    assert result.find_element(By.CSS_SELECTOR, ".excerpt").text.startswith("晓望村依托茶园发展乡村旅游")
    assert [m.text for m in result.find_elements(By.CSS_SELECTOR, ".excerpt mark")] == ["茶园"]
    assert desktop.find_element(By.ID, "search-query").get_attribute("value") == "茶园"
    assert desktop.title.startswith("“茶园”的搜索结果")


def test_a_title_match_is_highlighted_in_the_title(desktop, site_url):
    desktop.get(site_url + "search/?q=晓望")
    search_settled(desktop)
    titles = {r.find_element(By.CSS_SELECTOR, "h2 a").text: [m.text for m in r.find_elements(By.CSS_SELECTOR, "h2 mark")]
              for r in desktop.find_elements(By.CSS_SELECTOR, ".search-result")}
    assert titles["晓望村"] == ["晓望"]


@pytest.mark.parametrize("typed, found", [
    ("莱西 党史馆", {"routes/hongse/"}),  # words apart: pages with both
    ("“莱西经验”", {"initiatives/lxjy/", "villages/xiaowang/", "cases/case-b/", "initiatives/lxjy-zuzhi/",
                   "sources/doc-a/"}),  # a source page too: its title holds it
    ("茶园 党史馆", set()),
    ("２０１５", {"villages/xiaowang/"}),  # full-width digits, as a Chinese input method types them
])
def test_several_words_must_all_be_there_and_punctuation_is_matched_as_typed(typed, found, desktop, site_url):
    urls = set(search_page(desktop, site_url, typed)["urls"])
    assert urls == found


def test_nothing_found_says_so_and_suggests_what_to_try(desktop, site_url):
    desktop.get(site_url + "search/?q=茶马古道")
    search_settled(desktop)
    assert desktop.find_element(By.ID, "search-status").text.startswith("没有找到含有“茶马古道”的页面。")
    assert desktop.find_elements(By.CSS_SELECTOR, ".search-result") == []
    assert not desktop.find_element(By.ID, "search-more").is_displayed()


@pytest.mark.browser
def test_without_javascript_the_page_says_search_needs_it(tmp_path: Path, site_url):
    browser = chromium(tmp_path / "profile", javascript=False)
    try:
        browser.get(site_url + "search/?q=茶")
        hint = browser.find_element(By.CSS_SELECTOR, "main noscript .notice")
        assert "搜索需要浏览器启用 JavaScript" in hint.text and hint.is_displayed()
    finally:
        browser.quit()


def test_a_preview_opened_as_a_file_says_to_use_make_serve(tmp_path: Path, desktop):
    """Browsers load no scripts or workers for file:// pages, so Pagefind cannot run there."""
    root = copy_site("minimal", tmp_path)
    build_site(root)
    desktop.get((root / "output" / "search" / "index.html").as_uri() + "?q=茶")
    search_settled(desktop)
    assert desktop.find_element(By.ID, "search-status").text.startswith("直接打开文件时不能搜索。请运行 make serve")


def test_the_index_is_built_from_the_catalog_and_the_public_build_leaves_drafts_out(tmp_path: Path, desktop, office):
    root = copy_site("minimal", tmp_path)
    write(root, "data/villages/xitou.yml", "name: 溪头村\ncounty: lx\nprofile: 新写的村。\nsources: [doc-a]\n")
    write_roster(root, office)
    sign(root, office, CASE_A)  # the case and what it refers to
    build_site(root)
    with serve(root / "output") as url:
        assert search_page(desktop, url, "溪头")["urls"] == ["villages/xitou/"]
        assert search_page(desktop, url, "茶乡振兴")["urls"] == ["cases/case-b/"]  # a draft, in the preview
    build(SETTINGS, public_settings(root))
    with serve(root / "output") as url:
        assert search_page(desktop, url, "前保驾山村的红色传承")["urls"] == ["cases/case-a/"]
        assert search_page(desktop, url, "茶乡振兴")["urls"] == []  # case-b is a draft


@pytest.mark.slow
def test_a_failed_index_leaves_the_published_output_untouched(tmp_path: Path, monkeypatch):
    root = copy_site("minimal", tmp_path)
    build_site(root)
    before = {p.relative_to(root): p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    village = root / "data/villages/xiaowang.yml"  # a searchable change: the index is made again
    village.write_text(village.read_text(encoding="utf-8").replace("崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。"),
                       encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert "站内搜索索引没有生成" in str(failed.value)
    after = {p.relative_to(root): p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    assert after == before
    assert not half_built(root)


@pytest.mark.slow
def test_the_index_written_beside_the_build_equals_the_one_written_in_it(tmp_path: Path, monkeypatch):
    from catalog.search.job import start_index

    records = search_records(all_pages(check_site(PROJECT), Registry())[0])
    (tmp_path / "beside").mkdir()
    job = start_index(records, tmp_path / "beside")  # returns at once: the child process does the work
    inside = write_index(records, tmp_path / "inside")
    beside = job.finish()
    assert beside == tmp_path / "beside" / urls.SEARCH_BUNDLE
    assert defects(beside) == [] and defects(inside) == []

    def content(folder: Path) -> dict:  # every file, byte for byte: the same records make the same bundle
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    assert content(beside) == content(inside) and len(content(inside)) > 20
    (tmp_path / "broken").mkdir()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BuildFailed) as failed:
        start_index(records, tmp_path / "broken").finish()
    assert str(failed.value).startswith(f"{urls.SEARCH_BUNDLE}: 站内搜索索引没有生成：Pagefind 意外停止")


def test_one_record_per_searchable_page_with_its_kind_county_and_text():
    site = check_site(PROJECT)
    records = {r.url: r for r in search_records(all_pages(site, Registry())[0])}
    kinds = {r.kind for r in records.values()}
    assert {"村", "案例", "线路", "举措", "来源"} <= kinds
    assert len(records) == len(site.catalog.villages) + len(site.catalog.cases) + len(site.catalog.routes) + \
        len(site.catalog.initiatives) + len(site.catalog.pages) + len(site.catalog.sources) + sum(
            1 for r in site.catalog.regions.values() if site.url_for(r))
    case = next(c for c in site.catalog.cases.values() if c.initiatives)
    record = records[site.url_for(case)]
    assert record.title == case.title and record.kind == "案例"
    assert record.places == ((case.county.name,) if case.county else ())
    for initiative in case.initiatives:  # shown in the case's <footer>: searchable, in its tail
        assert initiative.name in record.tail
    initiative = next(i for i in site.catalog.initiatives.values() if i.name == "抓党建促乡村振兴“七大工程”")
    assert "依安县" in records[site.url_for(initiative)].text  # 实施地区, as its page lists it


def test_story_html_reads_as_lines_of_text():
    assert html_text("<p>乡村<strong>振兴</strong></p><ul><li>一</li><li>二&amp;三</li></ul>") == "乡村振兴\n一\n二&三"


def test_text_becomes_character_pairs_in_order_then_each_character_once():
    assert indexed("油茶。茶") == "bpenbxry bxry bxry bpen"  # 油茶 茶 · 茶 | 油 (茶 ends a run: a term already)
    assert indexed("油茶产") == "bpenbxry bxrybdul bdul bpen bxry"  # 油茶 茶产 产 | 油 茶
    assert list(runs("“莱西经验” 1+1ＡＢ")) == ["莱西经验1", "1ab"]  # quotation marks and spaces do not end a run
    assert query("茶") == '"bxry"'
    assert query("油茶产") == '"bpenbxry bxrybdul"'


def test_what_the_issue_typed_leads_somewhere_on_the_shipped_site(desktop, shipped):
    """五星支部 (quotation marks inside), laixi and lx (pinyin), 莱溪 (a slip): each to the pages meant."""
    wuxing = search_page(desktop, shipped, "五星支部")
    assert wuxing["text"][0] == "initiatives/wuxing-zhibu-chuangjian/" and len(wuxing["text"]) >= 18
    for typed in ("laixi", "Laixi", "lai xi", "lǎixī", "lx"):
        found = search_page(desktop, shipped, typed)
        assert found["pinyin"][0] == "regions/laixi/", typed
        assert typed == "lx" or "initiatives/laixi-jingyan/" in found["pinyin"]  # 深化拓展“莱西经验”: not its initials
        assert found["status"].startswith(f"没有找到含有“{typed}”的页面。按拼音找到 "), found["status"]
    slip = search_page(desktop, shipped, "莱溪")
    assert slip["urls"] == [] and slip["suggestions"][0] == "莱西"
    assert slip["status"] == "没有找到含有“莱溪”的页面。您要找的可能是下面这些名称。"
    assert slip["way_on"] == ["regions/", "initiatives/"]
    followed = desktop.find_element(By.CSS_SELECTOR, "#search-suggest a")
    followed.click()
    search_settled(desktop)
    assert desktop.find_element(By.CSS_SELECTOR, ".search-result .card-title a").get_attribute("href") == \
        shipped + "regions/laixi/"


def test_slips_are_offered_the_name_meant(desktop, shipped):
    slips = load_slips()
    offered = {typed: search_page(desktop, shipped, typed)["suggestions"] for typed in slips}
    first = sum(1 for typed, meant in slips.items() if offered[typed][:1] == [meant]) / len(slips)
    among = sum(1 for typed, meant in slips.items() if meant in offered[typed]) / len(slips)
    wrong = [f"{typed} → {offered[typed]}（应为 {meant}）" for typed, meant in slips.items()
             if offered[typed][:1] != [meant]]
    assert first >= BAR and among >= BAR, "\n".join(wrong)
    nothing = search_page(desktop, shipped, "旅顺口")  # nothing like it: the way on instead
    assert nothing["suggestions"] == [] and nothing["way_on"] == ["regions/", "initiatives/"]
    assert nothing["status"].startswith("没有找到含有“旅顺口”的页面。请检查有没有错别字")


def test_quotation_marks_typed_are_not_doubled_and_the_match_is_marked_with_the_marks_inside(desktop, site_url):
    found = search_page(desktop, site_url, "“莱西经验”")
    assert found["status"].startswith("找到 5 个含有“莱西经验”的页面")
    desktop.get(site_url + "search/?q=" + "莱西经验")
    search_settled(desktop)
    marks = [m.text for m in desktop.find_elements(By.CSS_SELECTOR, ".search-result mark")]
    assert "莱西经验" in marks
    assert desktop.title.startswith("“莱西经验”的搜索结果")


def test_a_phrase_is_found_across_quotation_marks_and_marked_with_them(tmp_path: Path, desktop):
    root = copy_site("minimal", tmp_path)
    build_site(root)
    shutil.rmtree(root / "output" / urls.SEARCH_BUNDLE)
    write_index([SearchRecord("a/", "甲", "村", (), "甲\n推进“五星”支部创建。"),
                 SearchRecord("b/", "乙", "村", (), "乙\n五星，支部分开写。"),
                 SearchRecord("c/", "丙", "村", (), "丙\n《五星》·支部 也算。", tail="“五星”支部")], root / "output")
    with serve(root / "output") as url:
        assert search_page(desktop, url, "五星支部")["urls"] == ["a/", "c/"]
        marks = [m.text for m in desktop.find_elements(By.CSS_SELECTOR, ".excerpt mark")]
        assert marks == ["五星”支部", "五星》·支部"]
        assert search_page(desktop, url, "“五星”支部")["urls"] == ["a/", "c/"]  # c/ holds it so in its tail
        assert search_page(desktop, url, "五星》·支部")["urls"] == ["c/"]


def test_readings_of_the_shipped_names_agree_with_the_hand_checked_table():
    table = yaml.safe_load((PROJECT / "tests/search/readings.yml").read_text(encoding="utf-8"))
    site = check_site(PROJECT)
    c = site.catalog
    names = {r.name for r in c.regions.values()} | {v.name for v in c.villages.values()} | \
        {i.name for i in c.initiatives.values()} | {r.name for r in c.routes.values()}
    unchecked = sorted(n for n in names if set(table["polyphones"]) & set(n) and n not in table["names"])
    assert not unchecked, f"这些名称有多音字，请核对读音后加入 tests/search/readings.yml：{unchecked}"
    checked = table["names"] | table["elsewhere"]
    wrong = {n: " ".join(reading(n)) for n, r in checked.items() if " ".join(reading(n)) != r}
    assert not wrong, f"读音与人工核对的不同：{wrong}"
    assert reading("延长县")[1] == "chang" and reading("乐亭县")[0] == "lao"


def test_pinyin_is_full_spaced_toned_or_initials():
    known = syllables(sounds(()))
    laixi = reading("青岛市莱西市")
    for typed in ("laixi", "lai xi", "LaiXi", "lǎixī", "qingdao", "qdslxs", "qdslx"):
        assert pinyin_match(laixi, typed_pinyin(typed), known), typed
    for typed in ("lx", "lxs", "laix", "xi lai", "q"):  # initials from the start of a run only; no partial syllable
        assert not pinyin_match(laixi, typed_pinyin(typed), known), typed
    assert pinyin_match(reading("“五星”支部创建"), typed_pinyin("wuxingzhibu"), known)
    assert pinyin_match(reading("“五星”支部创建"), typed_pinyin("wxzb"), known)
    assert not pinyin_match(reading("甲，五星"), typed_pinyin("jiawu"), known)  # a comma ends the run
    assert typed_pinyin("莱西") is None and typed_pinyin("2015") is None
    assert ["xi", "an"] in segmentations(["xian"], known) and ["xian"] in segmentations(["xian"], known)
    assert segmentations(["xi", "an"], known) == [["xi", "an"]]


def test_punctuation_inside_a_phrase_is_passed_over_unless_typed():
    assert contains("推进“五星”支部创建", "五星支部") and contains("深化《莱西》经验", "莱西经验")
    assert contains("院士、专家", "院士专家") and contains("黑龙江省 齐齐哈尔", "江省齐齐")
    assert not contains("五星，支部", "五星支部") and not contains("五星\n支部", "五星支部")
    assert contains("“莱西经验”", "“莱西经验”") and not contains("莱西经验", "“莱西经验”")
    assert not contains("“五星”支部", "“五星支部”")
    assert list(runs("“五星”支部，创建")) == ["五星支部", "创建"]
    assert key("“五星”支部创建") == key("五星支部创建") and exact_term("五星支部创建") == exact_term("“五星”支部创建")
    assert exact_term("五星") != exact_term("五星支部") and len(exact_term("五星")) == 8
