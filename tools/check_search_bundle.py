"""Write a corpus's search index several times and check each bundle is whole (docs/search.md).

    python tools/check_search_bundle.py CORPUS RECORDS TIMES   # CORPUS: a bench corpus (python -m bench.corpus DIR)

Prints, for each run, the bundle's file count, its bytes and how many of its gzipped files do not decompress.
"""

import gzip
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT / "plugins"), str(PROJECT)]
from catalog.build import check
from catalog.pages import all_pages
from catalog.records.refs import Registry
from catalog.search.index import search_records, write_index
from bench.steps import SETTINGS, overrides

root = Path(sys.argv[1])
site = check(SETTINGS, overrides(root)).site
records = search_records(all_pages(site, Registry())[0])[: int(sys.argv[2])]
for i in range(int(sys.argv[3])):
    with tempfile.TemporaryDirectory() as out:
        folder = write_index(records, Path(out))
        files = [p for p in folder.rglob("*") if p.is_file()]
        broken = 0
        for p in files:
            if p.suffix.startswith(".pf_"):
                try:
                    gzip.decompress(p.read_bytes())
                except (OSError, EOFError):
                    broken += 1
        print(i, len(files), sum(p.stat().st_size for p in files), "broken", broken, flush=True)
