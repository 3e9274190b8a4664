"""Project tasks (run with ``invoke <task>``; ``make`` only bootstraps and calls these).

Messages here are read by publicity staff, so they are in Chinese.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from catalog.build import build as build_site  # noqa: E402
from catalog.build import check as check_site  # noqa: E402
from catalog.records.problems import BuildFailed  # noqa: E402

SETTINGS = {"dev": ROOT / "pelicanconf.py", "publish": ROOT / "publishconf.py"}
OUTPUT = ROOT / "output"


def _fail(failed: BuildFailed, after: str) -> Exit:
    print(failed, file=sys.stderr)
    return Exit(after, code=1)


def _report(checked, show_pending: bool) -> None:
    """Warnings (they do not stop the build) and, when asked, what waits for review."""
    if checked.warnings:
        print("\n".join(str(w) for w in checked.warnings))
        print(f"以上 {len(checked.warnings)} 个警告不影响生成，但请尽快处理。")
    if show_pending and checked.pending:
        print(f"\n尚未发布的内容（共 {len(checked.pending)} 项，正式发布时不会出现）：")
        print("\n".join(f"  {p}" for p in checked.pending))


@task
def check(c):
    """检查所有记录和文稿，不生成网站（发现的问题会全部列出）。"""
    try:
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
    _report(built.checked, show_pending=False)
    print(f"网站已生成：{built.output.relative_to(ROOT)}/，共 {built.pages} 个页面。")
    print("预览：运行 make serve，然后在浏览器打开 http://localhost:8000/")


@task(help={"port": "预览端口，默认 8000"})
def serve(c, port=8000):
    """生成网站并在本机预览（http://localhost:8000/）。"""
    build(c)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(OUTPUT))
    with http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler) as server:
        print(f"预览地址：http://localhost:{port}/ （按 Ctrl+C 结束）")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@task
def clean(c):
    """删除生成的网站（output/）和中途留下的临时文件夹。"""
    for path in [OUTPUT, *ROOT.glob(".output-*")]:
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


@task(help={"k": "只运行名称包含此关键字的测试"})
def test(c, k=""):
    """Run the whole test suite."""
    args = f" -k {k!r}" if k else ""
    c.run(f"{sys.executable} -m pytest{args}", pty=False)


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
