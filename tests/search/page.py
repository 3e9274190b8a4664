"""Driving the real search page in Chromium: every result it lists for a query, "more" clicked to the end."""

from __future__ import annotations

from urllib.parse import urlencode

from browser import search_settled

_ALL_RESULTS = """
const done = arguments[arguments.length - 1];
const box = document.getElementById('search-results');
const settled = () => new Promise(ok => { const t = setInterval(() => {
    if (box.dataset.state === 'done') { clearInterval(t); ok(); } }, 5); });
const hrefs = list => [...document.querySelectorAll(list + ' .search-result .card-title a')].map(a => a.href);
(async () => {
  for (const id of ['search-more', 'search-pinyin-more']) {
    const more = document.getElementById(id);
    while (!more.hidden) { more.click(); await settled(); }
  }
  const suggest = document.getElementById('search-suggest');
  done({text: hrefs('#search-list'), pinyin: hrefs('#search-pinyin-list'),
        status: document.getElementById('search-status').textContent,
        suggestions: suggest.hidden ? [] : [...suggest.querySelectorAll('a')].map(a => a.textContent),
        wayOn: document.getElementById('search-way-on').hidden ? [] :
            [...document.querySelectorAll('#search-way-on a')].map(a => a.href)});
})();
"""


def search_page(driver, base: str, q: str, timeout: float = 120) -> dict:
    """Open ``search/?q=`` and list all its results: {"urls": every result, in order, relative to base; "text" and
    "pinyin": those of each group; "status": its text; "suggestions": the names offered; "way_on": links offered}."""
    driver.get(base + "search/?" + urlencode({"q": q}))
    search_settled(driver, timeout)
    driver.set_script_timeout(timeout)
    found = driver.execute_async_script(_ALL_RESULTS)
    text, pinyin = ([h.removeprefix(base) for h in found[group]] for group in ("text", "pinyin"))
    return {"urls": text + pinyin, "text": text, "pinyin": pinyin, "status": found["status"],
            "suggestions": found["suggestions"], "way_on": [h.removeprefix(base) for h in found["wayOn"]]}
