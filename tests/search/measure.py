"""Measure search designs on the synthetic corpus in real headless Chromium; prints the table in docs/search.md.

    .venv/bin/python tests/search/measure.py              # every design, on the phrases
    .venv/bin/python tests/search/measure.py --page-only  # the search page alone, on every class of query

Designs, all on Pagefind 1.5.2 with the same 2,000 pages (tests/search/corpus.py)
and the committed queries (tests/search/queries.yml):

  words          Pagefind's own Chinese segmentation, the query as typed (its defaults)
  words+filter   the same, then only the results whose text contains the query
  pairs+filter   character pairs indexed; the query's pairs in a plain (any order, by prefix)
                 search, then only the results whose text contains the query (Lucene-CJK style)
  pairs-phrase   character pairs indexed; the query's pairs as an exact phrase (what the site does),
                 measured through the real search page
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
sys.path[:0] = [str(PROJECT / "plugins"), str(PROJECT / "tests")]

from browser import chromium, serve  # noqa: E402
from catalog import urls  # noqa: E402
from catalog.search import bundle  # noqa: E402
from catalog.search.index import made_files, write_index  # noqa: E402
from catalog.search.service import Service  # noqa: E402
from catalog.search.tokens import query as pairs_query  # noqa: E402
from catalog.search.tokens import runs  # noqa: E402
from conftest import build_site, copy_site  # noqa: E402
from search.corpus import corpus  # noqa: E402
from search.page import search_page  # noqa: E402
from search.queries import CLASSES, Truth, load_queries, score  # noqa: E402

FIRST = 20  # results the search page shows at first

# Runs one design's query in the page; returns the URLs it would show and the fragments it loaded.
_HARNESS = """
const [bundle, term, filter, needle, first] = arguments, done = arguments[arguments.length - 1];
(async () => {
  const pagefind = await import(bundle + 'pagefind.js');
  await pagefind.init();
  const started = performance.now();
  const found = (await pagefind.search(term)).results;
  // What a results page needs before it can say how many and show the first ones:
  // a design that filters must read every candidate first.
  const needed = filter ? found : found.slice(0, first);
  const data = await Promise.all(needed.map(r => r.data()));
  const ms = performance.now() - started;
  const all = filter ? data : await Promise.all(found.map(r => r.data()));
  let urls = all.map(d => d.raw_url);
  if (filter) urls = urls.filter((u, i) => (all[i].meta.text || all[i].content).includes(needle));
  done({urls, fragments: needed.length, ms});
})().catch(e => done({error: String(e)}));
"""

async def _words_index(records, folder: Path) -> None:
    async with Service() as pagefind:
        index = (await pagefind.request({"type": "NewIndex", "config": {"force_language": "zh"}}))["index_id"]
        for r in records:
            await pagefind.request({"type": "AddRecord", "index_id": index, "url": r.url, "content": r.text,
                                    "language": "zh", "meta": {"title": r.title}, "filters": None, "sort": None})
        bundle.write(await made_files(pagefind, index), folder)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and "pagefind" not in f.name)


def page_only() -> None:
    """Precision and recall of the search page, per class of query, and the time each query took."""
    records = corpus(PROJECT)
    truth = Truth(records)
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_site("minimal", Path(tmp))
        build_site(root)
        shutil.rmtree(root / "output" / urls.SEARCH_BUNDLE)
        write_index(records, root / "output")
        print("| class | queries | mean precision | mean recall | lowest precision / recall | below 0.95 | "
              "median / max time |")
        print("|---|---|---|---|---|---|---|")
        with serve(root / "output") as base:
            driver = chromium(Path(tmp) / "profile")
            try:
                for kind, queries in load_queries().items():
                    if kind not in CLASSES[:-1]:
                        continue
                    scores, times = [], []
                    for q in queries:
                        started = time.perf_counter()
                        scores.append(score(q, search_page(driver, base, q)["urls"], truth.of(q)))
                        times.append((time.perf_counter() - started) * 1000)
                    below = sum(1 for s in scores if min(s.precision, s.recall) < 0.95)
                    print(f"| {kind} | {len(scores)} | {statistics.mean(s.precision for s in scores):.3f} | "
                          f"{statistics.mean(s.recall for s in scores):.3f} | {min(s.precision for s in scores):.3f} / "
                          f"{min(s.recall for s in scores):.3f} | {below} | {statistics.median(times):.0f} / "
                          f"{max(times):.0f} ms |")
            finally:
                driver.quit()


def main() -> None:
    if "--page-only" in sys.argv:
        page_only()
        return
    records = corpus(PROJECT)
    truth = Truth(records)
    queries = load_queries()["phrases"]
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_site("minimal", Path(tmp))
        build_site(root)
        out = root / "output"
        shutil.rmtree(out / urls.SEARCH_BUNDLE)
        started = time.perf_counter()
        pairs_bundle = write_index(records, out)
        pairs_seconds = time.perf_counter() - started
        started = time.perf_counter()
        asyncio.run(_words_index(records, out / "words"))
        words_seconds = time.perf_counter() - started
        designs = {
            "words": ("words/", lambda q: q, False),
            "words+filter": ("words/", lambda q: q, True),
            "pairs+filter": (urls.SEARCH_BUNDLE, lambda q: " ".join(pairs_query(r).strip('"') for r in runs(q)), True),
            "pairs-phrase": (urls.SEARCH_BUNDLE, lambda q: pairs_query(next(runs(q))), False),
        }
        rows = []
        with serve(out) as base:
            driver = chromium(Path(tmp) / "profile")
            try:
                driver.set_script_timeout(300)
                driver.get(base + "search/")
                for name, (bundle, term, filtered) in designs.items():
                    per_query, fragments, times = [], [], []
                    for q in queries:
                        got = driver.execute_async_script(_HARNESS, base + bundle, term(q), filtered, q, FIRST)
                        per_query.append(score(q, got["urls"], truth.of(q)))
                        fragments.append(got["fragments"])
                        times.append(got["ms"])
                    rows.append((name, per_query, fragments, times))
                page = [score(q, search_page(driver, base, q)["urls"], truth.of(q)) for q in queries]
                rows.append(("pairs-phrase, on the search page", page, None, None))
            finally:
                driver.quit()
        print(f"corpus: {len(records)} pages, {sum(len(r.text) for r in records)} characters; "
              f"{len(queries)} queries")
        print(f"index: pairs {_size(pairs_bundle) / 1e6:.1f} MB in {pairs_seconds:.0f} s, "
              f"words {_size(out / 'words') / 1e6:.1f} MB in {words_seconds:.0f} s\n")
        print(f"| design | mean precision | mean recall | queries below 0.95 | fragments read before showing "
              f"the count and first {FIRST} (median / max) | time to that (median / max) |")
        print("|---|---|---|---|---|---|")
        for name, per_query, fragments, times in rows:
            below = sum(1 for s in per_query if min(s.precision, s.recall) < 0.95)
            cost = (f"{statistics.median(fragments):.0f} / {max(fragments)} | "
                    f"{statistics.median(times):.0f} / {max(times):.0f} ms") if fragments else "(as above) | (as above)"
            print(f"| {name} | {statistics.mean(s.precision for s in per_query):.3f} | "
                  f"{statistics.mean(s.recall for s in per_query):.3f} | {below} | {cost} |")
        print("\nQueries below 0.95 (design: query precision/recall):")
        for name, per_query, _, _ in rows:
            print(f"  {name}: " + ", ".join(f"{s.query} {s.precision:.2f}/{s.recall:.2f}" for s in per_query
                                          if min(s.precision, s.recall) < 0.95))


if __name__ == "__main__":
    main()
