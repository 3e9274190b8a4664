"""The live preview (`invoke serve`) in real headless Chromium: edits show up by themselves, and a
broken edit shows its problems in the page while output/ keeps the last good site; only this machine reads it."""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import chromium
from catalog.build import load_settings
from catalog.failures import WriteFailed
from catalog.preview import Access, Preview
from catalog.session import Session
from conftest import SETTINGS, site_settings
from outputs import site_files
from selenium.webdriver.support.ui import WebDriverWait

PATIENCE = 60  # seconds a change may take to show: a rebuild plus a poll, on a busy 2-core machine


@pytest.fixture
def preview(minimal: Path) -> Iterator[tuple[Preview, str]]:
    session = Session(SETTINGS, site_settings(minimal), serving=True)  # as invoke serve does it
    running = Preview(lambda changed: session.build(changed, later=changed is not None), minimal / "output",
                      [minimal / "content", minimal / "data"], finish=session.finish)
    running.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=running.watch, args=(stop,), daemon=True)
    watcher.start()
    server = running.server(port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield running, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        watcher.join(10)


def text_of(driver) -> str:
    """The page's text, read in one step: the page reloads itself after every rebuild and after the background
    finishing, so an element found a moment before may be gone (a stale reference)."""
    return driver.execute_script("return document.body ? document.body.innerText : ''")


@pytest.mark.browser
def test_an_edit_appears_in_the_open_page_and_a_mistake_shows_its_problems(preview, minimal: Path, tmp_path: Path):
    running, url = preview
    village = minimal / "data/villages/xiaowang.yml"
    driver = chromium(tmp_path / "profile")
    try:
        driver.get(url + "villages/xiaowang/")
        assert "崂山东麓的茶乡。" in text_of(driver)

        village.write_text(village.read_text(encoding="utf-8").replace("崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。"),
                           encoding="utf-8")
        WebDriverWait(driver, PATIENCE).until(lambda d: "三面环山" in text_of(d))  # no refresh by the test
        # The search index and brochures follow in the background (later.py) and are swapped in when done:
        # the last good site is the one after that.
        WebDriverWait(driver, PATIENCE).until(lambda d: running.state.finished)

        good = site_files(minimal / "output")
        village.write_text(village.read_text(encoding="utf-8").replace("county: ls", "county: lao"), encoding="utf-8")
        WebDriverWait(driver, PATIENCE).until(lambda d: "网站没有生成" in text_of(d))
        assert "data/villages/xiaowang.yml:2: county: 未知的区域“lao”" in text_of(driver)
        assert site_files(minimal / "output") == good  # the last good site, untouched

        driver.get(url + "cases/case-a/")  # every page says so, not only the one that was open
        assert "网站没有生成" in text_of(driver)

        village.write_text(village.read_text(encoding="utf-8").replace("county: lao", "county: ls"), encoding="utf-8")
        WebDriverWait(driver, PATIENCE).until(lambda d: "网站没有生成" not in text_of(d))
        assert driver.execute_script("return document.querySelector('h1').textContent") == "前保驾山村的红色传承"
    finally:
        driver.quit()


@pytest.mark.slow
def test_the_preview_never_changes_the_files_it_serves(preview, minimal: Path):
    running, url = preview
    with urllib.request.urlopen(url + "villages/xiaowang/") as response:
        served = response.read().decode("utf-8")
    on_disk = (minimal / "output/villages/xiaowang/index.html").read_text(encoding="utf-8")
    assert "__preview__" in served and "__preview__" not in on_disk
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "villages/nowhere/")
    assert missing.value.code == 404 and "页面不存在" in missing.value.read().decode("utf-8")


def test_a_rebuild_that_fails_unexpectedly_is_shown_and_the_preview_goes_on(tmp_path: Path):
    # Not a content problem (a template error, a worker out of memory): the watcher must not die of it.
    outcomes = iter([RuntimeError("模板出错"), None])

    def rebuild(changed):
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome

    running = Preview(rebuild, tmp_path, [])
    failed = running.rebuild()
    assert failed.failure.startswith("生成网站时出现意外错误：RuntimeError: 模板出错\n") and "技术人员" in failed.failure
    assert running.rebuild().failure is None and running.state.generation == 2


def test_a_rebuild_that_cannot_write_is_shown_as_said_for_staff(tmp_path: Path):
    said = "磁盘空间不足：写入 output/index.html 时失败。请清理磁盘、腾出空间后重新运行 make site；网站没有更新，output/ 保持上一次的样子。"

    def rebuild(changed):
        raise WriteFailed(said)

    assert Preview(rebuild, tmp_path, []).rebuild().failure == said  # not wrapped as an unexpected error


def fetch(url: str, target: str, host: str | None, method: str = "GET") -> tuple[int, str]:
    """A request to the preview with exactly this Host header (None: none at all, as HTTP/1.0 allows)."""
    address = urlparse(url)
    if host is None:
        with socket.create_connection((address.hostname, address.port)) as raw:
            raw.sendall(f"{method} {target} HTTP/1.0\r\n\r\n".encode())
            reply = b"".join(iter(lambda: raw.recv(65536), b""))
        head, _, body = reply.partition(b"\r\n\r\n")
        return int(head.split()[1]), body.decode("utf-8")
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, target, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.slow
def test_the_preview_answers_only_requests_addressed_to_this_machine(preview):
    # DNS rebinding: a page from evil.example, its name then resolved to 127.0.0.1, asks the preview for drafts.
    running, url = preview
    port = urlparse(url).port
    for host in ["evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}", f"localhost:{port + 1}",
                 f"127.0.0.1:{port}.evil.example", "", None]:
        for method, target in [("GET", "/villages/xiaowang/"), ("GET", "/__preview__/state"), ("HEAD", "/")]:
            status, body = fetch(url, target, host, method)
            assert status == 403, (host, method, target)
            if method == "GET":
                assert body.startswith(f"预览只能在本机打开：http://localhost:{port}/ 。"), body
                assert "PREVIEW_HOSTS" in body and "晓望村" not in body
    for host in [f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"LOCALHOST:{port}", "localhost"]:
        status, body = fetch(url, "/villages/xiaowang/", host)
        assert (status, "晓望村" in body) == (200, True), host


def test_the_preview_listens_on_this_machine_only_unless_configured(tmp_path: Path):
    assert Access.from_pelican(load_settings(SETTINGS)) == Access("127.0.0.1", ())  # what pelicanconf.py says
    (tmp_path / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
    running = Preview(lambda changed: None, tmp_path, [], access=Access(hosts=("yulan.local", "proxy.example:8443")))
    running.rebuild()
    server = running.server(port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        url = f"http://127.0.0.1:{port}/"
        for allowed in [f"yulan.local:{port}", "yulan.local", "proxy.example:8443", f"localhost:{port}"]:
            assert fetch(url, "/", allowed)[0] == 200, allowed
        for refused in ["yulan.local:1", f"proxy.example:{port}", "evil.example"]:
            assert fetch(url, "/", refused)[0] == 403, refused
    finally:
        server.shutdown()
        server.server_close()
