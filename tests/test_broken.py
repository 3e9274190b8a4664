"""One broken-input fixture per kind of defect, each with the exact report staff see.

tests/sites/broken/<defect>/ holds the files laid over the minimal site and
expected.txt, the whole report. A new kind of defect is a new folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SITES, build_site, check_site, copy_site, failure

BROKEN = sorted(p for p in (SITES / "broken").iterdir() if p.is_dir())


def expected(defect: Path) -> str:
    return (defect / "expected.txt").read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("defect", BROKEN, ids=lambda p: p.name)
def test_check_reports_the_defect_exactly(defect: Path, tmp_path: Path):
    root = copy_site("minimal", tmp_path, defect)
    assert failure(check_site, root) == expected(defect)


@pytest.mark.parametrize("defect", [d for d in BROKEN if d.name in ("unsafe-html", "no-title", "yaml-syntax")],
                         ids=lambda p: p.name)
def test_build_fails_the_same_way_and_writes_nothing(defect: Path, tmp_path: Path):
    root = copy_site("minimal", tmp_path, defect)
    assert failure(build_site, root) == expected(defect)
    assert not (root / "output").exists()


def test_two_broken_files_are_both_reported(tmp_path: Path):
    """Problems from records and from stories come in one sorted report, one summary."""
    defects = [SITES / "broken" / name for name in ("yaml-syntax", "unsafe-html", "invalid-date")]
    root = copy_site("minimal", tmp_path, *defects)
    lines = sorted(line for d in defects for line in expected(d).splitlines()[:-1])
    assert failure(check_site, root).splitlines() == [
        *lines, "共发现 7 个错误，涉及 4 个文件。请按上面的提示逐条修改后重新运行。"]


def test_every_fixture_breaks_only_what_it_names(tmp_path: Path):
    """The minimal site itself is valid, so each report comes from its overlay alone."""
    check_site(copy_site("minimal", tmp_path))
