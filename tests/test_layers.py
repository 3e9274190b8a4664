"""The package's architecture is checked, not only described: .importlinter's contracts, and radon's grades.

import-linter runs in a child process, on the real plugins/ and on a copy with one forbidden import
added, so the contracts are shown to fail as well as to pass. Each run takes about half a second.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_rank, cc_visit

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
PLUGINS = ROOT / "plugins"
CONTRACTS = ROOT / ".importlinter"
NO_CYCLES = "No package-level import cycles"
LAYERS = "The build reads top to bottom"
INPUTS = "Records and checks import nothing of the build"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter's verdict on ``root/plugins/catalog`` under ``root/.importlinter``."""
    run = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run([sys.executable, "-c", run, "--no-cache", "--no-logo"], cwd=root, capture_output=True,
                          text=True, env={"PYTHONPATH": str(root / "plugins"), "PATH": "/usr/bin:/bin",
                                          "COLUMNS": "200"}, timeout=60)


def broken(output: str) -> set[str]:
    """The contracts a run reports broken, by the start of their names."""
    lines = [line for line in output.splitlines() if line.rstrip().endswith("BROKEN")]
    return {name for name in (NO_CYCLES, LAYERS, INPUTS) if any(line.startswith(name) for line in lines)}


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("module", "line", "expected"), [
    # The records reading the build: a layer broken, and the records-and-checks rule, and a cycle.
    ("records/model.py", "from ..generators import CatalogGenerator", {NO_CYCLES, LAYERS, INPUTS}),
    # A check reaching for the site's pages.
    ("checks/names.py", "from ..pages import PageSpec", {LAYERS, INPUTS}),
    # The site importing the pages that import it: a cycle between two modules of catalog/.
    ("site.py", "from .pages import PageSpec", {NO_CYCLES, LAYERS}),
    # The cache layer importing the pipeline above it (the cycle this contract was written against).
    ("incremental/write.py", "from ..session import Session", {NO_CYCLES, LAYERS}),
    # A new module no layer names: the layers contract is exhaustive, so it must be placed.
    ("unplaced.py", "from .records.problems import Problem", {LAYERS}),
])
def test_a_forbidden_import_breaks_the_contracts(tmp_path, module, line, expected):
    shutil.copytree(PLUGINS / "catalog", tmp_path / "plugins" / "catalog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(CONTRACTS, tmp_path / ".importlinter")
    target = tmp_path / "plugins" / "catalog" / module
    target.write_text((target.read_text(encoding="utf-8") if target.exists() else "") + f"\n{line}\n",
                      encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert broken(result.stdout) == expected, result.stdout


def test_no_function_is_above_grade_c():
    """``radon cc -s -n D plugins/`` prints nothing: a function that grows past C is split into named steps."""
    too_complex = [f"{path.relative_to(ROOT)}:{block.lineno} {block.fullname} {cc_rank(block.complexity)} "
                   f"({block.complexity})"
                   for path in sorted(PLUGINS.rglob("*.py"))
                   for block in cc_visit(path.read_text(encoding="utf-8"))
                   if cc_rank(block.complexity) > "C"]
    assert too_complex == []


def test_no_test_file_imports_another():
    """What test files share (fixtures, helpers) lives in conftest.py or a helper module (browser.py, reviewers.py,
    outputs.py, phone_photos.py…): a test file is run on its own, and no other depends on its insides."""
    imports = [f"{path.name}:{node.lineno} {name}"
               for path in sorted(TESTS.rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               for name in ([a.name for a in node.names] if isinstance(node, ast.Import)
                            else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
               if name.split(".")[0].startswith("test_")]
    assert imports == []
