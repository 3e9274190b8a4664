"""A build that cannot write (the disk full, no permission, a read-only output/) says so in Chinese, with what to
do, and leaves output/ exactly as it was; the build after it, once the cause is gone, publishes a whole site."""

from __future__ import annotations

import builtins
import ctypes
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from catalog.failures import WriteFailed, explain
from catalog.incremental import output, write
from conftest import PROJECT, SITES, build_without_search, half_built
from outputs import site_files

PAGE = "villages/xiaowang/index.html"
UNCHANGED = "网站没有更新，output/ 保持上一次的样子。"
DISK_FULL = f"磁盘空间不足：写入 output/{PAGE} 时失败。请清理磁盘、腾出空间后重新运行 make site；{UNCHANGED}"
NOT_ALLOWED = ("没有写入 output/ 的权限：写入 {file} 时被拒绝。请确认 output/ 和它所在的文件夹属于当前用户、允许写入"
               "（例如运行 chmod -R u+w output；曾用 sudo 生成过的，先用 sudo chown -R 改回当前用户），"
               f"然后重新运行 make site；{UNCHANGED}")


def edit(root: Path, old: str, new: str) -> None:
    village = root / "data/villages/xiaowang.yml"
    village.write_text(village.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def failing_write(monkeypatch, error: int) -> None:
    """The page's file fails half-way, as a full disk fails it: the start of the page is written, then the error."""
    real = builtins.open

    def opened(path, mode="r", *args, **kwargs):
        handle = real(path, mode, *args, **kwargs)
        if "x" in mode and str(path).endswith(PAGE):
            handle.write(b"<!DOCTYPE html><html lang=")
            handle.close()
            raise OSError(error, os.strerror(error))  # a failed write names no file
        return handle

    monkeypatch.setattr(output, "open", opened, raising=False)


@pytest.mark.parametrize("workers", [False, True], ids=["in this process", "in forked workers"])
@pytest.mark.parametrize(("error", "said"), [(errno.ENOSPC, DISK_FULL),
                                             (errno.EACCES, NOT_ALLOWED.format(file=f"output/{PAGE}"))],
                         ids=["disk full", "no permission"])
def test_a_page_that_cannot_be_written_is_said_in_chinese_and_output_stays_as_it_was(
        error: int, said: str, workers: bool, minimal: Path, monkeypatch):
    if workers:
        monkeypatch.setattr(write, "PARALLEL_FROM", 1)  # a worker that fails mid-file: this process never hears of it
    build_without_search(minimal)
    good = site_files(minimal / "output")
    times = {p: p.stat().st_mtime_ns for p in (minimal / "output").rglob("*")}
    edit(minimal, "崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。")
    with monkeypatch.context() as failing:
        failing_write(failing, error)
        with pytest.raises(WriteFailed) as failed:
            build_without_search(minimal)
    assert str(failed.value) == said
    assert site_files(minimal / "output") == good
    assert {p: p.stat().st_mtime_ns for p in (minimal / "output").rglob("*")} == times
    assert half_built(minimal) == []
    # The space freed and the edit taken back: the page is as it was, not the half page the failed build left in
    # the standby (a build with nothing to render takes every unchanged file from there).
    edit(minimal, "崂山东麓的茶乡，三面环山。", "崂山东麓的茶乡。")
    build_without_search(minimal)
    assert site_files(minimal / "output") == good
    assert site_files(minimal / ".output-standby") == good


def test_the_folders_beside_output_are_shown_as_output_and_a_file_only_read_is_not_explained(tmp_path: Path):
    final, root = tmp_path / "output", tmp_path

    def said(error: int, filename: str | None) -> str | None:
        failed = explain(OSError(error, os.strerror(error), filename), final, root)
        return None if failed is None else str(failed)

    assert said(errno.EACCES, str(tmp_path / ".output-building-x1/cases/index.html")) == NOT_ALLOWED.format(
        file="output/cases/index.html")
    assert said(errno.EACCES, str(tmp_path / ".output-standby")) == NOT_ALLOWED.format(file="output/")
    assert said(errno.EROFS, str(tmp_path / "output/index.html")) == (
        "磁盘是只读的：写入 output/index.html 时失败。请把项目放到可以写入的磁盘上（或把这块磁盘重新挂载为可写），"
        f"然后重新运行 make site；{UNCHANGED}")
    assert said(errno.ENOSPC, str(tmp_path / ".cache/photos/a.webp")) == (
        f"磁盘空间不足：写入 .cache/photos/a.webp 时失败。请清理磁盘、腾出空间后重新运行 make site；{UNCHANGED}")
    assert said(errno.ENOSPC, None) == f"磁盘空间不足：写入文件时失败。请清理磁盘、腾出空间后重新运行 make site；{UNCHANGED}"
    assert said(errno.EACCES, str(tmp_path / "content/cases/a.md")) is None  # read, not written: said where it is read
    assert said(errno.EIO, str(tmp_path / "output/index.html")) is None


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project with the minimal site as its content."""
    root = tmp_path / "checkout"
    root.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "rules"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    for folder in ("content", "data"):
        shutil.copytree(SITES / "minimal" / folder, root / folder)
    return root


def as_the_folders_modes_say() -> None:
    """In the child, before it runs: root without the capabilities that let it write whatever a folder's mode
    says (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so a read-only folder is read-only to it too."""
    if os.geteuid() == 0:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
        for capability in (1, 2, 3):
            if prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone from what exec gives root
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.slow
@pytest.mark.parametrize("read_only", ["output", "."], ids=["output/", "the folder output/ is in"])
def test_invoke_build_with_a_read_only_output_says_what_to_do(read_only: str, checkout: Path):
    (checkout / "output").mkdir()
    (checkout / "output/index.html").write_text("上一次的网站", encoding="utf-8")
    (checkout / read_only).chmod(0o555)
    try:
        built = subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(checkout), "build"],
                               cwd=checkout, capture_output=True, text=True, timeout=300,
                               preexec_fn=as_the_folders_modes_say)
    finally:
        (checkout / read_only).chmod(0o755)
    assert (built.returncode, built.stderr) == (1, NOT_ALLOWED.format(file="output/") + "\n")
    assert sorted(p.name for p in (checkout / "output").iterdir()) == ["index.html"]
    assert (checkout / "output/index.html").read_text(encoding="utf-8") == "上一次的网站"
