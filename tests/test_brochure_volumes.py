"""The brochures `make site` publishes: one per county, the whole site's while it is short, each re-typeset
only when its own content changed (seen in the brochure cache, not by timing)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from browser import axe_violations, horizontal_overflow, serve
from catalog.brochure import settings as brochure_settings
from catalog.brochure.blocks import Layout, Para, PhotoBlock, plain
from catalog.brochure.parallel import render_all
from catalog.brochure.typeset import Job, RenderFailed
from catalog.brochure.volumes import estimated_pages
from catalog.build import build
from conftest import PROJECT, SETTINGS, page, site_settings
from pypdf import PdfReader

COUNTIES = {"lx": "莱西市", "ls": "崂山区"}
# Printed only in the one county's brochure: its village, and its case.
ONLY_IN = {"lx": ("前保驾山村的红色传承",), "ls": ("晓望村的茶乡振兴", "晓望村依托茶园发展乡村旅游。")}


def text_of(pdf: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)


def cached(root: Path) -> set[str]:
    return {p.name for p in (root / ".cache" / "brochures").glob("*.pdf")}


def build_with_brochures(root: Path, **extra) -> Path:
    return build(SETTINGS, {**site_settings(root, brochure=True), **extra}).output


@pytest.mark.slow
def test_each_county_has_its_brochure_linked_from_its_page_and_the_home_page(minimal: Path):
    output = build_with_brochures(minimal)
    home = page(output, "")
    listed = {a["href"]: a.parent.get_text() for a in home.select("#downloads a")}
    assert len(listed) == 3  # the whole site's, then each county's
    for county, name in COUNTIES.items():
        pdf = output / f"downloads/chengguo-huibian-{county}.pdf"
        text, pages = text_of(pdf), len(PdfReader(pdf).pages)
        other = next(c for c in COUNTIES if c != county)
        assert all(t in text for t in ONLY_IN[county]) and not any(t in text for t in ONLY_IN[other]), county
        assert f"党建引领乡村振兴成果汇编{name}" in text  # the cover names the county under the title
        size = f"{round(pdf.stat().st_size / 1024)} KB"
        link = page(output, f"regions/{county}/").select_one("header .download a")
        assert (link["href"], link.get_text()) == (f"../../downloads/chengguo-huibian-{county}.pdf",
                                                   f"下载{name}成果汇编（PDF，{pages} 页，{size}）")
        assert listed[f"./downloads/chengguo-huibian-{county}.pdf"] == f"{name}成果汇编（PDF，{pages} 页，{size}）"
    # A city gets no brochure of its own: its counties' and the whole site's hold it.
    assert page(output, "regions/qd/").select_one("header .download") is None
    # The short site keeps its whole-site brochure, in the footer and at the top of the home page.
    assert (output / "downloads/chengguo-huibian.pdf").exists()
    assert home.select_one(".intro .download a")["href"] == "./downloads/chengguo-huibian.pdf"
    assert listed["./downloads/chengguo-huibian.pdf"].startswith("全部内容成果汇编（PDF，")
    assert sorted(p.name for p in (output / "downloads").iterdir()) == [
        "chengguo-huibian-ls.pdf", "chengguo-huibian-lx.pdf", "chengguo-huibian.pdf"]


def test_the_download_links_are_accessible_and_fit_a_phone(minimal: Path, desktop, phone):
    with serve(build_with_brochures(minimal, BROCHURE_SITE_MAX_PAGES=1)) as url:
        for address in (url, url + "regions/lx/", url + "villages/"):
            desktop.get(address)
            assert axe_violations(desktop) == [], address
            phone.get(address)
            assert not horizontal_overflow(phone), address


@pytest.mark.slow
def test_editing_one_story_typesets_only_its_county_and_the_whole_site(minimal: Path):
    output = build_with_brochures(minimal)
    before, laixi = cached(minimal), (output / "downloads/chengguo-huibian-lx.pdf").read_bytes()
    assert len(before) == 3
    build_with_brochures(minimal)
    assert cached(minimal) == before  # nothing changed: nothing typeset

    story = minimal / "content/cases/case-b.md"  # 晓望村, in 崂山区
    story.write_text(story.read_text(encoding="utf-8") + "\n茶园新修了一条步道。\n", encoding="utf-8")
    output = build_with_brochures(minimal)
    added = cached(minimal) - before
    assert len(added) == 2  # 崂山区's brochure and the whole site's, not 莱西市's
    assert (output / "downloads/chengguo-huibian-lx.pdf").read_bytes() == laixi
    assert "茶园新修了一条步道。" in text_of(output / "downloads/chengguo-huibian-ls.pdf")
    assert "茶园新修了一条步道。" in text_of(output / "downloads/chengguo-huibian.pdf")


@pytest.mark.slow
def test_a_long_site_publishes_only_the_county_brochures(minimal: Path):
    output = build_with_brochures(minimal, BROCHURE_SITE_MAX_PAGES=1)
    assert sorted(p.name for p in (output / "downloads").iterdir()) == ["chengguo-huibian-ls.pdf",
                                                                         "chengguo-huibian-lx.pdf"]
    assert len(cached(minimal)) == 2  # the whole site's was not typeset at all
    home = page(output, "")
    assert home.select_one(".intro .download") is None and len(home.select("#downloads a")) == 2
    footer = page(output, "villages/").select_one(".site-footer a[href$='#downloads']")
    assert (footer["href"], footer.get_text()) == ("../#downloads", "成果汇编下载")


@pytest.mark.slow
def test_an_unchanged_brochure_keeps_the_date_of_its_edition(minimal: Path, monkeypatch):
    monkeypatch.setattr(brochure_settings, "today", lambda zone="": dt.date(2026, 12, 1))
    build_with_brochures(minimal, BROCHURE_SITE_MAX_PAGES=0)
    monkeypatch.setattr(brochure_settings, "today", lambda zone="": dt.date(2026, 12, 2))
    before = cached(minimal)
    output = build_with_brochures(minimal, BROCHURE_SITE_MAX_PAGES=0)
    assert cached(minimal) == before  # a new day alone typesets nothing
    assert "2026年12月1日" in text_of(output / "downloads/chengguo-huibian-lx.pdf")

    village = minimal / "data/villages/baojiashan.yml"  # 莱西市
    village.write_text(village.read_text(encoding="utf-8").replace("sources:", "profile: 村里新建了党群服务中心。\nsources:"),
                       encoding="utf-8")
    output = build_with_brochures(minimal, BROCHURE_SITE_MAX_PAGES=0)
    assert "2026年12月2日" in text_of(output / "downloads/chengguo-huibian-lx.pdf")
    assert "2026年12月1日" in text_of(output / "downloads/chengguo-huibian-ls.pdf")
    editions = json.loads((minimal / ".cache/brochures/editions.json").read_text(encoding="utf-8"))
    assert editions == {"county-ls": "2026-12-01", "county-lx": "2026-12-02"}


@pytest.mark.slow
def test_volumes_planned_in_forked_processes_are_the_volumes_planned_here(minimal: Path, tmp_path: Path, monkeypatch):
    """A province composes its volumes on every core (publish._FORK_FROM): the same brochures, byte for byte,
    and a problem found in a child (a character the fonts lack) fails the build as it would here."""
    import shutil

    from catalog.brochure import publish
    from catalog.records.problems import BuildFailed

    other = tmp_path / "other"
    shutil.copytree(minimal, other)
    here = build_with_brochures(minimal)
    monkeypatch.setattr(publish, "_FORK_FROM", 1)
    forked = build_with_brochures(other)
    pdfs = sorted(p.relative_to(here).as_posix() for p in here.rglob("*.pdf"))
    assert pdfs and pdfs == sorted(p.relative_to(forked).as_posix() for p in forked.rglob("*.pdf"))
    assert all((here / p).read_bytes() == (forked / p).read_bytes() for p in pdfs)
    (other / "data/villages/xinzhuang.yml").write_text(
        "name: 新庄村\ncounty: lx\nprofile: >-\n  村里有一座𠀀桥。\nsources: [doc-a]\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="data/villages/xinzhuang.yml:3: profile: 字“𠀀”"):
        build_with_brochures(other)


@pytest.mark.slow
def test_brochures_are_typeset_in_parallel_processes_and_a_failure_in_one_fails_them(tmp_path: Path):
    templates = tmp_path / "typst"
    templates.mkdir()
    (templates / "brochure.typ").write_text('#let data = json("data.json")\n'
                                            '#for page in data.pages { page; pagebreak(weak: true) }\n',
                                            encoding="utf-8")
    fonts = (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),)
    jobs = [Job(json.dumps({"pages": ["第一本"]}), templates, fonts, tmp_path),
            Job(json.dumps({"pages": ["第二本", "第二页"]}), templates, fonts, tmp_path)]
    done = dict(render_all(jobs, processes=2))
    assert [done[0].pages, done[1].pages] == [1, 2]
    assert done[1].pdf.startswith(b"%PDF")
    broken = [*jobs, Job(json.dumps({"pages": 3}), templates, fonts, tmp_path)]  # not a list: Typst fails
    with pytest.raises(RenderFailed, match="^排版时出现问题"):
        list(render_all(broken, processes=2))


def _pages_template(tmp_path: Path) -> Path:
    templates = tmp_path / "typst"
    templates.mkdir(exist_ok=True)
    (templates / "brochure.typ").write_text('#let data = json("data.json")\n'
                                            '#for page in data.pages { page; pagebreak(weak: true) }\n',
                                            encoding="utf-8")
    return templates


SERIF = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@pytest.mark.slow
def test_a_worker_grown_past_its_limit_is_retired_and_every_brochure_is_still_set(tmp_path: Path, monkeypatch):
    from catalog.brochure import parallel

    templates = _pages_template(tmp_path)
    jobs = [Job(json.dumps({"pages": [f"第{n}本"] * n}), templates, (SERIF,), tmp_path, date=dt.date(2026, 12, 1))
            for n in range(1, 6)]
    started: list[int] = []
    opened = parallel._Worker.__init__

    def counted(self, scratch: Path, number: int) -> None:
        started.append(number)
        opened(self, scratch, number)

    monkeypatch.setattr(parallel._Worker, "__init__", counted)
    done = dict(render_all(jobs, processes=2))
    assert [done[n].pages for n in range(5)] == [1, 2, 3, 4, 5] and len(started) == 2  # small: kept
    started.clear()
    monkeypatch.setattr(parallel, "RETIRE_AT", 0)  # every worker is too large once it has set a brochure
    again = dict(render_all(jobs, processes=2))
    assert [again[n].pdf for n in range(5)] == [done[n].pdf for n in range(5)]
    assert len(started) == 5 and len(set(started)) == 5  # each retired, and replaced for the next brochure


@pytest.mark.slow
def test_a_forked_child_of_a_process_that_has_typeset_can_typeset(tmp_path: Path):
    """invoke serve makes its brochures in a forked child (session.py _finish); Typst's thread pool does not
    survive fork(), so a child that typeset in its own process hung for good once its parent had typeset."""
    templates = _pages_template(tmp_path)
    job = Job(json.dumps({"pages": ["一本"]}), templates, (SERIF,), tmp_path, date=dt.date(2026, 12, 1))
    (tmp_path / "job.json").write_text(json.dumps(job.to_json()), encoding="utf-8")
    script = """if True:
        import json, sys
        from pathlib import Path
        from catalog.brochure.parallel import render_all
        from catalog.brochure.typeset import Job, render_pdf
        from catalog.workers import fork_map
        job = Job.from_json(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
        render_pdf(job)  # this process has typeset: Typst's threads are running
        pages = fork_map(lambda _: [r.pages for _, r in render_all([job])], [None, None])  # the second in a child
        print(pages)
    """
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "job.json")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True,
                             env={**os.environ, "PYTHONPATH": str(PROJECT / "plugins")})
    try:
        out, err = child.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the hung grandchild too
        child.communicate()
        pytest.fail("the forked child hung typesetting")
    assert child.returncode == 0, err
    assert out.strip() == "[[1], [1]]"


def test_a_brochure_is_the_same_whatever_the_process_set_before_it(tmp_path: Path):
    """One Typst compiler serves a process's brochures: what it remembers changes no byte, new fonts are read."""
    from catalog.brochure.typeset import render_pdf

    templates = _pages_template(tmp_path)
    first = Job(json.dumps({"pages": ["第一本"]}), templates, (SERIF,), tmp_path, date=dt.date(2026, 12, 1))
    other = Job(json.dumps({"pages": ["第二本", "第一本"]}), templates, (SERIF,), tmp_path, date=dt.date(2026, 12, 1))
    alone = render_pdf(first).pdf
    render_pdf(other)
    assert render_pdf(first).pdf == alone
    sans = render_pdf(Job(first.data, templates, (SANS,), tmp_path, date=first.date)).pdf
    assert b"NotoSansCJK" in sans and b"NotoSerifCJK" not in sans
    assert render_pdf(first).pdf == alone


def test_a_site_with_thousands_of_entries_is_too_long_without_composing_it():
    from catalog.brochure.volumes import surely_longer

    class Counted:  # a Selection's counts are all the bound reads
        def __init__(self, villages: int) -> None:
            self.villages, self.cases, self.routes = [None] * villages, [None] * 10, []

    assert surely_longer(Counted(12_000), 500) and not surely_longer(Counted(200), 500)


def test_the_page_estimate_follows_the_printed_text():
    paragraph = Para(plain("党建引领乡村振兴" * 125))  # 1,000 characters: two pages
    laid = Layout(meta={"running": ""}, cover={}, back=(), notice="", body=(paragraph,) * 5)
    assert estimated_pages(laid) == 10
    photos = Layout(meta={"running": ""}, cover={}, back=(), notice="", body=(PhotoBlock("a.jpg", ""),),
                    photos={f"{n}.jpg": f"{n}.jpg" for n in range(6)})
    assert estimated_pages(photos) == 2
