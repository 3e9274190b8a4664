"""Real headless Chromium (Debian's chromium + chromium-driver) against a site served on localhost."""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # screenshots for people to look at; not committed

# One page of each kind in the minimal site (tests/sites/minimal/).
PAGES = {
    "home": "", "village": "villages/xiaowang/", "county": "regions/lx/", "city": "regions/qd/",
    "initiative": "initiatives/lxjy/", "route": "routes/hongse/", "case": "cases/case-b/", "cases": "cases/",
    "year": "cases/2024/", "regions": "regions/", "initiatives": "initiatives/", "villages": "villages/",
    "routes": "routes/", "source": "sources/doc-a/", "sources": "sources/", "about": "about/",
    "not-found": "404.html", "search": "search/?q=莱西", "search-empty": "search/?q=茶马古道",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium(user_data_dir: Path, width: int = 1280, height: int = 900, font_size: int = 16,
             javascript: bool = True) -> webdriver.Chrome:
    """``font_size`` is the browser's default text size (16 normal; 32 is "200% text")."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_experimental_option("prefs", {
        "webkit.webprefs.default_font_size": font_size,
        "profile.managed_default_content_settings.javascript": 1 if javascript else 2,
    })
    # Without the background-networking flags Chromium keeps calling Google's hosts,
    # which would drown the "no request to another host" check.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--lang=zh-CN", f"--window-size={width},{height}",
                 f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    # --window-size is raised to Chromium's smallest window, 500 px wide: a phone's width must be set afterwards.
    driver.set_window_size(width, height)
    assert driver.execute_script("return innerWidth") == width
    return driver


def requested_hosts(driver: webdriver.Chrome) -> set[str]:
    """Hosts of every request the page made since the last call (from DevTools' log)."""
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http://", "https://")):
                hosts.add(urlparse(url).hostname)
    return hosts


def axe_violations(driver: webdriver.Chrome) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the current page."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
           .then(r => done(r.violations.map(v => ({id: v.id, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));
    """)
    return result


def horizontal_overflow(driver: webdriver.Chrome) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scrolling)."""
    return driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth;")


def search_settled(driver: webdriver.Chrome, timeout: float = 60) -> None:
    """Wait until the search page has shown its results (or said why not)."""
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "const box = document.getElementById('search-results'); return !box || box.dataset.state === 'done';"))


def save_whole_page(driver: webdriver.Chrome, path: Path) -> None:
    """A screenshot of the whole page, however long (a window cannot be made taller than some 6,000 px)."""
    height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
    width = driver.execute_script("return innerWidth")  # the page is drawn without a scrollbar: the window's width
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
