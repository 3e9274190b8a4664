"""The site as visitors get it: the shipped content, published, served by Debian's nginx with hosting/nginx/.

A copy of the shipped content is signed and built as ``make publish`` builds it (tools/public_build.py),
with its public address on 127.0.0.1, and served by a real nginx started for these tests with the
project's configuration (tools/nginx.py). The tests read what it sends: security headers, compressed
copies, cache lifetimes, the 404 page; Chromium visits one page of every kind and reports any
Content-Security-Policy violation; and ``make deploy`` puts builds online and takes one back while nginx
serves them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import json
import re
import shutil
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import brotli
import pytest
from bench.signing import sign_everything
from bs4 import BeautifulSoup
from catalog import urls
from catalog.build import build
from catalog.deploy import DeployRefused, deploy, rollback
from catalog.stamp import STAMP, Stamp, build_kind, read_stamp
from conftest import SETTINGS, build_site, copy_site, edit, public_settings
from outputs import site_files
from reviewers import CASE_A, sign, write_roster
from tools import nginx
from tools.public_build import SEED, publish, signed_copy

pytestmark = pytest.mark.slow

CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY = {"content-security-policy": CSP, "x-content-type-options": "nosniff",
            "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY"}
A_YEAR = "public, max-age=31536000, immutable"
QUERY = "莱西"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


def fetch(base: str, path: str, **headers: str) -> Reply:
    """One request, as it is answered: no redirect followed, nothing decompressed."""
    parts = urlsplit(base)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=ssl._create_unverified_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port)
    try:
        connection.request("GET", "/" + quote(path.lstrip("/"), safe="/?=&%"),
                           headers={k.replace("_", "-"): v for k, v in headers.items()})
        answer = connection.getresponse()
        return Reply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


@dataclass(frozen=True)
class Hosted:
    root: Path  # the signed copy of the shipped content
    public: Path  # its public build
    server: nginx.Server


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    scratch = tmp_path_factory.mktemp("hosting")
    ports = nginx.Ports.free()
    root = signed_copy(scratch)
    publish(root, ports.site)
    with nginx.running(root / "public", scratch / "nginx", ports) as server:
        yield Hosted(root, root / "public", server)


def page_kinds(public: Path) -> list[str]:
    """One page of every kind: home, each section's list and its first item (a case and a year's archive
    both), a plain page, the search page with a query, and a page that does not exist."""
    found = [""]
    for section in sorted(p for p in public.iterdir() if p.is_dir()):
        if (section / "index.html").is_file() and section.name != "search":
            found.append(f"{section.name}/")
        items = sorted(p.name for p in section.iterdir() if (p / "index.html").is_file())
        for first in {next((i for i in items if i.isdigit()), None), next((i for i in items if not i.isdigit()), None)}:
            if first is not None:
                found.append(f"{section.name}/{first}/")
    return sorted(found) + [f"search/?q={QUERY}", "no-such-page/"]


def linked_files(public: Path, page: str) -> list[str]:
    """The stylesheets, scripts and icons a page loads, as paths from the site's root."""
    soup = BeautifulSoup((public / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = [t.get("href") or t.get("src") for t in soup.select("link[rel=stylesheet], link[rel=icon], script[src]")]
    return [urlsplit(urljoin("http://x/" + page, f)).path.lstrip("/") for f in found]


def test_every_answer_carries_the_security_headers(hosted: Hosted):
    base, public = hosted.server.http, hosted.public
    for path in ["", "cases/", *linked_files(public, ""), f"{urls.SEARCH_BUNDLE}pagefind.js", "no-such-page/"]:
        reply = fetch(base, path)
        assert {k: reply.headers.get(k) for k in SECURITY} == SECURITY, path
        assert "strict-transport-security" not in reply.headers  # plain HTTP: a browser ignores it anyway
        assert reply.headers["server"] == "nginx"  # no version
    secure = fetch(hosted.server.https, "")
    assert secure.status == 200 and secure.headers["strict-transport-security"] == "max-age=31536000"
    assert {k: secure.headers.get(k) for k in SECURITY} == SECURITY
    plain = fetch(hosted.server.redirect, "cases/?page=2")
    assert (plain.status, plain.headers["location"]) == (301, "https://127.0.0.1/cases/?page=2")


def test_text_files_are_sent_as_the_builds_compressed_copies(hosted: Hosted):
    base, public = hosted.server.http, hosted.public
    texts = ["", "cases/", "sitemap.xml", "feeds/cases.atom.xml", *linked_files(public, "search/"),
             f"{urls.SEARCH_BUNDLE}pagefind.js", f"{urls.SEARCH_BUNDLE}pagefind-worker.js"]
    for path in texts:
        file = public / (path + "index.html" if path.endswith("/") or not path else path)
        original = file.read_bytes()
        plain = fetch(base, path)
        assert (plain.body, plain.headers.get("content-encoding")) == (original, None), path
        packed = fetch(base, path, accept_encoding="gzip, deflate, br")
        assert packed.headers.get("content-encoding") == "br", path
        assert packed.body == Path(f"{file}.br").read_bytes() and brotli.decompress(packed.body) == original, path
        assert "Accept-Encoding" in packed.headers.get("vary", ""), path
        zipped = fetch(base, path, accept_encoding="gzip")
        assert zipped.headers.get("content-encoding") == "gzip" and gzip.decompress(zipped.body) == original, path
    # A file too small to gain from it (robots.txt) has no copies: it is sent as it is.
    assert not (public / "robots.txt.gz").exists() and not (public / "robots.txt.br").exists()
    tiny = fetch(base, "robots.txt", accept_encoding="gzip, br")
    assert (tiny.status, tiny.headers.get("content-encoding")) == (200, None)
    # Pagefind's index files are gzipped by Pagefind and unpacked by its script: sent as they are.
    fragment = next((public / urls.SEARCH_BUNDLE / "fragment").iterdir())
    reply = fetch(base, fragment.relative_to(public).as_posix(), accept_encoding="gzip, br")
    assert reply.headers.get("content-encoding") is None and reply.body == fragment.read_bytes()


def test_files_named_by_their_content_are_kept_a_year_and_the_rest_asked_again(hosted: Hosted):
    base, public = hosted.server.http, hosted.public
    bundle = public / urls.SEARCH_BUNDLE
    kept = [*linked_files(public, ""), *linked_files(public, "search/")]
    assert all(re.fullmatch(r"theme/.+\.[0-9a-f]{10}\.[a-z]+", f) for f in kept), kept
    # Fixed names that change with the index (the entry, the list of parts, the names for did-you-mean) are asked
    # again; everything else in the bundle is named by its content or by Pagefind's version.
    asked_again = {"pagefind-entry.json", "bundles.json", "names.json", "sounds.json"}
    kept += [p.relative_to(public).as_posix() for p in sorted(bundle.rglob("*"))
             if p.is_file() and p.name not in asked_again and not p.name.endswith((".gz", ".br"))]
    kept += [p.relative_to(public).as_posix() for p in sorted((public / "photos").glob("*"))[:4]]
    for path in kept:
        assert fetch(base, path).headers["cache-control"] == A_YEAR, path
    for path in ["", "cases/", "sitemap.xml", "feeds/cases.atom.xml",
                 *(f"{urls.SEARCH_BUNDLE}{name}" for name in sorted(asked_again) if (bundle / name).exists())]:
        first = fetch(base, path)
        assert first.headers["cache-control"] == "no-cache", path
        again = fetch(base, path, if_none_match=first.headers["etag"])
        assert again.status == 304, path  # asked again, and answered without the file when it is unchanged
    assert fetch(base, "feeds/cases.atom.xml").headers["content-type"] == "application/atom+xml; charset=utf-8"


def test_the_search_runtime_is_named_by_the_version_that_wrote_its_index(hosted: Hosted):
    """pagefind.js, its worker and its WebAssembly have fixed names and are kept a year: the folder's name
    changes with Pagefind's version, so a kept runtime never reads an index of another version."""
    folder = hosted.public / urls.SEARCH_BUNDLE
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert urls.SEARCH_BUNDLE == f"search/pagefind-{entry['version']}/"
    search = BeautifulSoup((hosted.public / "search/index.html").read_text(encoding="utf-8"), "html.parser")
    assert search.select_one("#search-results")["data-bundle"].endswith("/" + urls.SEARCH_BUNDLE)


def test_a_missing_page_gets_the_404_page_and_the_stamp_is_not_served(hosted: Hosted):
    base = hosted.server.http
    missing = fetch(base, "villages/no-such-village/", accept_encoding="br")
    not_found = (hosted.public / "404.html").read_bytes()
    assert missing.status == 404 and brotli.decompress(missing.body) == not_found
    assert fetch(base, STAMP).status == 404
    folder = fetch(base, "villages")
    assert (folder.status, folder.headers["location"]) == (301, "/villages/")  # on whatever address was used


@pytest.mark.browser
def test_no_page_of_any_kind_violates_the_content_security_policy_in_chromium(hosted: Hosted, tmp_path: Path):
    """Every violation is listed, page by page (a page's own report, and the browser's console)."""
    from browser import chromium, search_settled

    driver = chromium(tmp_path / "profile")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || 'an inline script or style'} (line ${e.lineNumber}` +
            `${e.sample ? ': ' + e.sample : ''})`));
    """})
    found: dict[str, list[str]] = {}  # violation -> pages
    pages = page_kinds(hosted.public)
    assert len(pages) >= 17, pages
    try:
        for page in pages:
            driver.get(hosted.server.http + page)
            if page.startswith("search/"):
                search_settled(driver)
            reported = driver.execute_script("return window.__violations")
            # The console also has what the page's listener cannot hear (Pagefind's worker), and says more.
            console = [f"console: {_without_address(e['message'])}" for e in driver.get_log("browser")
                       if re.search("content security policy", e["message"], re.IGNORECASE)]
            if page.startswith("search/") and not driver.find_elements("css selector", "#search-list li"):
                reported.append("the search found nothing: Pagefind did not run")
            for violation in dict.fromkeys(reported + console):
                found.setdefault(violation, []).append(page or "(home)")
    finally:
        driver.quit()
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(
        f"  {violation}\n    on {len(on)} pages: {', '.join(on[:6])}{' …' if len(on) > 6 else ''}"
        for violation, on in found.items())


def _without_address(message: str) -> str:
    """A console message without the page's address and line, which differ from page to page."""
    return re.sub(r"^https?://\S+ \d+(:\d+)? ", "", message).replace("\n", " ")[:400]


# --- make deploy and make rollback ---------------------------------------------------------------------------


def test_deploy_refuses_a_preview_build(tmp_path: Path):
    root = copy_site("minimal", tmp_path)
    build_site(root)
    assert build_kind(root / "output") == "preview"
    (tmp_path / "www").mkdir()
    with pytest.raises(DeployRefused) as refused:
        deploy(root / "output", tmp_path / "www")
    assert str(refused.value) == (
        "output/ 是预览版本（make site 或 make serve 生成的，含有未审核的稿件和“草稿”“待审”标记），不能上线。"
        "请运行 make publish 生成正式发布的版本（在 public/ 里），上线那个版本。")
    assert list((tmp_path / "www").iterdir()) == []


def test_deploy_refuses_what_is_not_a_whole_public_build_with_its_address(hosted: Hosted, tmp_path: Path):
    target = tmp_path / "www"
    target.mkdir()
    copy = tmp_path / "public"
    shutil.copytree(hosted.public, copy)
    (copy / "villages/index.html").unlink()
    (copy / "cases/index.html.br").write_bytes(b"")
    (copy / "notes.txt").write_text("stray", encoding="utf-8")
    with pytest.raises(DeployRefused) as refused:
        deploy(copy, target)
    assert str(refused.value) == (
        "public/ 不完整：缺少 1 个文件（villages/index.html）；大小不对 1 个文件（cases/index.html.br）；"
        "多出（不是这次生成的） 1 个文件（notes.txt）。可能是生成或复制中途被打断了。请运行 make publish 重新生成，再上线。")
    stamp = read_stamp(hosted.public)
    (copy / STAMP).write_bytes(Stamp("public", "", stamp.files).to_bytes())
    with pytest.raises(DeployRefused, match="生成时没有设置网站地址 SITE_PUBLIC_URL"):
        deploy(copy, target)
    (copy / STAMP).unlink()
    with pytest.raises(DeployRefused, match=r"不是本项目生成的网站（没有 \.build\.json）"):
        deploy(copy, target)
    with pytest.raises(DeployRefused, match="没有找到要上线的网站"):
        deploy(tmp_path / "nothing", target)
    with pytest.raises(DeployRefused, match="上线的目标文件夹 .* 不存在"):
        deploy(hosted.public, tmp_path / "not-mounted")
    assert sorted(p.name for p in target.iterdir()) == []


def test_a_deploy_switches_in_one_step_and_a_rollback_switches_back(hosted: Hosted, tmp_path: Path):
    """While nginx serves TARGET/current, every answer is the old site or the new one, whole."""
    target = tmp_path / "www"
    target.mkdir()
    first = deploy(hosted.public, target)
    assert (first.previous, first.linked) == (None, 0) and (target / "current").is_symlink()
    assert str((target / "current").readlink()) == first.release  # relative: right wherever it is mounted
    # A second build: the about page changed (and signed again).
    root = tmp_path / "site"
    shutil.copytree(hosted.root, root, ignore=shutil.ignore_patterns("public", ".public-*", ".cache"))
    about = root / "content/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n新的一段说明。\n", encoding="utf-8")
    sign_everything(root, SEED)
    publish(root, hosted.server.http)

    with nginx.running(target / "current", tmp_path / "nginx") as server:
        old = fetch(server.http, "about/").body
        assert old == (hosted.public / "about/index.html").read_bytes()
        answers: list[Reply] = []
        stop = threading.Event()

        def keep_asking() -> None:
            while not stop.is_set():
                answers.append(fetch(server.http, "about/"))

        asking = threading.Thread(target=keep_asking)
        asking.start()
        try:
            second = deploy(root / "public", target)
        finally:
            stop.set()
            asking.join()
        new = (root / "public/about/index.html").read_bytes()
        assert "新的一段说明" in new.decode() and fetch(server.http, "about/").body == new
        assert len(answers) > 10 and {(a.status, a.body in (old, new)) for a in answers} == {(200, True)}
        assert second.previous == first.release

        assert rollback(target) == (second.release, first.release)
        assert fetch(server.http, "about/").body == old
        with pytest.raises(DeployRefused, match=r"没有更早的版本可以退回（现在上线的是 releases/"):
            rollback(target)
    # The same build again: every file is the release's before it, linked rather than copied.
    third = deploy(hosted.public, target)
    assert (third.copied_bytes, third.linked) == (0, third.files)
    assert (target / third.release / "index.html").stat().st_ino == (target / first.release / "index.html").stat().st_ino


def test_a_public_build_made_again_after_a_change_is_the_clean_build_compressed_copies_included(
        tmp_path: Path, office):
    about = "content/pages/about.md"
    root = copy_site("minimal", tmp_path / "a")
    write_roster(root, office)
    sign(root, office, (*CASE_A, about))
    build(SETTINGS, public_settings(root))
    before = site_files(root / "output")
    assert {"index.html.br", "index.html.gz", STAMP} <= set(before)
    assert build_kind(root / "output") == "public"
    edit(root / about, "\n\n", "\n\n新的一段说明。\n\n")
    sign(root, office, (about,))
    build(SETTINGS, public_settings(root))
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".output-*", ".cache"))
    build(SETTINGS, public_settings(clean))
    after = site_files(root / "output")
    assert after == site_files(clean / "output")
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert {"about/index.html", "about/index.html.br", "about/index.html.gz", STAMP} <= changed
    assert brotli.decompress((root / "output/about/index.html.br").read_bytes()) == (
        root / "output/about/index.html").read_bytes()


def test_old_releases_beyond_the_kept_ones_are_deleted(hosted: Hosted, tmp_path: Path):
    target = tmp_path / "www"
    target.mkdir()
    made = [deploy(hosted.public, target, keep=2, now=dt.datetime(2026, 12, 1, 9, 0, minute)) for minute in range(4)]
    assert [m.release for m in made] == [f"releases/20261201-0900{m:02d}" for m in range(4)]
    assert made[-1].removed == ["20261201-090001"]
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["20261201-090002", "20261201-090003"]
    again = deploy(hosted.public, target, now=dt.datetime(2026, 12, 1, 9, 0, 3))  # within the same second
    assert again.release == "releases/20261201-090003-2"
    (target / "current").unlink()
    (target / "current").mkdir()  # someone uploaded by hand
    with pytest.raises(DeployRefused, match="是一个普通的文件夹，不是 make deploy 建立的链接"):
        deploy(hosted.public, target)
