"""The search bundle a build publishes is whole, or the build fails and output/ is left as it was (issue 13).

The cause of the empty ``wasm.unknown.pagefind`` of issue 13 is reproduced
here: Pagefind's ``WriteFiles`` replied while its last writes were still
queued, and the process ended with them when its stdin closed. A slow write
(strace holds it back for a second, as a busy disk or a loaded machine did)
made it happen every time; the bundle is now written by us. Bundles cut short
between Pagefind and the swap, bundles kept from an earlier build, and a disk
that fills while the bundle is written are each shown refused.
"""

from __future__ import annotations

import errno
import json
import gzip
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, search_settled, serve
from catalog import urls
from catalog.records.problems import BuildFailed
from catalog.search import bundle
from catalog.search.bundle import defects
from catalog.search.index import SearchRecord, write_index
from catalog.search.job import IndexJob, start_index
from conftest import build_site, copy_site, half_built
from pagefind.service import get_executable
from selenium.webdriver.common.by import By
from outputs import site_files

RECORDS = [SearchRecord(f"villages/v{i}/", f"第{i}村", "村", ("莱西市",), f"第{i}村发展油茶种植，带动群众增收。")
           for i in range(30)]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_index(RECORDS, tmp_path_factory.mktemp("whole"))


def copied(folder: Path, into: Path) -> Path:
    shutil.copytree(folder, into)
    return into


def can_trace() -> bool:
    return bool(shutil.which("strace")) and subprocess.run(["strace", "-o", "/dev/null", "true"]).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not can_trace(), reason="needs strace, allowed to trace (packages.apt installs it; CI runs as root)")
def test_a_bundle_is_whole_even_when_pagefinds_own_writes_are_slow(tmp_path: Path, monkeypatch):
    """The cause: with WriteFiles, the WebAssembly was left empty (0 bytes) by this every time."""
    folder = tmp_path / "out" / urls.SEARCH_BUNDLE
    slow = tmp_path / "pagefind"  # Pagefind, with its write of the WebAssembly held back for a second
    slow.write_text(f"#!/bin/sh\nexec strace -f -qq -o /dev/null -P {folder}/wasm.unknown.pagefind -e trace=write "
                    f"-e inject=write:delay_enter=1000000 {get_executable()} \"$@\"\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow))
    assert write_index(RECORDS, tmp_path / "out") == folder
    assert (folder / "wasm.unknown.pagefind").stat().st_size > 60_000
    assert defects(folder) == []


def test_a_whole_bundle_has_no_defects(whole: Path):
    assert defects(whole) == [] and bundle.defects_kept(whole) == []
    assert {p.name for p in whole.iterdir()} >= {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json",
                                                  "wasm.unknown.pagefind", "fragment", "index"}
    assert not (whole / "filter").exists()  # no filters: Pagefind would order their values at random


def test_each_way_a_bundle_can_be_broken_is_named(whole: Path, tmp_path: Path):
    folder = copied(whole, tmp_path / "b")
    fragment = sorted((folder / "fragment").iterdir())[0]
    chunk = sorted((folder / "index").iterdir())[0]
    fragment.unlink()
    chunk.write_bytes(chunk.read_bytes()[:40])
    (folder / "wasm.unknown.pagefind").write_bytes(b"")
    (folder / "pagefind-worker.js").unlink()
    meta = next(folder.glob("pagefind.*.pf_meta"))
    assert sorted(defects(folder)) == sorted([
        "pagefind-worker.js 不存在",
        f"fragment/{fragment.name} 不存在",
        f"index/{chunk.name} 不完整（40 字节，压缩数据在中途断了）",
        "wasm.unknown.pagefind 是空文件（0 字节）"])
    assert sorted(bundle.defects_kept(folder)) == sorted([  # a kept bundle: what a lost write leaves
        "pagefind-worker.js 不存在", f"fragment/{fragment.name} 不存在", "wasm.unknown.pagefind 是空文件（0 字节）"])
    (folder / "wasm.unknown.pagefind").write_bytes(gzip.compress(bundle.SIGNATURE + b"<html>"))
    (folder / "pagefind-entry.json").write_text('{"version": "1.5.2", "langu', encoding="utf-8")
    assert "wasm.unknown.pagefind 解压后不是 WebAssembly 模块" in defects(folder)
    assert "pagefind-entry.json 不完整（27 字节，不是完整的 JSON）" in defects(folder)
    assert f"{meta.name} 不存在" not in defects(folder)  # the entry is unreadable: what it names is unknown


def cut_short(times: int, monkeypatch) -> list[Path]:
    """The bundle's WebAssembly emptied as each of the first ``times`` index jobs hands it over."""
    handed: list[Path] = []
    finish = IndexJob.finish

    def emptied(job: IndexJob) -> Path:
        folder = finish(job)
        handed.append(folder)
        if len(handed) <= times:
            (folder / "wasm.unknown.pagefind").write_bytes(b"")
        return folder

    monkeypatch.setattr(IndexJob, "finish", emptied)
    return handed


def searchable_change(root: Path, text: str = "三面环山") -> None:
    village = root / "data/villages/xiaowang.yml"
    village.write_text(village.read_text(encoding="utf-8").replace("崂山东麓的茶乡。", f"崂山东麓的茶乡，{text}。"),
                       encoding="utf-8")


@pytest.mark.slow
def test_a_bundle_cut_short_before_the_swap_is_written_again(tmp_path: Path, monkeypatch):
    root = copy_site("minimal", tmp_path)
    handed = cut_short(1, monkeypatch)
    build_site(root)
    assert len(handed) == 2  # the first, cut short, refused; the second published
    assert defects(root / "output" / urls.SEARCH_BUNDLE) == [] and not half_built(root)


@pytest.mark.slow
def test_a_bundle_cut_short_twice_is_refused_and_output_is_left_as_it_was(tmp_path: Path, monkeypatch):
    root = copy_site("minimal", tmp_path)
    build_site(root)
    before = site_files(root / "output")
    searchable_change(root)
    handed = cut_short(2, monkeypatch)
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert str(failed.value).splitlines()[0] == (
        f"{urls.SEARCH_BUNDLE}: 站内搜索索引写了两次都不完整：wasm.unknown.pagefind 是空文件（0 字节）。output/ 没有被改动。"
        "请再运行一次；仍然出错请联系技术人员，并附上这段提示。 [search-index]")
    assert len(handed) == 2 and site_files(root / "output") == before and not half_built(root)
    monkeypatch.undo()
    build_site(root)
    assert defects(root / "output" / urls.SEARCH_BUNDLE) == []


@pytest.mark.slow
@pytest.mark.parametrize("how", ["the WebAssembly emptied", "every file emptied"])
def test_a_kept_bundle_that_is_not_whole_is_made_again(how: str, tmp_path: Path):
    """As builds before this fix left it: the next builds kept 70 empty files while nothing searchable changed."""
    root = copy_site("minimal", tmp_path)
    build_site(root)
    folder = root / "output" / urls.SEARCH_BUNDLE
    whole = site_files(folder)
    for path in [folder / "wasm.unknown.pagefind"] if how == "the WebAssembly emptied" else folder.rglob("*.*[a-z]"):
        path.open("wb").close()  # emptied in place: output/ and the standby share the file
    build_site(root)  # nothing changed
    assert site_files(folder) == whole


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB file system of its own (tmpfs), so that it can be filled."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a tmpfs (CI runs as root); the injected ENOSPC test covers the rest")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """All of the disk's free space taken but ``leave`` bytes."""
    filler = disk / "filler"
    found = os.statvfs(disk)
    with open(filler, "wb") as out:
        os.posix_fallocate(out.fileno(), 0, found.f_bavail * found.f_frsize - leave)
    return filler


@pytest.mark.slow
def test_a_disk_that_fills_while_the_index_is_written_fails_the_build_and_the_next_one_is_whole(small_disk: Path,
                                                                                                 monkeypatch):
    root = copy_site("minimal", small_disk)
    build_site(root)
    before = site_files(root / "output")
    searchable_change(root)
    filled: list[Path] = []

    class FilledFirst:  # the real job, started once the pages are written, on a disk left 96 KB
        def __init__(self, records: list, scratch: Path) -> None:
            self.records, self.scratch = records, scratch

        def finish(self) -> Path:
            filled.append(fill(small_disk, 96 * 1024))
            return start_index(self.records, self.scratch).finish()

        def cancel(self) -> None:
            pass

    monkeypatch.setattr("catalog.incremental.finish.start_index", FilledFirst)
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    report = str(failed.value)
    assert report.startswith(f"{urls.SEARCH_BUNDLE}: 磁盘已满：写站内搜索索引（{urls.SEARCH_BUNDLE}") and "没有剩余空间" in report
    assert "output/ 没有被改动。请删除不需要的文件，腾出空间后再重新生成网站。 [disk-full]" in report and "Errno" not in report
    assert site_files(root / "output") == before and not half_built(root)
    monkeypatch.undo()
    filled[0].unlink()  # space freed
    build_site(root)
    assert defects(root / "output" / urls.SEARCH_BUNDLE) == []
    clean = copy_site("minimal", small_disk / "clean")
    searchable_change(clean)
    build_site(clean)
    assert site_files(root / "output" / urls.SEARCH_BUNDLE) == site_files(clean / "output" / urls.SEARCH_BUNDLE)


@pytest.mark.slow
def test_an_injected_enospc_while_the_bundle_is_written_says_the_disk_is_full(tmp_path: Path, monkeypatch):
    """The same, on any machine: the index written in this process, its seventh file refused as a full disk would."""
    root = copy_site("minimal", tmp_path)
    build_site(root)
    before = site_files(root / "output")
    searchable_change(root)
    opened: list[str] = []

    def full_open(path: Path, mode: str):
        opened.append(f"{path.parent.name}/{path.name}")
        if len(opened) == 7:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return open(path, mode)

    class InProcess:
        def __init__(self, records: list, scratch: Path) -> None:
            self.records, self.scratch = records, scratch

        def finish(self) -> Path:
            return write_index(self.records, self.scratch)

        def cancel(self) -> None:
            pass

    monkeypatch.setattr("catalog.incremental.finish.start_index", InProcess)
    monkeypatch.setattr(bundle, "open", full_open, raising=False)
    with pytest.raises(BuildFailed) as failed:
        build_site(root)
    assert str(failed.value).startswith(f"{urls.SEARCH_BUNDLE}: 磁盘已满：写站内搜索索引（{urls.SEARCH_BUNDLE}{opened[-1]}）时")
    assert site_files(root / "output") == before and not half_built(root)
    monkeypatch.undo()
    build_site(root)
    assert defects(root / "output" / urls.SEARCH_BUNDLE) == []


@pytest.mark.browser
def test_a_broken_bundle_is_told_to_the_visitor_in_chinese_and_to_the_console_as_it_is(tmp_path: Path):
    root = copy_site("minimal", tmp_path)
    build_site(root)
    (root / "output" / urls.SEARCH_BUNDLE / "wasm.unknown.pagefind").write_bytes(b"")  # as issue 13 found it
    browser = chromium(tmp_path / "profile")
    try:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
            window.logged = []; const error = console.error;
            console.error = (...parts) => { window.logged.push(parts.map(String).join(" ")); error(...parts); };"""})
        with serve(root / "output") as url:
            browser.get(url + "search/?q=茶园")
            search_settled(browser)
            assert browser.find_element(By.ID, "search-status").text == "搜索暂时无法使用，请稍后再试，或从上方的栏目浏览。"
            logged = browser.execute_script("return window.logged")
    finally:
        browser.quit()
    ours = [line for line in logged if line.startswith("Site search failed (Pagefind bundle ")]
    assert len(ours) == 1 and "Error" in ours[0], logged


def test_a_bundle_in_parts_is_whole_only_with_every_part(tmp_path: Path, monkeypatch):
    """A large site's index is written one Pagefind process after another (index.py): each part is checked."""
    monkeypatch.setattr("catalog.search.index.SHARD_CHARACTERS", 200)
    folder = write_index(RECORDS, tmp_path / "out")
    parts = json.loads((folder / "bundles.json").read_text(encoding="utf-8"))
    assert parts == [f"parts/{n}/" for n in range(1, len(parts) + 1)] and len(parts) >= 2
    assert defects(folder) == [] and bundle.defects_kept(folder) == []
    assert not (folder / parts[0] / "pagefind.js").exists()  # a part is searched with the bundle's scripts
    meta = next((folder / parts[-1]).glob("pagefind.*.pf_meta"))
    meta.write_bytes(b"")
    chunk = sorted((folder / parts[0] / "index").iterdir())[0]
    chunk.unlink()
    found = defects(folder)
    assert f"{parts[-1]}{meta.name} 是空文件（0 字节）" in found
    assert f"{parts[0]}index/{chunk.name} 不存在" in found
    assert f"{parts[0]}index/{chunk.name} 不存在" in bundle.defects_kept(folder)
