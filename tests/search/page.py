"""Driving the real search page in Chromium: every result it lists for a query, "more" clicked to the end."""

from __future__ import annotations

from urllib.parse import urlencode

from browser import search_settled

_ALL_RESULTS = """
const done = arguments[arguments.length - 1];
const box = document.getElementById('search-results'), more = document.getElementById('search-more');
const settled = () => new Promise(ok => { const t = setInterval(() => {
    if (box.dataset.state === 'done') { clearInterval(t); ok(); } }, 5); });
(async () => {
  while (!more.hidden) { more.click(); await settled(); }
  done({hrefs: [...document.querySelectorAll('.search-result h2 a')].map(a => a.href),
        status: document.getElementById('search-status').textContent});
})();
"""


def search_page(driver, base: str, q: str, timeout: float = 120) -> dict:
    """Open ``search/?q=`` and list all its results: {"urls": [...relative to base], "status": text}."""
    driver.get(base + "search/?" + urlencode({"q": q}))
    search_settled(driver, timeout)
    driver.set_script_timeout(timeout)
    found = driver.execute_async_script(_ALL_RESULTS)
    return {"urls": [h.removeprefix(base) for h in found["hrefs"]], "status": found["status"]}
