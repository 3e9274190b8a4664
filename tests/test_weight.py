"""Page weight of the shipped content: a page's HTML, CSS and JavaScript under 50 KB before compression.

Sizes, not times: the bytes a visitor's phone downloads for a page are fixed by the build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import PROJECT, build_site, page

pytestmark = pytest.mark.slow

LIMIT = 50 * 1024
SEARCH_PAGE = "search/index.html"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("weight")
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    build_site(root)
    return root / "output"


def weight(output: Path, html: Path) -> dict[str, int]:
    """The page and the stylesheets and scripts it loads, by file, in bytes."""
    name = html.relative_to(output).as_posix()
    files = {name: html.stat().st_size}
    for tag in page(output, name).select("link[rel=stylesheet], script[src]"):
        target = urlparse(urljoin("/" + name, tag.get("href") or tag["src"])).path.lstrip("/")
        files[target] = (output / target).stat().st_size
    return files


def test_every_page_with_its_css_and_javascript_is_under_50_kb(shipped: Path):
    pages = [p for p in shipped.rglob("*.html") if p.relative_to(shipped).as_posix() != SEARCH_PAGE]
    assert len(pages) > 100
    heavy = {p.relative_to(shipped).as_posix(): sum(weight(shipped, p).values()) for p in pages}
    assert {name: size for name, size in heavy.items() if size >= LIMIT} == {}


def test_only_the_search_page_loads_the_search_code(shipped: Path):
    """search.js imports Pagefind; with it the search page weighs some 200 KB (docs/lighthouse.md)."""
    for html in shipped.rglob("*.html"):
        name = html.relative_to(shipped).as_posix()
        loaded = weight(shipped, html)
        assert any(re.fullmatch(r"theme/js/search\.[0-9a-f]+\.js", f) for f in loaded) == (name == SEARCH_PAGE), name
