"""Project tasks (run with ``invoke <task>``; ``make`` only bootstraps and calls these).

Messages here are read by publicity staff, so they are in Chinese.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.build import build as build_site  # noqa: E402
from catalog.build import check as check_site  # noqa: E402
from catalog.build import load_settings  # noqa: E402
from catalog.failures import WriteFailed  # noqa: E402
from catalog.workers import WorkerFailed  # noqa: E402
from catalog.records.problems import BuildFailed  # noqa: E402
from catalog.blueprints import BLUEPRINTS, Ask  # noqa: E402
from catalog.scaffold import NewFailed, create  # noqa: E402

SETTINGS = {"dev": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
OUTPUT = ROOT / "output"


def _fail(failed: BuildFailed, after: str) -> Exit:
    print(failed, file=sys.stderr)
    print("每条提示最后方括号里是规则编号，含义和改法见 docs/staff-guide.md 第八节。", file=sys.stderr)
    return Exit(after, code=1)


def _report(checked, show_pending: bool) -> None:
    """Warnings (they do not stop the build) and, when asked, what waits for review."""
    if checked.warnings:
        print("\n".join(str(w) for w in checked.warnings))
        print(f"以上 {len(checked.warnings)} 个警告不影响生成，但请尽快处理。")
    if show_pending and checked.pending:
        print(f"\n尚未发布的内容（共 {len(checked.pending)} 项，正式发布时不会出现）：")
        print("\n".join(_pending_lines(checked.pending)))


def _pending_lines(pending, shown: int = 5) -> list[str]:
    """What waits, grouped by what it waits for: a long list of drafts is a count and a few names, not a page."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in pending:
        groups.setdefault((item.status, item.waiting_for), []).append(item.path)
    lines = []
    for (status, waiting_for), paths in groups.items():
        lines.append(f"  {status} {len(paths)} 项：{waiting_for}")
        lines += [f"    {path}" for path in paths[:shown]]
        if len(paths) > shown:
            lines.append(f"    ……另有 {len(paths) - shown} 项")
    return lines


def _strip_originals() -> None:
    """Take the place a photo was taken out of every original under content/ and data/, before it is committed."""
    from catalog.originals import strip_folders
    from catalog.records.problems import Problem

    stripped, failed = strip_folders(ROOT / "content", ROOT / "data")
    if stripped:
        print(f"已去掉 {len(stripped)} 张照片原图里的拍摄地点（GPS），照片本身没有改变；提交时请把它们一并提交：")
        print("\n".join(f"  {s.path.relative_to(ROOT)}" for s in stripped))
    if failed:
        raise BuildFailed([Problem(path.relative_to(ROOT).as_posix(), 0, "", f"照片带有拍摄地点（GPS），但{why}，无法自动去掉。"
                                   "请换一张不带位置信息的照片（手机相册里“分享”时可以选择去除位置），放回原处后重新运行。",
                                   "photo-gps") for path, why in failed])


@task
def check(c):
    """检查所有记录和文稿，不生成网站（发现的问题会全部列出）；照片原图里的拍摄地点（GPS）会先去掉。"""
    try:
        _strip_originals()
        checked = check_site(SETTINGS["dev"])
    except BuildFailed as failed:
        raise _fail(failed, "检查未通过。") from None
    _report(checked, show_pending=True)
    print("检查通过：没有发现错误。")


@task(help={"publish": "按正式发布的设置生成（使用绝对网址）"})
def build(c, publish=False):
    """生成整个网站到 output/；出错时 output/ 保持原样。"""
    try:
        built = build_site(SETTINGS["publish" if publish else "dev"])
    except BuildFailed as failed:
        raise _fail(failed, "网站没有生成。output/ 仍是上一次成功生成的内容，没有被改动。") from None
    except (WorkerFailed, WriteFailed) as failed:  # said for staff already: what happened and what to do
        raise Exit(str(failed), code=1) from None
    _report(built.checked, show_pending=False)
    if built.checked.pending and not publish:
        print(f"有 {len(built.checked.pending)} 项内容尚未审完：预览里带“草稿”“待审”标记，正式发布时不会出现"
              "（运行 make check 查看每项在等哪一级审核）。")
    print(f"网站已生成：{built.output.relative_to(ROOT)}/，共 {built.pages} 个页面。")
    if publish:
        reviews = built.checked.reviews
        print(f"审核人名单已用管理员公钥 {reviews.roster.admin} 核验；发布的内容都有初审、复审、终审三级有效签名"
              f"（共 {sum(1 for v in reviews.verdicts.values() if v.published)} 项签齐，未审完的没有发布）。")
        print(f"这是正式发布的版本：把 {built.output.relative_to(ROOT)}/ 文件夹里的全部文件上传到网站服务器即可。")
    else:
        print("预览：运行 make serve，然后在浏览器打开 http://localhost:8000/")


def _watched(settings_file: Path) -> list[Path]:
    """What a rebuild depends on: stories and photos, records, templates, the wording rules, the settings."""
    from catalog.build import load_settings
    from catalog.settings import SiteSettings

    settings = load_settings(settings_file)
    site = SiteSettings.from_pelican(settings)
    return [site.content, site.data, Path(settings["THEME"]), site.wording.parent, settings_file,
            site.root / "reviews", site.root / "reviewers"]


def _said(state) -> None:
    stamp = time.strftime("%H:%M:%S")
    if state.failure is None and state.finished:
        print(f"[{stamp}] 成果汇编和站内搜索也已更新（{state.seconds:.1f} 秒）。", flush=True)
    elif state.failure is None:
        print(f"[{stamp}] 已重新生成（{state.seconds:.1f} 秒），打开的页面会自动刷新。", flush=True)
    else:
        print(f"[{stamp}] 网站没有生成，浏览器里显示下面的问题；output/ 没有被改动：\n{state.failure}", flush=True)


@task(help={"port": "预览端口，默认 8000"})
def serve(c, port=8000):
    """生成网站并在本机预览（http://localhost:8000/）；修改文稿、记录、照片或模板后自动重新生成并刷新页面。"""
    from catalog.session import Session
    from catalog.preview import Access, Preview

    # One session for the whole preview: what it has read stays in memory, so a rebuild redoes only what changed;
    # the first build is complete, later ones publish the pages first and the brochure and search index just after.
    session = Session(SETTINGS["dev"], serving=True)
    watched = _watched(SETTINGS["dev"])
    for folder in watched[-2:]:  # reviews/ and reviewers/: watched from the start, so a first signature is seen
        folder.mkdir(exist_ok=True)
    preview = Preview(lambda changed: session.build(changed, later=changed is not None), OUTPUT,
                      watched, report=_said, finish=session.finish,
                      access=Access.from_pelican(load_settings(SETTINGS["dev"])))
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    with preview.server(port=int(port)) as server:
        print(f"预览地址：http://localhost:{port}/ （修改后自动刷新；按 Ctrl+C 结束）", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            session.close()


@task(help={"port": "端口，默认 8001"})
def view_public(c, port=8001):
    """上传之前在本机查看正式发布的版本（public/，由 make publish 生成），和上传后看到的一样；不重新生成。"""
    from catalog.preview import Access, Preview

    folder = ROOT / "public"
    if not (folder / "index.html").is_file():
        raise Exit("还没有正式发布的版本：请先运行 SITE_PUBLIC_URL=https://正式网址 make publish。", code=1)
    preview = Preview(lambda changed: None, folder, [], access=Access.from_pelican(load_settings(SETTINGS["publish"])),
                      live=False)
    with preview.server(port=int(port)) as server:
        print(f"正式发布版本的本机预览：http://localhost:{port}/ （按 Ctrl+C 结束）。确认无误后再上传。", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


class _Terminal:
    """Asks on the terminal (or reads answers from piped input); None once input has ended."""

    def __init__(self):
        self.told: set[str] = set()

    def __call__(self, ask: Ask, hint: str, default: str) -> str | None:
        if ask.help and ask.name not in self.told:
            self.told.add(ask.name)
            print(f"  {ask.help}")
        if hint:
            print(f"  {hint}")
        try:
            return input(f"{ask.question}{f'［{default}］' if default else ''}：")
        except EOFError:
            print()
            return None


def _choose_kind() -> str:
    print("要新建什么？")
    choices = list(BLUEPRINTS.values())
    for number, blueprint in enumerate(choices, start=1):
        print(f"  {number}. {blueprint.label}（{blueprint.kind}）")
    try:
        answer = input("请输入序号：").strip()
    except EOFError:
        answer = ""
    return choices[int(answer) - 1].kind if answer.isdigit() and 0 < int(answer) <= len(choices) else answer


_NEW_OPTIONS = {
    "title": "标题（案例）或资料的标题（资料来源）", "name": "名称（村、线路、举措、区域）", "id": "编号（文件名，也是网页地址），不写则按名称的拼音生成",
    "happened": "事情发生的时间，如 2024-08、2023-10/2024-06、2022/（案例）", "county": "所在地区的编号",
    "township": "所属乡镇的编号", "villages": "提到的村的编号，多个用逗号隔开", "initiatives": "涉及的举措的编号，多个用逗号隔开",
    "sources": "资料来源的编号，多个用逗号隔开", "summary": "摘要", "writer": "撰稿人", "region": "实施地区的编号",
    "kind": "举措类型（党建品牌、工作法、工程、试点……）或区域级别（省级、市级、县级、乡级）",
    "level": "举措级别（中央、省级、市级、县级、乡级）", "parent": "上级区域的编号（区域）", "code": "行政区划代码（区域）",
    "publisher": "发布单位或作者（资料来源）", "url": "网址（资料来源）", "grade": "可靠程度 A、B、C（资料来源）",
    "photo": "一张照片的路径：会复制到新文件旁边", "alt": "照片里是什么（有照片时必填）", "caption": "照片下方的说明",
    "credit": "照片由谁提供", "people": "照片里有没有能认出是谁的人：是 或 否（有照片时必填）",
    "consent": "能认出的人是否都同意公开：是 或 否", "date": "录入日期（年-月-日），默认今天",
}


@task(positional=["what"], help={"what": "要新建的内容：" + "、".join(f"{b.kind}（{b.label}）" for b in BLUEPRINTS.values()),
                                 **_NEW_OPTIONS})
def new(c, what=None, title="", name="", id="", happened="", county="", township="", villages="", initiatives="",  # noqa: A002
        sources="", summary="", writer="", region="", kind="", level="", parent="", code="", publisher="", url="",
        grade="", photo="", alt="", caption="", credit="", people="", consent="", date=""):
    """新建一篇案例，或一个村、线路、举措、区域、资料来源：回答几个问题，按模板生成文件（已有的文件不会被覆盖）。"""
    import datetime as dt

    options = dict(title=title, name=name, id=id, happened=happened, county=county, township=township,
                   villages=villages, initiatives=initiatives, sources=sources, summary=summary, writer=writer,
                   region=region, kind=kind, level=level, parent=parent, code=code, publisher=publisher, url=url,
                   grade=grade, photo=photo, alt=alt, caption=caption, credit=credit, people=people, consent=consent)
    given = {k: v for k, v in options.items() if v}
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise Exit(f"--date: “{date}”不是日期，请写成 年-月-日，如 2026-12-01。没有创建文件。", code=1) from None
    try:
        # `make new` passes "ask": invoke cannot leave a positional argument out.
        created = create(what if what and what != "ask" else _choose_kind(), ROOT, given, asker=_Terminal(), date=day)
    except NewFailed as failed:
        raise Exit(str(failed), code=1) from None
    for note in created.notes:
        print(note)
    print(f"已创建 {created.file.relative_to(ROOT)}")
    if created.photo:
        print(f"照片已复制为 {created.photo.relative_to(ROOT)}")
    print("下一步：用编辑器打开这个文件，按注释填写，把写着“待补充”的地方写完；"
          "然后运行 make check 检查，make serve 预览。")


@task(help={"file": "要签的文稿或记录，如 content/cases/laixi.md", "level": "初审、复审或终审",
            "key": "签名用的私钥，默认 ~/.ssh/dangjian_review"})
def sign(c, file="", level="", key=""):
    """审核人签名：用自己的密钥为一篇文稿或一条记录签初审、复审或终审（签名保存在 reviews/）。"""
    from catalog import review_commands as command
    from catalog.signoff.keys import DEFAULT_KEY, SignoffError
    from catalog.signoff.sign import SignFailed

    if not file or not level:
        raise Exit("请写明要签哪个文件、签哪一级，如：make sign FILE=content/cases/laixi.md LEVEL=初审", code=1)
    try:
        checked = check_site(SETTINGS["dev"])
    except BuildFailed as failed:
        raise _fail(failed, "检查未通过，没有签名：请先改好上面的问题。") from None
    settings = load_settings(SETTINGS["dev"])
    try:
        print(command.sign(checked, ROOT, file, level, Path(key).expanduser() if key else DEFAULT_KEY,
                           settings["TIMEZONE"]))
    except (SignFailed, SignoffError) as failed:
        raise Exit(f"没有签名：{failed}", code=1) from None


@task(help={"name": "审核人姓名（写进公钥的说明）", "key": "密钥保存到哪里，默认 ~/.ssh/dangjian_review"})
def reviewer_key(c, name="", key=""):
    """审核人第一次使用前运行一次：生成自己的签名密钥，把公钥交给管理员加入名单。"""
    from catalog.review_commands import new_reviewer_key
    from catalog.signoff.keys import DEFAULT_KEY, SignoffError

    if not name:
        raise Exit("请写上自己的姓名，如：make reviewer-key NAME=刘洋", code=1)
    try:
        print(new_reviewer_key(Path(key).expanduser() if key else DEFAULT_KEY, name))
    except SignoffError as failed:
        raise Exit(str(failed), code=1) from None


@task(help={"key": "管理员的私钥"})
def roster_sign(c, key=""):
    """管理员修改审核人名单（reviewers/roster.yml）后运行：用管理员密钥重新签名名单。"""
    from catalog.review_commands import sign_roster
    from catalog.signoff.keys import SignoffError
    from catalog.signoff.sign import SignFailed

    if not key:
        raise Exit("请写明管理员私钥的位置，如：make roster-sign KEY=~/.ssh/dangjian_admin", code=1)
    try:
        print(sign_roster(ROOT, Path(key).expanduser()))
    except (SignFailed, SignoffError) as failed:
        raise Exit(f"没有签名：{failed}", code=1) from None


HOOK = """#!/bin/sh
# Installed by `make hooks`: photos being committed lose the place they were taken (GPS), then every record and
# story is checked before a commit. To commit anyway in an emergency: git commit --no-verify
exec .venv/bin/invoke precommit
"""
# Hooks earlier versions installed: ours to replace.
_OUR_OLD_HOOKS = ("""#!/bin/sh
# Installed by `make hooks`: every record and story is checked before a commit.
# To commit anyway in an emergency: git commit --no-verify
exec .venv/bin/invoke check
""",)


@task
def hooks(c):
    """安装提交前检查：以后每次 git commit 前去掉照片里的拍摄地点，并自动运行 make check，有错误时不提交。"""
    found = c.run("git rev-parse --git-path hooks", hide=True, warn=True)
    if not found.ok:
        raise Exit("这里不是 git 仓库，无法安装提交前检查。", code=1)
    hook = (ROOT / found.stdout.strip() / "pre-commit").resolve()
    if hook.exists() and hook.read_text(encoding="utf-8", errors="replace") not in (HOOK, *_OUR_OLD_HOOKS):
        raise Exit(f"{hook} 已经存在，内容不是本项目安装的，不会覆盖它。请先看看里面是什么，"
                   "确实不需要时删除它，再运行 make hooks。", code=1)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(HOOK, encoding="utf-8")
    hook.chmod(0o755)
    print("已安装提交前检查：以后每次 git commit 前，都会先去掉要提交的照片里的拍摄地点（GPS），再自动检查。")


@task
def precommit(c):
    """提交前检查（make hooks 安装后，git commit 时自动运行）：去掉要提交的照片里的拍摄地点，再检查全部内容。"""
    from catalog.commits import StagedPhotoRefused, strip_staged_photos

    try:
        stripped = strip_staged_photos(ROOT)
    except StagedPhotoRefused as refused:
        raise Exit(f"没有提交：{refused}", code=1) from None
    if stripped:
        print("已去掉这些照片里的拍摄地点（GPS），提交的是去掉以后的照片：")
        print("\n".join(f"  {path}" for path in stripped))
    check(c)


@task(iterable=["county", "initiative"], help={
    "county": "只收某个县（市、区）：县名、编号或行政区划代码，可写多次，如 --county 依安县 --county 克山县",
    "initiative": "只收某项举措（含其组成部分）：名称、简称或编号，可写多次",
    "since": "只收这一天及以后的案例，如 2024-01-01（也可只写 2024 或 2024-05）",
    "until": "只收这一天及以前的案例",
    "title": "封面标题，默认“党建引领乡村振兴成果汇编”",
    "issuer": "编印单位，印在封面上，如 --issuer 县委组织部",
    "date": "封面日期，如 2026-12-01，默认今天",
    "out": "PDF 保存到哪里（已有同名文件时会覆盖它）；不写则保存到 brochures/，不覆盖任何文件",
    "pdfa": "生成 PDF/A-3u 格式（长期存档用）",
    "publish": "只收审核完成的内容（与正式发布的网站相同）",
})
def brochure(c, county=None, initiative=None, since="", until="", title="", issuer="", date="", out="", pdfa=False,
             publish=False):
    """生成 PDF 成果汇编（迎检、汇报用）；不加选项时收录网站的全部内容。"""
    from catalog.brochure.command import BrochureRequest, run

    request = BrochureRequest(tuple(county or ()), tuple(initiative or ()), since, until, title, issuer, date, out,
                              pdfa)
    settings = SETTINGS["publish" if publish else "dev"]
    try:
        checked = check_site(settings)
    except BuildFailed as failed:
        raise _fail(failed, "检查未通过，没有生成成果汇编。") from None
    result = run(checked.site, load_settings(settings), request, ROOT)
    if not result.ok:
        print(result.message, file=sys.stderr)
        raise Exit("没有生成成果汇编。", code=1)
    print(result.message)


@task(help={"target": "上线的目标文件夹（网站服务器上的，或挂载到本机的），如 /srv/dangjian",
            "source": "要上线的网站，默认 public/（make publish 生成的）", "keep": "保留最近几个版本（含当前的），默认 3"})
def deploy(c, target="", source="public", keep=3):
    """把正式发布的版本上线：复制到 TARGET/releases/ 下的新文件夹，检查完整后一步切换 TARGET/current。"""
    from catalog.deploy import DeployRefused
    from catalog.deploy import deploy as put_online

    if not target:
        raise Exit("请写明上线到哪个文件夹，如：make deploy TARGET=/srv/dangjian", code=1)
    folder = Path(target).expanduser()
    try:
        done = put_online(ROOT / source, folder, keep=int(keep))
    except DeployRefused as refused:
        raise Exit(f"没有上线：{refused}", code=1) from None
    reused = f"，另有 {done.linked} 个与上一版相同的文件直接沿用" if done.linked else ""
    print(f"已上线：{folder / 'current'} → {done.release}（共 {done.files} 个文件，复制了 {done.copied_bytes / 2**20:.1f} MB"
          f"{reused}）。")
    if done.previous:
        print(f"上一版 {done.previous} 仍然保留：发现问题时运行 make rollback TARGET={target} 即可退回。")
    if done.removed:
        print(f"已删除更早的版本：{'、'.join(done.removed)}。")


@task(help={"target": "上线的目标文件夹，与 make deploy 的相同"})
def rollback(c, target=""):
    """退回上一版：把 TARGET/current 切换回上一次上线的版本。"""
    from catalog.deploy import DeployRefused
    from catalog.deploy import rollback as go_back

    if not target:
        raise Exit("请写明退回哪个文件夹里的网站，如：make rollback TARGET=/srv/dangjian", code=1)
    try:
        before, after = go_back(Path(target).expanduser())
    except DeployRefused as refused:
        raise Exit(f"没有退回：{refused}", code=1) from None
    print(f"已退回：{Path(target) / 'current'} → {after}（原来的 {before} 仍然保留）。")


@task
def clean(c):
    """删除生成的网站（output/）、备用副本和中途留下的临时文件夹。"""
    for path in [OUTPUT, *ROOT.glob(".output-*"), *ROOT.glob(".discarded-*")]:
        shutil.rmtree(path, ignore_errors=True)
    print("已清理 output/。")


@task
def lock(c):
    """Re-pin every Python package in requirements.lock from pyproject.toml's direct pins."""
    import tempfile
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    with tempfile.TemporaryDirectory() as tmp:
        c.run(f"{sys.executable} -m venv {tmp}/venv")
        c.run(f"{tmp}/venv/bin/pip install --quiet " + " ".join(repr(w) for w in wanted))
        frozen = c.run(f"{tmp}/venv/bin/pip freeze", hide=True).stdout
    header = "# Every Python package, pinned. Regenerate with: invoke lock (from pyproject.toml's direct pins).\n"
    (ROOT / "requirements.lock").write_text(header + frozen)
    print("requirements.lock updated.")


@task(help={"k": "只运行名称包含此关键字的测试", "fast": "不运行浏览器测试和慢测试（一分钟以内）"})
def test(c, k="", fast=False):
    """Run the whole test suite; ``--fast``: all but the browser and slow tests (markers in pyproject.toml)."""
    args = f" -k {k!r}" if k else ""
    args += " -m 'not browser and not slow'" if fast else ""
    c.run(f"{sys.executable} -m pytest{args}", pty=False)


@task(iterable=["seed"], help={
    "steps": "edit steps per seed (default 200)",
    "seed": "a seed of the edit sequence; may be given several times (default 1)",
    "public": "start with the public build (signed items only)", "search": "start with the search index on",
    "brochures": "with the brochures (typesetting: slow)", "keep": "keep the scratch folder and print where it is"})
def incremental_proof(c, steps=200, seed=None, public=False, search=False, brochures=False, keep=False):
    """Random edits, each step's incremental builds compared byte for byte with a clean build (tests/proof.py)."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from proof import Run, long_run

    runs = [Run(int(s), int(steps), public, search, brochures) for s in seed or [1]]
    work = Path(tempfile.mkdtemp(prefix="incremental-proof-"))
    try:
        line, ok = long_run(runs, work, say=lambda line: print(line, flush=True))
    finally:
        if keep:
            print(f"scratch folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(line)
    if not ok:
        raise Exit(code=1)


@task
def lighthouse(c):
    """Lighthouse (mobile) on the home page, a case page and the search page, published and served by nginx."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from tools import lighthouse as lh
    from tools import nginx, public_build

    binary = lh.install(ROOT / ".cache")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        work = Path(scratch)
        ports = nginx.Ports.free()  # the build names its own address: chosen first
        root = public_build.signed_copy(work)
        public_build.publish(root, ports.site, brochures=True)
        pages = ["", lh.first_case(root / "public"), "search/?q=%E8%8E%B1%E8%A5%BF"]  # 莱西
        with nginx.running(root / "public", work / "nginx", ports) as server:
            reports = [lh.audit(binary, server.http + page) for page in pages]
    for report in reports:
        print(f"{report.url.split('/', 3)[3] or '(home)'}: " + ", ".join(f"{k} {v}" for k, v in report.scores.items()))
        print("    " + ", ".join(f"{k} {v}" for k, v in report.metrics.items()))
        for failing in report.failing:
            print(f"    {failing}")
    if not all(r.meets_bar for r in reports):
        raise Exit(f"Below the bar ({lh.BAR}).", code=1)


@task(help={
    "quick": "a small corpus (a twentieth of the province) for a quick look",
    "scale": "multiply every count of the default province by this factor, e.g. 0.5",
    "villages": "villages (default 10000)", "counties": "counties (default 100)",
    "cases": "case stories (default 2000)",
    "initiatives": "initiatives (default 200)", "routes": "routes (default 100)", "photos": "photos (default 300)",
    "sources": "sources (default 300)", "seed": "seed of the corpus generator",
    "keep": "keep the scratch folder (corpus, outputs, logs) and print where it is",
    "profile": "also write pyinstrument reports of a cold build and a one-story rebuild into this folder",
    "json": "also write every figure to this JSON file",
    "repeat": "run every step this many times and report the fastest (the machine is shared)",
})
def bench(c, quick=False, scale=1.0, villages=None, counties=None, cases=None, initiatives=None, routes=None,
          photos=None, sources=None, seed=None, keep=False, profile=None, json=None, repeat=1):
    """Benchmark the build on a synthetic province against plain Pelican and Hugo (see docs/performance.md)."""
    import tempfile

    from bench.corpus import QUICK, Scale
    from bench.run import bench as run_bench
    from bench.run import report

    base = QUICK if quick else Scale().times(float(scale))
    counts = dict(villages=villages, counties=counties, cases=cases, initiatives=initiatives, routes=routes,
                  photos=photos, sources=sources, seed=seed)
    size = base.but(**{k: int(v) for k, v in counts.items() if v is not None})
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        results = run_bench(size, work, say=lambda line: print(line, file=sys.stderr, flush=True),
                            profile=Path(profile).resolve() if profile else None, repeat=int(repeat))
    finally:
        if keep:
            print(f"scratch folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if json:
        Path(json).write_text(results.to_json(), encoding="utf-8")
    print(report(results))
