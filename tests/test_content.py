"""The content shipped in the repository builds, with nothing reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PROJECT, build_site, page


def test_shipped_content_builds_cleanly(tmp_path: Path):
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copytree(PROJECT / "data", root / "data")
    built = build_site(root)
    assert built.pages > 10
    home = page(root / "output", "")
    assert home.select("main a"), "the home page links to content"
