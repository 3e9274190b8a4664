"""The content shipped in the repository: it builds cleanly, says only what its sources say,
and publishes no placeholder, known scanning error or unsourced figure."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from catalog.records.load import load_yaml
from conftest import PROJECT, TESTS, build_site, check_site

EXPECTED = sorted((TESTS / "content" / "expected").glob("*.yml"))
WORDING = load_yaml((PROJECT / "rules" / "wording.yml").read_text(encoding="utf-8"), "rules/wording.yml").data


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shipped") / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    build_site(root)
    return root


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


def test_no_page_publishes_a_placeholder_or_a_known_error(shipped: Path):
    placeholders = [(re.compile(p["pattern"]), p["example"]) for p in WORDING["placeholders"]]
    found = []
    for page, text in published_texts(shipped / "output"):
        for line in text.splitlines():
            found += [f"{page}: 占位符（{example}）：{line.strip()}" for rx, example in placeholders if rx.search(line)]
            found += [f"{page}: 错误写法“{c['wrong']}”应为“{c['right']}”：{line.strip()}"
                      for c in WORDING["corrections"] if c["wrong"] in line]
    assert found == []


def test_the_wording_check_itself_catches_planted_errors(tmp_path: Path):
    """Guard against a check that cannot fail: plant one of each and expect them found."""
    (tmp_path / "a.html").write_text("<p>X镇党委</p><p>村千部</p><img alt='××' src='a.png'>", encoding="utf-8")
    text = dict(published_texts(tmp_path))["a.html"]
    assert re.search(WORDING["placeholders"][0]["pattern"], text)
    assert any(c["wrong"] in text for c in WORDING["corrections"])
    assert re.search(WORDING["placeholders"][1]["pattern"], text)


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


@pytest.mark.parametrize("table", EXPECTED, ids=lambda p: p.stem)
def test_each_document_is_published_with_its_facts(table: Path, catalog):
    """Regions, initiatives and figures each source document names, as a person read them."""
    expected = load_yaml(table.read_text(encoding="utf-8"), table.name).data
    source = catalog.sources[expected["source"]]
    missing = []
    names = {r.name for r in catalog.regions.values()}
    missing += [f"区域 {name}" for name in expected.get("regions") or [] if name not in names]
    initiatives = [i for i in catalog.initiatives.values() if source in i.sources]
    for name in expected.get("initiatives") or []:
        if not any(name in (i.name, i.short_name) or name in i.name for i in initiatives):
            missing.append(f"举措 {name}")
    figures = {(str(f.value), f.unit, f.qualifier.value if f.qualifier else None)
               for kind in ("initiatives", "villages", "regions", "routes")
               for record in getattr(catalog, kind).values()
               for f in getattr(record, "figures", ()) if f.source is source}
    for want in expected.get("figures") or []:
        key = (str(want["value"]), want["unit"], want.get("qualifier"))
        if key not in figures:
            missing.append(f"数据 {want}")
    assert missing == []
