"""An incremental build is a clean build: after each kind of change, byte for byte, by both paths.

Each change is made to a small real site after a first build; the site is then
built again incrementally, and a copy of the changed sources is built clean in
another folder, and the two outputs are compared file by file (files that
must have disappeared included). The serve path keeps one Session, told which
paths changed, as ``invoke serve`` does; the command-line path builds with a
new Session each time, from what .cache/build/ remembers, as ``invoke build`` does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from catalog import urls
from catalog.incremental import reading, write
from catalog.records.problems import BuildFailed
from catalog.session import Session
from conftest import PROJECT, SITES, edit, half_built
from outputs import site_files
from PIL import Image

Change = Callable[[Path], list[Path]]  # makes a change to a site; returns the paths watchfiles would report


def site(into: Path, name: str = "minimal") -> Path:
    """A copy of a test site with its own settings file, theme and wording table, so each can be changed."""
    root = into / "site"
    shutil.copytree(SITES / name, root)
    shutil.copytree(PROJECT / "theme", root / "theme")
    shutil.copytree(PROJECT / "rules", root / "rules")
    shutil.copy(PROJECT / "pelicanconf.py", root / "pelicanconf.py")
    return root


def settings(root: Path, search: bool = False) -> dict:
    """The site's settings; the search index is left out unless asked for (WITH_SEARCH, test_the_search_index_…)."""
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"), "THEME": str(root / "theme"),
            "WORDING_RULES": str(root / "rules" / "wording.yml"), "PLUGIN_PATHS": [str(PROJECT / "plugins")],
            "SITE_BROCHURE": False, "SITE_SEARCH": search}


def session(root: Path, search: bool = False, **options) -> Session:
    return Session(root / "pelicanconf.py", settings(root, search), **options)


def clean_build(root: Path, scratch: Path, search: bool = False) -> dict:
    """The sources of ``root`` copied to a new folder, built from nothing there; its files."""
    copy = scratch / f"clean-{len(list(scratch.glob('clean-*')))}"
    ignore = shutil.ignore_patterns("output", ".output-*", ".cache", ".discarded-*")
    shutil.copytree(root, copy, ignore=lambda folder, names: ignore(folder, names) if folder == str(root) else set())
    session(copy, search).build()
    return site_files(copy / "output")


def photo(path: Path, colour: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (1200, 900), colour)
    image.paste((250, 240, 200), (0, 0, 600, 300))
    image.save(path, "JPEG", quality=85)
    return path


def add_photo(root: Path) -> list[Path]:
    village = root / "data/villages/xiaowang.yml"
    return [photo(root / "data/villages/xiaowang-1.jpg", (180, 30, 30)),
            *edit(village, "initiatives: [lxjy]", "photos:\n  - file: xiaowang-1.jpg\n    alt: 茶园\ninitiatives: [lxjy]")]


def rename_county_file(root: Path) -> list[Path]:
    regions = root / "data/regions"
    (regions / "lx.yml").rename(regions / "laixi.yml")
    return [regions / "lx.yml", regions / "laixi.yml",
            *edit(root / "data/villages/baojiashan.yml", "county: lx", "county: laixi"),
            *edit(root / "data/routes/hongse.yml", "region: lx", "region: laixi"),
            *edit(root / "data/initiatives/lxjy-zuzhi.yml", "regions: [lx]", "regions: [laixi]"),
            *edit(root / "content/cases/case-a.md", "county: lx", "county: laixi")]


def new_case(root: Path) -> list[Path]:
    story = root / "content/cases/case-c.md"
    story.write_text("---\ntitle: 晓望村的党员示范岗\ndate: 2025-03-01\ncounty: ls\nvillages: [xiaowang]\n"
                     "initiatives: [lxjy]\nsources: [doc-a]\nsummary: 党员带头领办茶园合作社。\n---\n\n"
                     "党员示范岗覆盖全村茶园。\n", encoding="utf-8")
    return [story]


def first_village_in_a_province(root: Path) -> list[Path]:
    """黑龙江省 has no content and so no page; a county and a village under it give it one."""
    county = root / "data/regions/yian.yml"
    county.write_text("name: 依安县\nkind: 县级\nparent: hlj\ncode: 230223\n", encoding="utf-8")
    village = root / "data/villages/xinzhuang.yml"
    village.write_text("name: 新庄村\ncounty: yian\nsources: [doc-a]\n", encoding="utf-8")
    return [county, village]


def delete(*paths: str) -> Change:
    def change(root: Path) -> list[Path]:
        for path in paths:
            (root / path).unlink()
        return [root / p for p in paths]

    return change


@dataclass(frozen=True)
class Kind:
    change: Change
    before: Change | None = None  # made before the first build


CASE_A, CASE_B, XIAOWANG = "content/cases/case-a.md", "content/cases/case-b.md", "data/villages/xiaowang.yml"
CHANGES = {
    "story body": Kind(lambda r: edit(r / CASE_A, "已经修缮开放。", "已经修缮开放。\n\n每年接待党员群众参观学习。")),
    "story title": Kind(lambda r: edit(r / CASE_A, "title: 前保驾山村的红色传承", "title: 前保驾山村的红色记忆")),
    "story date": Kind(lambda r: edit(r / CASE_A, "date: 2024-05-01", "date: 2022-03-01")),  # its year page goes
    "story villages": Kind(lambda r: edit(r / CASE_B, "villages: [xiaowang]", "villages: [xiaowang, baojiashan]")),
    "story initiatives": Kind(lambda r: edit(r / CASE_B, "initiatives: [lxjy]", "initiatives: [lxjy-zuzhi]")),
    "story linked to renamed": Kind(lambda r: edit(r / CASE_A, "summary:", "slug: qianbaojiashan\nsummary:")),
    "village profile": Kind(lambda r: edit(r / XIAOWANG, "崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。")),
    "village name": Kind(lambda r: edit(r / XIAOWANG, "name: 晓望村", "name: 晓望社区")),
    "photo added": Kind(add_photo),
    "photo replaced": Kind(lambda r: [photo(r / "data/villages/xiaowang-1.jpg", (30, 90, 160))], before=add_photo),
    "new case": Kind(new_case),
    "record deleted": Kind(delete("data/routes/hongse.yml")),
    "a province gets a page": Kind(first_village_in_a_province),
    "story deleted": Kind(delete(CASE_B)),
    "county renamed": Kind(lambda r: edit(r / "data/regions/lx.yml", "name: 莱西市", "name: 莱西区")),
    "county file renamed": Kind(rename_county_file),
    "source edited": Kind(lambda r: edit(r / "data/sources/doc-a.yml", "publisher:", "publisher: 新")),
    "plain page title": Kind(lambda r: edit(r / "content/pages/about.md", "title:", "title: 本站")),
    "template": Kind(lambda r: edit(r / "theme/templates/village.html", "<h2 id=\"cases\">相关案例</h2>",
                                    "<h2 id=\"cases\">本村的相关案例</h2>")),
    "stylesheet": Kind(lambda r: [(r / "theme/static/css/site.css").open("a").write("\n.new{color:red}\n")
                                  and r / "theme/static/css/site.css"]),
    "wording rules": Kind(lambda r: edit(r / "rules/wording.yml", "corrections:",
                                         "corrections:\n  - wrong: 从来没有的错词\n    right: 对的词")),
    "settings": Kind(lambda r: edit(r / "pelicanconf.py", 'SITENAME = "党建引领乡村振兴成果展示"',
                                    'SITENAME = "乡村振兴成果展示"')),
}


@pytest.mark.parametrize("name", CHANGES)
def test_the_serve_path_after_a_change_equals_a_clean_build(name: str, tmp_path: Path):
    root, kind = site(tmp_path), CHANGES[name]
    if kind.before:
        kind.before(root)
    running = session(root)
    running.build()
    running.build(kind.change(root))
    assert site_files(root / "output") == clean_build(root, tmp_path)
    assert running.build([]).rendered == 0  # and again with nothing changed: nothing to do
    assert site_files(root / ".output-standby") == site_files(root / "output")


# Built with the search index too, whose bundle must then be byte for byte a clean build's: changes to what
# records say, records gone, regions renamed (every record's places), and one that keeps the bundle. Not all
# changes: each index costs about a second (a child process, Pagefind), 57 s over all of them.
WITH_SEARCH = {"story body", "story deleted", "village name", "record deleted", "county file renamed", "template"}


@pytest.mark.slow
@pytest.mark.parametrize("name", CHANGES)
def test_the_command_line_after_a_change_equals_a_clean_build(name: str, tmp_path: Path):
    root, kind, search = site(tmp_path), CHANGES[name], name in WITH_SEARCH
    if kind.before:
        kind.before(root)
    session(root, search).build()
    kind.change(root)
    session(root, search).build()
    assert site_files(root / "output") == clean_build(root, tmp_path, search)
    assert session(root, search).build().rendered == 0


def test_a_body_edit_renders_one_page_and_nothing_changed_renders_none(tmp_path: Path):
    root = site(tmp_path)
    running = session(root)
    assert running.build().rendered == 26
    assert running.build(CHANGES["story body"].change(root)).rendered == 1  # only the case page shows the body
    title = running.build(CHANGES["story title"].change(root))
    assert 1 < title.rendered < 25  # the pages showing its card: lists, its village, county, initiative…
    assert running.build([]).rendered == 0
    assert session(root).build().rendered == 0  # the command line, from what .cache/build/ remembers


def test_a_failed_incremental_build_leaves_the_output_untouched_and_the_next_one_is_clean(tmp_path: Path):
    root = site(tmp_path)
    running = session(root)
    running.build()
    edit(root / XIAOWANG, "崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。")
    running.build([root / XIAOWANG])
    before, stat = site_files(root / "output"), {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")}
    changed = edit(root / XIAOWANG, "county: ls", "county: lao")
    with pytest.raises(BuildFailed) as failed:
        running.build(changed)
    assert "data/villages/xiaowang.yml:2: county: 未知的区域“lao”" in str(failed.value)
    assert site_files(root / "output") == before
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")} == stat
    assert not half_built(root) and site_files(root / ".output-standby") == before
    running.build(edit(root / XIAOWANG, "county: lao", "county: ls"))
    assert site_files(root / "output") == clean_build(root, tmp_path)


def test_a_failed_incremental_build_reports_exactly_what_a_clean_build_reports(tmp_path: Path):
    root = site(tmp_path)
    running = session(root)
    running.build()
    changed = [*edit(root / "rules/wording.yml", "corrections:", "corrections:\n  - wrong: 茶乡\n    right: 茶香"),
               *edit(root / "data/regions/lx.yml", "name: 莱西市", "name: 莱西")]
    with pytest.raises(BuildFailed) as incremental:
        running.build(changed)
    shutil.rmtree(root / ".cache")
    with pytest.raises(BuildFailed) as clean:
        session(root).build()
    assert str(incremental.value) == str(clean.value)
    assert "“茶乡”应为“茶香”" in str(clean.value)


def test_a_render_failure_leaves_the_output_untouched(tmp_path: Path):
    root = site(tmp_path)
    running = session(root)
    running.build()
    before = site_files(root / "output")
    template = root / "theme/templates/village.html"
    changed = edit(template, "{% endblock %}", "{{ village.name | no_such_filter }}{% endblock %}")
    with pytest.raises(Exception, match="no_such_filter"):
        running.build(changed)
    assert site_files(root / "output") == before and not half_built(root)
    running.build(edit(template, "{{ village.name | no_such_filter }}", ""))
    assert site_files(root / "output") == clean_build(root, tmp_path)


def test_caches_are_keyed_by_content_not_by_time(tmp_path: Path, monkeypatch):
    root = site(tmp_path)
    session(root).build()
    parsed = []
    for name in ("_read_yaml", "_parse_story"):
        original = getattr(reading, name)
        monkeypatch.setattr(reading, name, lambda *a, original=original, name=name: parsed.append(name) or original(*a))
    for file in root.rglob("*"):  # touched: nothing changes
        os.utime(file)
    assert session(root).build().rendered == 0 and parsed == []
    # A fresh checkout: every file new, every mtime reset, only .cache/ kept. Nothing is parsed again.
    checkout = tmp_path / "checkout"
    shutil.copytree(root, checkout, ignore=shutil.ignore_patterns("output", ".output-*"))
    built = session(checkout).build()
    assert parsed == [] and built.rendered == 26
    assert site_files(checkout / "output") == site_files(root / "output")


def test_other_code_never_reads_this_codes_cache(tmp_path: Path, monkeypatch):
    root = site(tmp_path)
    session(root).build()
    parsed = []
    original = reading._parse_story
    monkeypatch.setattr(reading, "_parse_story", lambda *a: parsed.append(a[0]) or original(*a))
    monkeypatch.setattr("catalog.incremental.memo.code_version", lambda: "another")
    monkeypatch.setattr("catalog.session.code_version", lambda: "another")
    assert session(root).build().rendered == 26 and len(parsed) == 3
    assert [p.name for p in (root / ".cache/build").glob("memo-*")] == ["memo-another.sqlite"]


@pytest.mark.parametrize("name", ["story title", "county file renamed", "photo added", "template"])
def test_work_split_over_forked_workers_gives_the_same_site(name: str, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(write, "PARALLEL_FROM", 1)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 1)
    root, kind = site(tmp_path), CHANGES[name]
    running = session(root, workers=2)
    running.build()
    running.build(kind.change(root))
    monkeypatch.setattr(write, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(reading, "PARALLEL_FROM", 10_000)
    assert site_files(root / "output") == clean_build(root, tmp_path)


def test_texts_checked_by_a_worker_while_the_build_validates_are_reported_and_stored(tmp_path: Path, monkeypatch):
    # Read on every core; then one worker checks the texts of what was read and writes it all to the memo's store,
    # while the build validates: what it reports, and what the next build finds stored, is one process's.
    monkeypatch.setattr(reading, "PARALLEL_FROM", 1)
    root = site(tmp_path)
    edit(root / XIAOWANG, "崂山东麓的茶乡。", "崂山东麓的茶乡，某某负责，电话13812345678。")
    with pytest.raises(BuildFailed) as aside:
        session(root, workers=2).build()
    assert "手机号码“13812345678”" in str(aside.value) and "“某某”" in str(aside.value)
    store = next((root / ".cache/build").glob("memo-*.sqlite"))
    with contextlib.closing(sqlite3.connect(store)) as db:
        kinds = Counter(key.split("\x1f")[0] for (key,) in db.execute("SELECT key FROM memo"))
    records, stories = list(root.glob("data/*/*.yml")), list(root.glob("content/*/*.md"))
    assert kinds["yaml"] == len(records) and kinds["story"] == len(stories)
    # Each file's texts, and each story's front matter once more as its record's (checks/__init__.check_content).
    assert kinds["texts"] == len(records) + 2 * len(stories)
    shutil.rmtree(root / ".cache")
    with pytest.raises(BuildFailed) as alone:
        session(root, workers=1).build()
    assert str(aside.value) == str(alone.value)


def test_a_worker_that_finds_a_problem_fails_the_build_with_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(write, "PARALLEL_FROM", 1)
    root = site(tmp_path)
    running = session(root, workers=2)
    running.build()
    before = site_files(root / "output")
    template = root / "theme/templates/case.html"
    changed = edit(template, "{% endblock %}", "{{ case.title | no_such_filter }}{% endblock %}")
    with pytest.raises(Exception, match="no_such_filter"):
        running.build(changed)
    assert site_files(root / "output") == before



def test_a_worker_that_dies_fails_the_build_in_words_staff_can_act_on(tmp_path: Path, monkeypatch):
    from catalog.incremental.render import Renderer
    from catalog.workers import WorkerFailed

    monkeypatch.setattr(write, "PARALLEL_FROM", 1)
    root = site(tmp_path)
    running = session(root, workers=2)
    running.build()
    before, parent, render = site_files(root / "output"), os.getpid(), Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, spec: os._exit(9) if os.getpid() != parent
                        else render(self, spec))  # as the kernel's out-of-memory killer would
    with pytest.raises(WorkerFailed) as failed:
        running.build(CHANGES["template"].change(root))
    assert str(failed.value).startswith("生成网站的一个工作进程意外退出（退出状态 ")
    assert "output/ 没有被改动。请再运行一次" in str(failed.value)
    assert site_files(root / "output") == before and not half_built(root)

def bundle(output: Path) -> dict[str, int]:
    """The search bundle's index chunks and fragments (named by their content), with their inodes."""
    folder = output / urls.SEARCH_BUNDLE
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*")
            if p.is_file() and p.parent.name in ("index", "fragment")}


@pytest.mark.slow
def test_the_search_index_is_made_again_only_when_what_it_is_made_from_changed(tmp_path: Path):
    # Compared by the names of its chunks and fragments, which are their contents' hashes, and their inodes.
    root = site(tmp_path)
    running = session(root, search=True)
    running.build()
    first = bundle(root / "output")
    running.build(CHANGES["template"].change(root))
    assert bundle(root / "output") == first  # not made again: the very same files
    running.build(CHANGES["village profile"].change(root))
    again = bundle(root / "output")
    assert set(again) != set(first) and not set(again.values()) & set(first.values())
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".output-*", ".cache"))
    session(clean, search=True).build()
    assert set(bundle(clean / "output")) == set(again)
    assert site_files(clean / "output") == site_files(root / "output")
    running.overrides["SITE_SEARCH"] = False
    running.build([])
    assert not (root / "output" / urls.SEARCH_BUNDLE).exists()


def brochure_site(tmp_path: Path) -> tuple[Path, Session]:
    root = site(tmp_path)
    overrides = {**settings(root), "SITE_BROCHURE": True}
    return root, Session(root / "pelicanconf.py", overrides, serving=True)


def clean_build_with_brochure(root: Path, scratch: Path) -> dict:
    copy = scratch / "clean-brochure"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("output", ".output-*", ".cache", ".discarded-*"))
    Session(copy / "pelicanconf.py", {**settings(copy), "SITE_BROCHURE": True}).build()
    return site_files(copy / "output")


@pytest.mark.slow
def test_the_serve_path_publishes_the_pages_first_and_the_brochure_just_after(tmp_path: Path):
    root, running = brochure_site(tmp_path)
    running.build()
    brochure = (root / "output/downloads/chengguo-huibian.pdf").read_bytes()
    running.build(CHANGES["village name"].change(root), later=True)
    assert "晓望社区" in (root / "output/villages/xiaowang/index.html").read_text(encoding="utf-8")
    assert (root / "output/downloads/chengguo-huibian.pdf").read_bytes() == brochure  # not yet
    assert running.finish() is True
    assert (root / "output/downloads/chengguo-huibian.pdf").read_bytes() != brochure
    assert site_files(root / "output") == clean_build_with_brochure(root, tmp_path)
    assert running.finish() is False  # nothing left to do
    assert site_files(root / ".output-standby") == site_files(root / "output")


@pytest.mark.slow
def test_a_rebuild_while_the_brochure_is_being_made_stops_it_and_the_next_one_finishes(tmp_path: Path):
    root, running = brochure_site(tmp_path)
    running.build()
    running.build(CHANGES["village name"].change(root), later=True)
    outcome: list[bool] = []
    finishing = threading.Thread(target=lambda: outcome.append(running.finish()))
    finishing.start()
    running.build(CHANGES["story title"].change(root), later=True)  # stops it, if it has not finished yet
    finishing.join()
    running.finish()
    assert site_files(root / "output") == clean_build_with_brochure(root, tmp_path)
    assert not half_built(root) and not list(root.glob(".output-finishing-*"))



@pytest.mark.slow
@pytest.mark.parametrize("name", ["story body", "story deleted", "county renamed", "village name"])
def test_with_brochures_the_command_line_renders_only_the_pages_linking_a_changed_one(name: str, tmp_path: Path):
    root = site(tmp_path)
    with_brochures = {**settings(root), "SITE_BROCHURE": True}
    first = Session(root / "pelicanconf.py", with_brochures).build()
    inodes = {p: p.stat().st_ino for p in (root / "output").rglob("*.html")}
    CHANGES[name].change(root)
    again = Session(root / "pelicanconf.py", with_brochures).build()
    assert site_files(root / "output") == clean_build_with_brochure(root, tmp_path)
    assert list((root / "output/downloads").glob("chengguo-huibian-*.pdf"))  # the counties' brochures
    if name == "story body":  # its page, and at most the two showing its county's brochure: home, the county
        rewritten = {p.relative_to(root / "output").as_posix() for p, ino in inodes.items()
                     if p.exists() and p.stat().st_ino != ino}
        assert again.rendered <= 3 < first.rendered and rewritten <= {"index.html", "cases/case-a/index.html", "regions/lx/index.html"}

# What a page's template may reach besides the values it is given, and why its fingerprint covers it
# (catalog/incremental/fingerprints.py): anything else would be a dependency the fingerprint cannot see.
SITE_ATTRIBUTES = {
    "settings": "the settings: every fingerprint holds their digest",
    "absolute": "the public address: a setting",
    "section_url": "fixed by urls.py: the code version",
    "nav": "the sections with something in them: part of the site digest",
    "has_section": "the same: part of the site digest",
    "status": "an item's review: part of its record digest",
    "signed": "an item's 审核记录: part of its record digest",
    "dates": "an item's 发布日期 and 更新日期: part of its record digest",
    "identity_url": "where an identification image is published: from the settings",
    "url_for": "a record's URL: part of its record digest",
    "photo_for": "a record's photos: part of its record digest (a story's, of its body digest)",
    "catalog": "only catalog.pages, for the footer: part of the site digest",
}
SHOWN_EVERYWHERE = {"site", "view", "SITEURL", "SITENAME", "brochures", "output_file"}  # and every setting
# What each template may show of the brochures: no more than Downloads.shown_by puts in its fingerprint.
SHOWS_BROCHURES = {"index.html": {"site", "counties"}, "region.html": {"of"}, "partials/footer.html": set()}


def test_templates_reach_nothing_their_fingerprint_does_not_cover(tmp_path: Path):
    from catalog.session import Session as Building
    from jinja2 import meta, nodes

    root = site(tmp_path)
    building = Building(root / "pelicanconf.py", settings(root))
    building.build()
    generator = building._generator
    values: dict[str, set[str]] = {}
    for spec in generator.pages:
        values.setdefault(spec.template, set()).update(spec.values)
    env, folder = generator.env, root / "theme/templates"
    allowed = SHOWN_EVERYWHERE | set(env.globals) | {k for k in generator.settings if k.isupper()}
    for file in sorted(folder.glob("*.html")) + sorted((folder / "partials").glob("*.html")):
        name = file.relative_to(folder).as_posix()
        tree = env.parse(file.read_text(encoding="utf-8"))
        for node in tree.find_all(nodes.Getattr):
            assert node.attr not in ("article", "_content"), f"{name}: a story's body is shown through | with_pictures"
            if isinstance(node.node, nodes.Name) and node.node.name == "site":
                assert node.attr in SITE_ATTRIBUTES, f"{name} reaches site.{node.attr}"
            if isinstance(node.node, nodes.Getattr) and node.node.attr == "catalog":
                assert node.attr == "pages", f"{name} reaches site.catalog.{node.attr}"
            if isinstance(node.node, nodes.Name) and node.node.name == "brochures":
                assert node.attr in SHOWS_BROCHURES.get(name, ()), f"{name} shows brochures.{node.attr}"
        if "brochures" in meta.find_undeclared_variables(tree):
            assert name in SHOWS_BROCHURES, f"{name} shows the brochures: teach Downloads.shown_by what it shows"
        imported = {n if isinstance(n, str) else n[-1] for i in tree.find_all(nodes.FromImport) for n in i.names}
        defined = {m.name for m in tree.find_all(nodes.Macro)}
        used = meta.find_undeclared_variables(tree) - imported - defined
        given = values.get(name, set()) | set().union(*values.values()) if name.startswith("partials/") else values.get(
            name, set())
        assert used <= allowed | given, f"{name} uses {sorted(used - allowed - given)}"
