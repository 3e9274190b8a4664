"""Files made to crash, hang or leak the build: each reported at its file and line, by every way of reading.

The build reads files in three ways: ``invoke check`` and ``invoke build`` read each file through the memo
(incremental/reading.py), forked workers read them first when there are many, and ``invoke serve`` keeps one
Session that reads only what changed. A file that cannot be read must give the same report by each.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from catalog.incremental import reading
from catalog.session import Session
from catalog.workers import fork_map
from catalog.records.inputs import leaves, unread
from catalog.nesting import measure
from catalog.records.problems import BuildFailed
from conftest import SETTINGS, SITES, build_site, check_site, copy_site, failure, site_settings

VILLAGE = "name: {name}\ncounty: lx\nsources: [doc-a]\n"
STORY = "---\ntitle: {title}\ndate: 2024-05-01\ncounty: lx\nsources: [doc-a]\n---\n\n第一段。\n"
BOMB = "".join(f"l{i}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]\n" for i in range(1, 10))


def hostile(root: Path) -> dict[str, str]:
    """One of each kind of file that used to crash or hang the build, laid into the site; rule by file."""
    villages, cases = root / "data/villages", root / "content/cases"
    (villages / "bomb.yml").write_text(VILLAGE.format(name="别名村") + 'l0: &a ["lol", "lol"]\n' + BOMB, encoding="utf-8")
    (villages / "deep.yml").write_text(VILLAGE.format(name="深村") + "figures: " + "[" * 10_000 + "]" * 10_000 + "\n",
                                       encoding="utf-8")
    (villages / "gbk.yml").write_bytes(VILLAGE.format(name="国标村").encode("gbk"))
    (villages / "photo.yml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (cases / "gbk.md").write_bytes(STORY.format(title="国标编码的案例").encode("gbk"))
    (cases / "leak.md").symlink_to("/etc/passwd")
    (cases / "deep.md").write_text(STORY.format(title="嵌套的案例") + "- " * 5_000 + "x\n", encoding="utf-8")
    return {"data/villages/bomb.yml": "yaml-alias", "data/villages/deep.yml": "yaml-depth",
            "data/villages/gbk.yml": "file-encoding", "data/villages/photo.yml": "file-encoding",
            "content/cases/gbk.md": "file-encoding", "content/cases/leak.md": "file-link",
            "content/cases/deep.md": "story-depth"}


def rules(report: str) -> dict[str, str]:
    return {line.split(":")[0]: line.rsplit("[", 1)[1].rstrip("]") for line in report.splitlines()[:-1]}


def timed_failure(action, *args) -> str:
    start = time.perf_counter()
    with pytest.raises(BuildFailed) as raised:
        action(*args)
    assert time.perf_counter() - start < 5
    return str(raised.value)


def test_every_way_of_reading_reports_hostile_files_alike(tmp_path: Path, monkeypatch):
    root = copy_site("minimal", tmp_path)
    expected = hostile(root)
    report = timed_failure(check_site, root)
    assert rules(report) == expected
    assert timed_failure(build_site, root) == report
    assert not (root / "output").exists()
    assert timed_failure(check_site, root) == report  # again, from what the first runs left in the memo
    monkeypatch.setattr(reading, "PARALLEL_FROM", 1)  # read first by forked workers, as when there are many files
    forked = []
    monkeypatch.setattr(reading, "fork_map", lambda work, shares: forked.append(len(shares)) or fork_map(work, shares))
    assert timed_failure(Session(SETTINGS, site_settings(root), on_disk=False, workers=2).check) == report
    assert forked == [2]

    serving = Session(SETTINGS, site_settings(root), serving=True, on_disk=False)  # invoke serve
    assert timed_failure(serving.check) == report
    gbk = root / "data/villages/gbk.yml"
    gbk.write_text(VILLAGE.format(name="国标村"), encoding="utf-8")  # saved again as UTF-8
    assert rules(timed_failure(serving.check, [gbk])) == {k: v for k, v in expected.items() if k != str(
        gbk.relative_to(root))}


@pytest.mark.parametrize("defect", ["yaml-alias-bomb", "not-utf8"])
def test_build_reports_them_as_check_does_and_writes_nothing(defect: str, tmp_path: Path):
    fixture = SITES / "broken" / defect
    root = copy_site("minimal", tmp_path, fixture)
    assert failure(build_site, root) == (fixture / "expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert not (root / "output").exists()


def test_a_link_to_a_folder_is_reported_not_skipped(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "story.md").write_text(STORY.format(title="别处的案例"), encoding="utf-8")
    root = copy_site("minimal", tmp_path)
    (root / "content/cases/elsewhere").symlink_to(elsewhere, target_is_directory=True)
    assert failure(check_site, root).splitlines()[0] == (
        f"content/cases/elsewhere: 这是一个文件夹链接（符号链接），指向“{elsewhere}”。生成网站时不会进入链接的文件夹，"
        "里面的文件不会出现在网站上：请把文件本身放进来，或删除这个链接。 [file-link]")


def test_a_link_within_its_folder_is_read_and_only_the_extensions_read_there_must_be_lower_case(tmp_path: Path):
    cases = tmp_path / "content/cases"
    cases.mkdir(parents=True)
    (cases / "a.md").write_text("x", encoding="utf-8")
    (cases / "b.md").symlink_to("a.md")
    (cases / "out.md").symlink_to(tmp_path / "secret.md")
    (tmp_path / "elsewhere").mkdir()
    (cases / "elsewhere").symlink_to(tmp_path / "elsewhere")
    assert not leaves(cases / "b.md", tmp_path)
    assert leaves(cases / "out.md", tmp_path) and leaves(cases / "elsewhere/c.md", tmp_path)
    named = [cases / name for name in ("IMG_0001.JPG", "a.md", "晓望村.MD", "新庄.Markdown")]
    assert [(p.path, p.rule) for p in unread(named, [], tmp_path, (".md", ".markdown"))] == [
        ("content/cases/晓望村.MD", "file-name"), ("content/cases/新庄.Markdown", "file-name")]


def test_a_story_body_is_measured_before_it_is_rendered():
    story = "第一段。\n\n- 一\n    - 二\n        - 三\n\n> 引用\n> > 引用里的引用\n\n[链接](https://example.org/) [^1]\n\n" \
            "```\n" + " " * 40 + "缩进的代码\n```\n\n[^1]: 注释。\n"
    assert measure(story) is None
    assert measure("[链接](https://example.org/)。" * 5_000) is None
    assert measure("第一段。\n\n" + "> " * 500 + "深\n") == measure("第一段。\n\n" + "- " * 500 + "深\n")
    assert measure("第一段。\n\n" + "> " * 500 + "深\n").offset == len("第一段。\n\n")
    assert measure("".join("    " * i + "- 项\n" for i in range(60))).what == "depth"
    assert measure("[" * 3_000 + "x\n").what == "brackets"
    assert measure("[" * 2_000 + "x" + "]" * 2_000).what == "brackets"
    start = time.perf_counter()
    assert measure("[" * 100_000 + "字" * 100_000).what == "brackets"
    assert time.perf_counter() - start < 0.5


def test_a_link_out_is_never_opened(tmp_path: Path, monkeypatch):
    """A link to a pipe or a device would hang the build, or fill its memory, if it were read."""
    root = copy_site("minimal", tmp_path)
    os.symlink("/dev/zero", root / "content/cases/zero.md")
    os.symlink("/dev/zero", root / "data/villages/zero.yml")
    assert rules(timed_failure(check_site, root)) == {"content/cases/zero.md": "file-link",
                                                      "data/villages/zero.yml": "file-link"}


def test_files_saved_by_notepad_with_a_byte_order_mark_and_crlf_are_read(tmp_path: Path):
    root = copy_site("minimal", tmp_path)
    for file in (root / "data/villages/xiaowang.yml", root / "content/cases/case-a.md"):
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert check_site(root).catalog.villages["xiaowang"].name == "晓望村"
