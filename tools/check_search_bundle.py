"""Check search bundles with the build's own check (plugins/catalog/search/bundle.py; docs/search.md).

    python tools/check_search_bundle.py output/search/pagefind-1.5.2  # a bundle on disk, as the search page loads it
    python tools/check_search_bundle.py --write CORPUS RECORDS TIMES  # write a corpus's index TIMES times, check each

CORPUS is a bench corpus (``python -m bench.corpus DIR``). Prints each bundle's file count, bytes and defects;
exits 1 when any bundle has one.
"""

import argparse
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT / "plugins"), str(PROJECT)]
from catalog.search.bundle import defects  # noqa: E402


def report(name: str, folder: Path) -> bool:
    files = [p for p in folder.rglob("*") if p.is_file()]
    found = defects(folder)
    print(name, len(files), "files", sum(p.stat().st_size for p in files), "bytes",
          "whole" if not found else f"{len(found)} defects: " + "; ".join(found[:10]), flush=True)
    return not found


def written(corpus: Path, count: int, times: int) -> bool:
    from bench.steps import SETTINGS, overrides
    from catalog.build import check
    from catalog.pages import all_pages
    from catalog.records.refs import Registry
    from catalog.search.index import search_records, write_index

    records = search_records(all_pages(check(SETTINGS, overrides(corpus)).site, Registry())[0])[:count]
    whole = True
    for i in range(times):
        with tempfile.TemporaryDirectory() as out:
            whole &= report(f"run {i}:", write_index(records, Path(out)))
    return whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", nargs=3, metavar=("CORPUS", "RECORDS", "TIMES"))
    parser.add_argument("bundles", nargs="*", type=Path)
    args = parser.parse_args()
    whole = all([report(f"{folder}:", folder) for folder in args.bundles])
    if args.write:
        whole &= written(Path(args.write[0]), int(args.write[1]), int(args.write[2]))
    return 0 if whole else 1


if __name__ == "__main__":
    sys.exit(main())
