"""The content shipped in the repository: it builds cleanly, says only what its sources say,
and publishes no placeholder, known scanning error or unsourced figure."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from catalog.build import Built
from catalog.checks import load_wording
from catalog.indexes import lineage
from conftest import PROJECT, build_site, check_site
from content.tables import FINGERPRINTS, SEEDS, TABLES, Fingerprint, Published, letters, load_table, missing_facts

EXPECTED = sorted(TABLES.glob("*.yml"))
# The same table and matcher the checks use (rules/wording.yml), applied to what was published.
WORDING, WORDING_PROBLEMS = load_wording(PROJECT / "rules" / "wording.yml", PROJECT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped content built as `make site` builds it: the full preview, every draft included."""
    root = tmp_path_factory.mktemp("shipped") / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    return build_site(root)


@pytest.fixture(scope="module")
def shipped(built: Built) -> Path:
    return built.output.parent


@pytest.fixture(scope="module")
def catalog(shipped: Path):
    return check_site(shipped).catalog


def published_texts(output: Path):
    """Every page's visible text and human-readable attributes, by page."""
    for file in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        attributes = [v for tag in soup.find_all(True) for k, v in tag.attrs.items()
                      if k in ("title", "alt", "content", "aria-label") and isinstance(v, str)]
        yield file.relative_to(output).as_posix(), "\n".join([soup.get_text("\n"), *attributes])


def test_shipped_content_builds_cleanly(shipped: Path):
    assert (shipped / "output" / "index.html").exists()
    assert BeautifulSoup((shipped / "output/index.html").read_text(encoding="utf-8"), "html.parser").select("main a")


def test_spaces_inside_names_survive(shipped: Path):
    """The route the Qingdao bureau published as "初心如磐 红色基因传承之旅" keeps its space on its own page, in the
    lists that name it and on its source's page; folded prose closes the gaps it made."""
    output = shipped / "output"
    name = "初心如磐 红色基因传承之旅"
    route = BeautifulSoup((output / "routes/qingdao-chuxin-rupan/index.html").read_text(encoding="utf-8"), "html.parser")
    assert route.h1.get_text(strip=True) == name
    for listing in ("routes/index.html", "regions/laixi/index.html", "sources/qingdao-s1-zaobao-hongse-yanxue/index.html"):
        text = BeautifulSoup((output / listing).read_text(encoding="utf-8"), "html.parser").get_text()
        assert name in text and "初心如磐红色" not in text, listing
    assert " " not in route.select_one(".lead").get_text(strip=True)


def published_wording_problems(output: Path) -> list[str]:
    return [f"{page}: {hit.message}：{line.strip()}"
            for page, text in published_texts(output) for line in text.splitlines() for hit in WORDING.find(line)]


def test_shipped_content_builds_with_no_warnings(built: Built):
    """`make site` on the shipped content: no error (the build would raise), no warning, every page written."""
    assert built.checked.warnings == []
    assert built.pages > 100


def test_no_page_publishes_a_placeholder_or_a_known_error(shipped: Path):
    assert WORDING_PROBLEMS == [] and WORDING.rules.corrections and WORDING.rules.placeholders
    assert published_wording_problems(shipped / "output") == []


def test_the_wording_check_itself_catches_planted_errors(tmp_path: Path):
    """Guard against a check that cannot fail: every known error and every placeholder kind, planted, is found."""
    rules = WORDING.rules
    planted = [f"<p>本站写作{c.wrong}。</p>" for c in rules.corrections]
    planted += [f"<p>{p.example}</p>" for p in rules.placeholders]
    (tmp_path / "a.html").write_text("".join(planted) + "<img alt='××' src='a.png'>", encoding="utf-8")
    found = published_wording_problems(tmp_path)
    assert len(found) == len(rules.corrections) + len(rules.placeholders) + 1
    right = "<p>全面贯彻党的二十大精神，村干部深入推进改革。</p>"
    (tmp_path / "a.html").write_text(right, encoding="utf-8")
    assert published_wording_problems(tmp_path) == []


def test_every_figure_on_every_page_links_to_its_source(shipped: Path):
    output = shipped / "output"
    rows = 0
    for file in output.rglob("*.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for row in soup.select("table.figures tbody tr"):
            rows += 1
            link = row.select_one("td:last-child a[href]")
            assert link is not None and "/sources/" in link["href"], (file, row.get_text(" ", strip=True))
    assert rows > 0


def test_every_source_document_has_its_table():
    """One table per document fingerprint, each naming a source record that exists: nothing is skipped quietly."""
    documents = sorted(p.name for p in FINGERPRINTS.glob("*.txt"))
    tables = [load_table(p) for p in EXPECTED]
    assert documents, "tests/content/fingerprints/ 中没有来源文档的指纹"
    assert sorted(t.document for t in tables) == documents
    sources = {s.stem for s in (PROJECT / "data" / "sources").glob("*.yml")}
    assert [t.source for t in tables if t.source not in sources] == []


# An empty folder must fail, not skip: the parameter list is never empty.
TABLE_PARAMS = EXPECTED or [pytest.param(None, id="no-tables")]


@pytest.mark.parametrize("table", TABLE_PARAMS, ids=lambda p: getattr(p, "stem", p))
def test_each_document_is_published_with_its_facts(table: Path | None, catalog):
    """Regions, initiatives, names and figures each source document states, as a person read them."""
    assert table is not None, "tests/content/expected/ 中没有事实表"
    assert missing_facts(load_table(table), catalog) == []


@pytest.mark.parametrize("table", TABLE_PARAMS, ids=lambda p: getattr(p, "stem", p))
def test_no_text_copies_long_runs_of_its_document(table: Path | None, catalog):
    """Stories and records are written in our own words: no run of 30 characters is lifted from the source."""
    assert table is not None, "tests/content/expected/ 中没有事实表"
    facts = load_table(table)
    published = Published(catalog, catalog.sources[facts.source])
    fingerprint = facts.fingerprint
    copied = [(where, run) for where, text in published.texts() for run in fingerprint.shared_runs(text)]
    assert copied == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are kept beside the checkout, not in it")
@pytest.mark.parametrize("table", EXPECTED, ids=lambda p: p.stem)
def test_fingerprints_are_those_of_the_source_documents(table: Path):
    facts = load_table(table)
    wanted = Fingerprint.of((SEEDS / facts.seed).read_text(encoding="utf-8")).dumps()
    assert (FINGERPRINTS / facts.document).read_text(encoding="utf-8") == wanted, "python tests/content/tables.py"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are kept beside the checkout, not in it")
@pytest.mark.parametrize("table", EXPECTED, ids=lambda p: p.stem)
def test_each_figure_is_written_as_in_its_document(table: Path):
    """A table's ``written`` is the document's own wording ("35余万人次", "4300万余元"), so a page that shows the
    figure exactly so puts the qualifier where the source put it."""
    facts = load_table(table)
    document = unicodedata.normalize("NFKC", (SEEDS / facts.seed).read_text(encoding="utf-8"))
    written = [f.written for f in facts.figures if f.written]
    assert written and [w for w in written if unicodedata.normalize("NFKC", w) not in document] == []


def test_the_fact_checks_themselves_catch_planted_misses(catalog):
    """A wrong unit, a dropped qualifier, a wrong year, an unknown region and a copied sentence are all caught."""
    table = load_table(EXPECTED[0])
    figure = table.figures[0]
    planted = table.model_copy(update={
        "regions": (*table.regions, "不存在县"),
        "mentions": (*table.mentions, "原文没有的名称"),
        "figures": (figure.model_copy(update={"unit": figure.unit + "次"}),
                    figure.model_copy(update={"as_of": "1999"}), *table.figures[1:]),
    })
    found = missing_facts(planted, catalog)
    assert "区域 不存在县" in found and "提及 原文没有的名称" in found
    assert sum(line.startswith("数据 ") for line in found) == 2
    # A qualifier shown in another place than the document's ("35万余人次" for "35余万人次") is a miss.
    qualified = next(t for t in map(load_table, EXPECTED) if any(f.written and "余万" in f.written for f in t.figures))
    moved = [f.model_copy(update={"written": f.written.replace("余万", "万余")}) if f.written and "余万" in f.written
             else f for f in qualified.figures]
    assert any(line.startswith("数据 ") and "万余" in line
               for line in missing_facts(qualified.model_copy(update={"figures": tuple(moved)}), catalog))
    assert any(line.startswith("原文没有的数据 ") for line in found)
    document = "示范村党支部书记带领群众发展茶叶产业，建起合作社，统一品牌、统一销售，村集体和农户一起增收致富。" * 2
    fingerprint = Fingerprint.of(document)
    assert fingerprint.shared_runs("前言：" + document[5:45] + "。后记") == [letters(document[5:45])]
    assert fingerprint.shared_runs(document[5:34]) == []  # 29 characters in a row are not yet copying


def test_every_route_has_two_stops_or_more_each_saying_what_is_there_and_where(catalog, shipped: Path):
    """No single-stop route; no stop described only by its place in the line ("线路第二站。"); a stop the
    sources locate has its address and map links, searched for without saying a region twice; a stop they do
    not locate says so rather than leaving the gap unexplained."""
    output = shipped / "output"
    found = []
    for route in catalog.routes.values():
        if len(route.stops) < 2:
            found.append(f"{route.path}: 只有 {len(route.stops)} 站")
        page = BeautifulSoup((output / f"routes/{route.id}/index.html").read_text(encoding="utf-8"), "html.parser")
        shown = page.select("li.stop")
        assert len(shown) == len(route.stops)
        for stop, item in zip(route.stops, shown, strict=True):
            described = re.sub(r"[，。]", "", re.sub(r"是?线路的?(起点|终点|第.站)", "", stop.what))
            if len(described) < 10:
                found.append(f"{route.path}: {stop.name} 没有说明这里是什么：{stop.what}")
            links = [a["href"] for a in item.select(".map-links a")]
            if stop.address is None:
                if "地址" not in stop.what:
                    found.append(f"{route.path}: {stop.name} 没有地址，也没有说明资料没有给出地址")
                continue
            if len(links) != 2:
                found.append(f"{route.path}: {stop.name} 有地址却没有地图链接")
            for link in links:
                query = next(v for k, v in parse_qsl(urlsplit(link).query) if k in ("keyword", "address"))
                repeated = [r.name for r in lineage(stop.area) if query.count(r.name) > 1]
                if repeated or "（" in query or re.search(r"以[东南西北]|约[\d.]+公里", query):  # a map finds no direction
                    found.append(f"{route.path}: {stop.name} 的地图搜索文字“{query}”")
    assert catalog.routes and found == []


def test_route_stops_rest_on_graded_sources(catalog):
    """Routes use grade-A/B facts; a stop backed only by grade-C pages needs two of them.

    No source page gives coordinates (shared/sources/route-facts-index.md), so no stop may carry
    any; opening hours need an A/B source, since the C pages that give hours contradict each other.
    """
    weak = []
    for route in catalog.routes.values():
        for stop in route.stops:
            grades = [s.grade.value if s.grade else "?" for s in stop.sources]
            strong = any(g in ("A", "B") for g in grades)
            if not strong and grades.count("C") < 2:
                weak.append(f"{route.path}: {stop.name} 只有 {grades}")
            if stop.coordinates is not None:
                weak.append(f"{route.path}: {stop.name} 写了资料中没有的坐标")
            if stop.opening and not strong:
                weak.append(f"{route.path}: {stop.name} 的开放时间没有A/B级来源")
    assert catalog.routes and weak == []
