"""The bootstrap script: package list parsing and what it says when it cannot install."""

from __future__ import annotations

import importlib.util
import subprocess

import pytest
from conftest import PROJECT

spec = importlib.util.spec_from_file_location("bootstrap", PROJECT / "tools" / "bootstrap.py")
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)


def test_package_list_ignores_comments_and_blank_lines():
    text = "# fonts for the brochure\nfonts-noto-cjk\n\nchromium  # browser tests\n"
    assert bootstrap.wanted_packages(text) == ["fonts-noto-cjk", "chromium"]


def test_without_root_or_sudo_it_prints_the_exact_command(monkeypatch, capsys):
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as exited:
        bootstrap.install_system_packages(["fonts-noto-cjk"])
    assert exited.value.code == 1
    out = capsys.readouterr().out
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-noto-cjk" in out


def test_the_lock_pins_every_package_exactly():
    lines = [line for line in (PROJECT / "requirements.lock").read_text().splitlines() if line and line[0] != "#"]
    assert lines and all("==" in line for line in lines)


def test_the_lock_holds_every_direct_pin_of_pyproject():
    """A pin added to pyproject.toml but not to the lock installs nowhere: CI once failed on `import brotli`."""
    import tomllib

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    direct = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    locked = {line.split("==")[0].lower().replace("_", "-"): line.split("==")[1]
              for line in (PROJECT / "requirements.lock").read_text().splitlines() if line and line[0] != "#"}
    for pin in direct:
        name, version = pin.split("==")
        name = name.split("[")[0].lower().replace("_", "-")
        assert locked.get(name) == version, f"{pin} is not in requirements.lock (run: invoke lock)"


def test_the_project_files_the_readme_promises_exist():
    for name in ["Makefile", "tasks.py", "pyproject.toml", "requirements.lock", ".ci/run", "README.md",
                 "pelicanconf.py", "publishconf.py"]:
        assert (PROJECT / name).is_file(), name
    assert "make test" in (PROJECT / ".ci/run").read_text()
    assert subprocess.run(["bash", "-n", str(PROJECT / ".ci/run")]).returncode == 0
