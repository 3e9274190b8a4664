"""`invoke new` as a member of the publicity staff runs it: real invoke, real templates, real build,
and the new story found where a visitor or an inspector would look: its indexes, search, the brochure."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import chromium, serve
from catalog.records.load import load_yaml
from catalog.scaffold import yaml_text
from conftest import page, project_checkout
from PIL import Image
from phone_photos import phone_photo
from pypdf import PdfReader
from search.page import search_page

# What a site checkout holds besides its content: the code, theme, rules and templates.
@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the project with the minimal site's records and stories as its content."""
    return project_checkout(tmp_path / "checkout")


def invoke(root: Path, *args: str, answers: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(root), *args], cwd=root,
                          input=answers, capture_output=True, text=True, timeout=300)


def write_in(file: Path, old: str, new: str) -> None:
    """What the staff member does in the editor: replace the 待补充 text with the real thing."""
    text = file.read_text(encoding="utf-8")
    assert old in text, (old, text)
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.browser
@pytest.mark.slow
def test_a_new_village_story_and_photo_are_checked_then_published_in_their_indexes(checkout: Path, tmp_path: Path):
    # The village by answering the questions; the photo straight from the phone.
    photo = phone_photo(tmp_path / "DCIM" / "IMG_0001.JPG")
    made = invoke(checkout, "new", "village", "--photo", str(photo), "--alt", "新庄村党群服务中心外景",
                  answers="新庄村\n\nlx\n\ndoc-a\n王小红\n\n\n否\n")
    assert made.returncode == 0, made.stderr
    assert "已创建 data/villages/xinzhuang.yml" in made.stdout
    assert "照片已复制为 data/villages/xinzhuang-1.jpg" in made.stdout
    # The story by options, naming the new village and an initiative.
    made = invoke(checkout, "new", "case", "--title", "新庄村：党员中心户联系群众", "--county", "lx",
                  "--villages", "xinzhuang", "--initiatives", "lxjy-zuzhi", "--sources", "doc-a",
                  "--summary", "新庄村确定党员中心户，就近联系群众。", "--writer", "王小红", "--date", "2026-11-30",
                  "--id", "lx-20261130", "--photo", str(phone_photo(tmp_path / "DCIM" / "IMG_0002.JPG", gps=False)),
                  "--alt", "党员中心户门牌", "--people", "否")
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


@pytest.mark.slow
def test_every_wrong_answer_is_reported_at_once_and_nothing_is_written(checkout: Path):
    before = sorted(p.relative_to(checkout) for p in checkout.rglob("*"))
    made = invoke(checkout, "new", "village", "--name", "新庄村", "--county", "wgz", "--sources", "doc-x",
                  "--writer", "王小红")
    assert made.returncode == 1
    assert made.stderr.strip().splitlines() == [
        "--county: “wgz”（王哥庄街道）是乡级区域，这里应填县级区域的编号。",
        "--sources: 未知的来源“doc-x”。可用的有：doc-a、doc-b。是否想写“doc-b”？还没有建这个来源时，先运行 make new KIND=source 建好它。",
        "没有创建文件。请补上或改正以上各项后重新运行。",
    ]
    assert sorted(p.relative_to(checkout) for p in checkout.rglob("*")) == before


@pytest.mark.slow
def test_an_existing_file_is_never_overwritten(checkout: Path):
    village = checkout / "data/villages/xiaowang.yml"
    before = village.read_bytes()
    made = invoke(checkout, "new", "village", "--id", "xiaowang", "--name", "晓望村", "--county", "ls",
                  "--sources", "doc-a", "--writer", "王小红")
    assert made.returncode == 1
    assert "--id: 编号“xiaowang”已经有了（data/villages/xiaowang.yml），不会覆盖它。编号也是网页地址" in made.stderr
    assert village.read_bytes() == before
    # Without --id, a name already taken gets the next free id instead.
    made = invoke(checkout, "new", "village", "--name", "晓望", "--county", "ls", "--sources", "doc-a",
                  "--writer", "王小红")
    assert "已创建 data/villages/xiaowang-2.yml" in made.stdout
    assert village.read_bytes() == before


@pytest.mark.slow
def test_a_wrong_answer_is_asked_again_with_a_suggestion(checkout: Path):
    made = invoke(checkout, "new", "route", answers="新线路\n\nlaixi\nlx\ndoc-b\n王小红\n")
    assert made.returncode == 0, made.stderr
    assert "未知的区域“laixi”" in made.stdout
    route = load_yaml((checkout / "data/routes/xinxianlu.yml").read_text(encoding="utf-8"), "r").data
    assert route["stops"][0]["region"] == "lx" and route["sources"] == ["doc-b"]


@pytest.mark.slow
def test_make_new_asks_what_to_create_first(checkout: Path):
    made = invoke(checkout, "new", "ask", answers="4\n红色传承行动\n\n行动\n市级\nqd\ndoc-a\n王小红\n")
    assert made.returncode == 0, made.stderr
    assert "要新建什么？" in made.stdout
    initiative = load_yaml((checkout / "data/initiatives/hongsechuanchengxingdong.yml").read_text("utf-8"), "i")
    assert (initiative.data["kind"], initiative.data["level"]) == ("行动", "市级")


@pytest.mark.parametrize("value", ["晓望村", "标题: 冒号", "#开头", "- 像列表", "“引号”里的话", 'a "quote"', "结尾:",
                                   "12:30", "no", "010010", "带 # 号"])
def test_answers_are_written_so_they_read_back_exactly(value: str):
    assert load_yaml(f"title: {yaml_text(value)}\n", "t.yml").data == {"title": value}


class Terminal:
    """`invoke new` on a pseudo-terminal, answered as a member of staff types: each answer once its question shows."""

    def __init__(self, root: Path, *args: str):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the real task, as `make new` runs it
            os.chdir(root)
            os.execv(sys.executable, [sys.executable, "-m", "invoke", "--search-root", str(root), *args])
        self.seen = b""

    def read_until(self, wanted: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while wanted.encode() not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                raise AssertionError(f"never asked “{wanted}”:\n{self.seen.decode(errors='replace')}")
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # the child has gone
                chunk = b""
            if not chunk:
                raise AssertionError(f"ended before asking “{wanted}”:\n{self.seen.decode(errors='replace')}")
            self.seen += chunk
        before, _, self.seen = self.seen.partition(wanted.encode())
        return before.decode(errors="replace") + wanted

    def answer(self, question: str, typed: str) -> str:
        shown = self.read_until(question)
        os.write(self.fd, typed.encode() + b"\r")
        return shown

    def finish(self) -> tuple[int, str]:
        rest = self.seen
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            rest += chunk
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status), rest.decode(errors="replace")


def converse(root: Path, kind: str, dialogue: list[tuple[str, str]]) -> str:
    """Run `invoke new <kind>`, typing each answer at its question; the whole transcript, after it succeeded."""
    terminal = Terminal(root, "new", kind)
    transcript = "".join(terminal.answer(question, typed) for question, typed in dialogue)
    code, rest = terminal.finish()
    assert code == 0, transcript + rest
    return transcript + rest


@pytest.mark.slow
def test_make_new_on_a_terminal_for_every_kind_then_check_passes_and_the_pages_are_built(checkout: Path,
                                                                                          tmp_path: Path):
    """Each kind, typed as staff type at a terminal: a county, a source, a village in it with a photo, a story, an
    initiative and a route; once the 待补充 parts are written, `make check` passes and every page is there."""
    said = converse(checkout, "region", [("区域的正式名称", "黄岛区"), ("编号", ""), ("级别", "县级"),
                                         ("上级区域的编号", "qd"), ("行政区划代码", "370211"), ("资料来源的编号", "")])
    assert "编号就是文件名，也是网页地址的一部分（regions/编号/），定下后不要再改" in said
    assert "［huangdao］" in said and "已创建 data/regions/huangdao.yml" in said

    said = converse(checkout, "source", [("资料的标题", "黄岛区 抓党建促乡村振兴工作汇报"), ("编号", "hd-huibao"),
                                         ("发布单位或作者", "黄岛区委组织部"), ("发布日期", "2024年5月"), ("发布日期", "2024-05"),
                                         ("网址", ""), ("可靠程度", "A")])
    assert "日期请写成 2024-04-18" in said  # 2024年5月 refused, and asked again
    assert "已创建 data/sources/hd-huibao.yml" in said

    photo = phone_photo(tmp_path / "DCIM" / "IMG_0101.JPG")
    said = converse(checkout, "village", [
        ("村名", "王家村"), ("编号", "xiaowang"), ("编号", ""), ("所属县", "huang"), ("所属县", "huangdao"),
        ("所属乡镇", ""), ("资料来源的编号", "hd-huibao"), ("撰稿人姓名", "王小红"),
        ("照片文件的位置", f"'{photo}' "), ("照片里是什么", "王家村党群服务中心外景"), ("照片下方的说明", "党群服务中心"),
        ("照片由谁提供", "村委会供图"), ("照片里有能认出是谁的人吗", "是"), ("都同意在网站上公开", "是")])
    assert "编号“xiaowang”已经有了（data/villages/xiaowang.yml），不会覆盖它。编号也是网页地址" in said
    assert "是否想写“huangdao”？" in said
    assert "已创建 data/villages/wangjia.yml" in said and "照片已复制为 data/villages/wangjia-1.jpg" in said

    said = converse(checkout, "case", [
        ("标题", "王家村：党员中心户就近联系群众"), ("编号", ""), ("事情发生的时间", "2024-05"), ("所在地区的编号", "huangdao"),
        ("文中提到的村的编号", "wangjia"), ("涉及的党建举措的编号", ""), ("资料来源的编号", "hd-huibao"),
        ("摘要", "王家村确定党员中心户，就近联系群众。"), ("撰稿人姓名", "王小红"), ("照片文件的位置", "")])
    assert "已创建 content/cases/wangjiacun-dangyuanzhongxin.md" in said

    converse(checkout, "initiative", [("举措的正式名称", "党员中心户联系群众试点"), ("编号", "hd-zhongxinhu"), ("类型", "试点"),
                                      ("级别", "中央"), ("实施地区的编号", "huangdao"), ("资料来源的编号", "hd-huibao"),
                                      ("撰稿人姓名", "王小红")])
    converse(checkout, "route", [("线路名称", "初心如磐 黄岛寻访线"), ("编号", "hd-xunfang"), ("第一站所在地区的编号", "huangdao"),
                                 ("资料来源的编号", "hd-huibao"), ("撰稿人姓名", "王小红")])

    # What the staff member then writes in the editor, where the files say 待补充.
    village, story = checkout / "data/villages/wangjia.yml", checkout / "content/cases/wangjiacun-dangyuanzhongxin.md"
    write_in(village, "待补充：在这里写村情简介。", "王家村位于黄岛区。")
    write_in(story, "待补充：在这里写正文，写完后删掉这一行。", "王家村确定了党员中心户，每户就近联系群众。")
    initiative, route = checkout / "data/initiatives/hd-zhongxinhu.yml", checkout / "data/routes/hd-xunfang.yml"
    write_in(initiative, "待补充：用两三句话概括这项举措。", "在王家村试行党员中心户联系群众。")
    write_in(initiative, "待补充：第一项做法", "确定党员中心户")
    write_in(route, "待补充：用一两句话介绍这条线路。", "黄岛区两处参观点。")
    for n, (name, what) in enumerate((("王家村党群服务中心", "村里的党群服务中心。"), ("黄岛区党史馆", "区里的党史展览。")), 1):
        write_in(route, f"待补充：第{'一二'[n - 1]}站的名称", name)
        write_in(route, f"待补充：这一站是什么（纪念馆、旧址……），有什么可看{'，照资料写' if n == 1 else ''}。"
                 if n == 1 else "待补充：这一站是什么，有什么可看。", what)
    checked = invoke(checkout, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "检查通过" in checked.stdout
    built = invoke(checkout, "build")
    assert built.returncode == 0, built.stderr
    output = checkout / "output"
    assert page(output, "regions/huangdao/").h1.get_text() == "黄岛区"
    assert page(output, "sources/hd-huibao/").h1.get_text(strip=True) == "黄岛区 抓党建促乡村振兴工作汇报"
    shown = page(output, "villages/wangjia/")
    assert shown.select_one("picture img")["alt"] == "王家村党群服务中心外景"
    assert "村委会供图" in shown.select_one("figure figcaption").get_text()
    assert page(output, "cases/wangjiacun-dangyuanzhongxin/").h1.get_text() == "王家村：党员中心户就近联系群众"
    assert "2024年5月" in page(output, "cases/wangjiacun-dangyuanzhongxin/").get_text()  # when it happened
    assert {"中央", "试点"} <= {t.get_text() for t in page(output, "initiatives/hd-zhongxinhu/").select(".tag")}
    assert page(output, "routes/hd-xunfang/").h1.get_text() == "初心如磐 黄岛寻访线"
    # The photo entered the repository without the place it was taken.
    with Image.open(checkout / "data/villages/wangjia-1.jpg") as copied:
        assert not copied.getexif().get_ifd(0x8825)


@pytest.mark.slow
def test_make_new_works_while_an_unrelated_record_is_broken(checkout: Path):
    broken = checkout / "data/villages/baojiashan.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "colour: 红\n", encoding="utf-8")
    made = invoke(checkout, "new", "source", "--title", "莱西市志", "--publisher", "莱西市地方史志办公室", "--grade", "A")
    assert made.returncode == 0, made.stderr
    assert "已创建 data/sources/laixishizhi.yml" in made.stdout
    checked = invoke(checkout, "check")  # the broken record is still reported, and nothing about the new one
    assert "data/villages/baojiashan.yml" in checked.stderr and "laixishizhi" not in checked.stderr


@pytest.mark.slow
def test_a_photo_of_people_who_did_not_agree_is_left_out(checkout: Path, tmp_path: Path):
    photo = phone_photo(tmp_path / "IMG_0200.JPG", gps=False)
    made = invoke(checkout, "new", "village", "--name", "新庄村", "--county", "lx", "--sources", "doc-a",
                  "--writer", "王小红", "--photo", str(photo), "--alt", "村民大会", "--people", "是", "--consent", "否")
    assert made.returncode == 0, made.stderr
    assert "照片没有加上：照片里能认出的人没有同意公开" in made.stdout
    assert "photos: []" in (checkout / "data/villages/xinzhuang.yml").read_text(encoding="utf-8")
    assert not list((checkout / "data/villages").glob("xinzhuang-*"))
