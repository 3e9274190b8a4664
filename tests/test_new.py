"""`invoke new` as a member of the publicity staff runs it: real invoke, real templates, real build,
and the new story found where a visitor or an inspector would look: its indexes, search, the brochure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import chromium, serve
from catalog.records.load import load_yaml
from catalog.scaffold import yaml_text
from conftest import PROJECT, SITES, page
from pypdf import PdfReader
from search.page import search_page
from test_photos import phone_photo

# What a site checkout holds besides its content: the code, theme, rules and templates.
PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "rules", "scaffold")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project with the minimal site's records and stories as its content."""
    root = tmp_path / "checkout"
    root.mkdir()
    for name in PROJECT_FILES:
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    for folder in ("content", "data"):
        shutil.copytree(SITES / "minimal" / folder, root / folder)
    return root


def invoke(root: Path, *args: str, answers: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(root), *args], cwd=root,
                          input=answers, capture_output=True, text=True, timeout=300)


def write_in(file: Path, old: str, new: str) -> None:
    """What the staff member does in the editor: replace the 待补充 text with the real thing."""
    text = file.read_text(encoding="utf-8")
    assert old in text, (old, text)
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_a_new_village_story_and_photo_are_checked_then_published_in_their_indexes(checkout: Path, tmp_path: Path):
    # The village by answering the questions; the photo straight from the phone.
    photo = phone_photo(tmp_path / "DCIM" / "IMG_0001.JPG")
    made = invoke(checkout, "new", "village", "--photo", str(photo), "--alt", "新庄村党群服务中心外景",
                  answers="新庄村\nlx\n\ndoc-a\n王小红\n")
    assert made.returncode == 0, made.stderr
    assert "已创建 data/villages/xinzhuang.yml" in made.stdout
    assert "照片已复制为 data/villages/xinzhuang-1.jpg" in made.stdout
    # The story by options, naming the new village and an initiative.
    made = invoke(checkout, "new", "case", "--title", "新庄村：党员中心户联系群众", "--county", "lx",
                  "--villages", "xinzhuang", "--initiatives", "lxjy-zuzhi", "--sources", "doc-a",
                  "--summary", "新庄村确定党员中心户，就近联系群众。", "--writer", "王小红", "--date", "2026-11-30",
                  "--photo", str(phone_photo(tmp_path / "DCIM" / "IMG_0002.JPG", gps=False)), "--alt", "党员中心户门牌")
    assert made.returncode == 0, made.stderr
    story = checkout / "content/cases/lx-20261130.md"
    village = checkout / "data/villages/xinzhuang.yml"

    # Until the 待补充 parts are written, the check says exactly where they are.
    checked = invoke(checkout, "check")
    assert checked.returncode == 1
    lines = village.read_text(encoding="utf-8").splitlines()
    profile_line = next(n for n, line in enumerate(lines, 1) if line.startswith("profile:"))
    assert f"data/villages/xinzhuang.yml:{profile_line}: profile: 有未完成的占位写法“待补充”" in checked.stderr
    body_line = story.read_text(encoding="utf-8").splitlines().index("待补充：在这里写正文，写完后删掉这一行。") + 1
    assert f"content/cases/lx-20261130.md:{body_line}: 有未完成的占位写法“待补充”" in checked.stderr

    write_in(village, "待补充：在这里写村情简介。", "新庄村位于莱西市。")
    write_in(story, "待补充：在这里写正文，写完后删掉这一行。", "新庄村确定了党员中心户，每户就近联系群众。")
    built = invoke(checkout, "build")
    assert built.returncode == 0, built.stderr
    output = checkout / "output"
    assert page(output, "cases/lx-20261130/").h1.get_text() == "新庄村：党员中心户联系群众"
    titles = lambda url: [a.get_text() for a in page(output, url).select("main a")]  # noqa: E731
    assert "新庄村：党员中心户联系群众" in titles("regions/lx/")  # its county's index
    assert "新庄村：党员中心户联系群众" in titles("initiatives/lxjy-zuzhi/")  # its initiative's index
    assert "新庄村：党员中心户联系群众" in titles("villages/xinzhuang/")  # and the village it names
    assert "新庄村" in titles("regions/lx/")
    picture = page(output, "villages/xinzhuang/").select_one("picture img")
    assert picture["alt"] == "新庄村党群服务中心外景"
    assert page(output, "cases/lx-20261130/").select_one(".story picture img")["alt"] == "党员中心户门牌"
    assert not list(output.rglob("xinzhuang-1.jpg")) and not list(output.rglob("lx-20261130-1.jpg"))
    assert not list(output.rglob("IMG_000*"))  # never the original
    # The site's search finds them, in real Chromium through the real search page.
    driver = chromium(tmp_path / "profile")
    try:
        with serve(output) as url:
            assert search_page(driver, url, "每户就近联系群众")["urls"] == ["cases/lx-20261130/"]
            assert "villages/xinzhuang/" in search_page(driver, url, "新庄村")["urls"]
    finally:
        driver.quit()
    # The whole-site brochure `make site` publishes prints the new story and village too.
    printed = "".join("".join(p.extract_text().split()) for p in PdfReader(output / "downloads/chengguo-huibian.pdf").pages)
    assert "新庄村：党员中心户联系群众" in printed
    assert "新庄村位于莱西市。" in printed


def test_every_wrong_answer_is_reported_at_once_and_nothing_is_written(checkout: Path):
    before = sorted(p.relative_to(checkout) for p in checkout.rglob("*"))
    made = invoke(checkout, "new", "village", "--name", "新庄村", "--county", "wgz", "--sources", "doc-x",
                  "--writer", "王小红")
    assert made.returncode == 1
    assert made.stderr.strip().splitlines() == [
        "--county: “wgz”（王哥庄街道）是乡级区域，这里应填县级区域的编号。",
        "--sources: 未知的来源“doc-x”。可用的有：doc-a、doc-b。是否想写“doc-b”？",
        "没有创建文件。请补上或改正以上各项后重新运行。",
    ]
    assert sorted(p.relative_to(checkout) for p in checkout.rglob("*")) == before


def test_an_existing_file_is_never_overwritten(checkout: Path):
    village = checkout / "data/villages/xiaowang.yml"
    before = village.read_bytes()
    made = invoke(checkout, "new", "village", "--id", "xiaowang", "--name", "晓望村", "--county", "ls",
                  "--sources", "doc-a", "--writer", "王小红")
    assert made.returncode == 1
    assert "编号为“xiaowang”的示范村已经存在，不会覆盖它" in made.stderr
    assert village.read_bytes() == before
    # Without --id, a name already taken gets the next free id instead.
    made = invoke(checkout, "new", "village", "--name", "晓望", "--county", "ls", "--sources", "doc-a",
                  "--writer", "王小红")
    assert "已创建 data/villages/xiaowang-2.yml" in made.stdout
    assert village.read_bytes() == before


def test_a_wrong_answer_is_asked_again_with_a_suggestion(checkout: Path):
    made = invoke(checkout, "new", "route", answers="新线路\nlaixi\nlx\ndoc-b\n王小红\n")
    assert made.returncode == 0, made.stderr
    assert "未知的区域“laixi”" in made.stdout
    route = load_yaml((checkout / "data/routes/xinxianlu.yml").read_text(encoding="utf-8"), "r").data
    assert route["stops"][0]["region"] == "lx" and route["sources"] == ["doc-b"]


def test_make_new_asks_what_to_create_first(checkout: Path):
    made = invoke(checkout, "new", "ask", answers="4\n红色传承行动\n行动\n市级\nqd\ndoc-a\n王小红\n")
    assert made.returncode == 0, made.stderr
    assert "要新建什么？" in made.stdout
    initiative = load_yaml((checkout / "data/initiatives/hongsechuanchengxingdong.yml").read_text("utf-8"), "i")
    assert (initiative.data["kind"], initiative.data["level"]) == ("行动", "市级")


@pytest.mark.parametrize("value", ["晓望村", "标题: 冒号", "#开头", "- 像列表", "“引号”里的话", 'a "quote"', "结尾:",
                                   "12:30", "no", "010010", "带 # 号"])
def test_answers_are_written_so_they_read_back_exactly(value: str):
    assert load_yaml(f"title: {yaml_text(value)}\n", "t.yml").data == {"title": value}
