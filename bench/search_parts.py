"""What each part of a search record costs Pagefind: memory, time and index size, on a sample of a corpus.

    python -m bench.search_parts /tmp/province            # every fourth record (python -m bench.corpus DIR)
    python -m bench.search_parts /tmp/province --every 1  # all of them

Each variant runs in its own process, so each Pagefind peak (the largest
child's ru_maxrss) is that variant's own. The variants change only what is
given to Pagefind, never the records: "shipped" is write_index's request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from pagefind.service.types import InternalAddRecordRequest, InternalNewIndexRequest  # noqa: E402

from catalog.search import bundle  # noqa: E402
from catalog.search.index import LANGUAGE, SearchRecord, made_files  # noqa: E402
from catalog.search.service import Service  # noqa: E402
from catalog.search.tokens import runs, terms  # noqa: E402


def pairs_only(text: str) -> str:
    return " ".join(t for run in runs(text) for t in terms(run))


# What Pagefind is given for a record: (content, meta).
VARIANTS = {
    "shipped": lambda r: (r.content(), r.meta()),
    "without the meta text": lambda r: (r.content(), {k: v for k, v in r.meta().items() if k != "text"}),
    "without each character once": lambda r: (pairs_only(r.text), r.meta()),
    "Pagefind's word segmentation": lambda r: (r.text, r.meta()),
}


async def _index(records: list[SearchRecord], variant: str, folder: Path) -> tuple[float, float]:
    given = VARIANTS[variant]
    async with Service() as pagefind:
        created = await pagefind.request(InternalNewIndexRequest(type="NewIndex", config={"force_language": LANGUAGE}))
        start = time.perf_counter()
        for r in records:
            content, meta = given(r)
            await pagefind.request(InternalAddRecordRequest(
                type="AddRecord", index_id=created["index_id"], url=r.url, content=content, language=LANGUAGE,
                meta=meta, filters=None, sort=None))
        added = time.perf_counter()
        bundle.write(await made_files(pagefind, created["index_id"]), folder)
        return added - start, time.perf_counter() - added


def measure(sample: Path, variant: str) -> dict[str, float]:
    records = pickle.loads(sample.read_bytes())
    with tempfile.TemporaryDirectory() as folder:
        add, write = asyncio.run(_index(records, variant, Path(folder)))
        size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
    return {"add": add, "write": write, "mb": size / 1e6,
            "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def sample_of(root: Path, every: int, into: Path) -> int:
    from catalog.build import check
    from catalog.pages import all_pages
    from catalog.records.refs import Registry
    from catalog.search.index import search_records

    site = check(PROJECT / "pelicanconf.py", {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output")}).site
    records = search_records(all_pages(site, Registry())[0])[::every]
    into.write_bytes(pickle.dumps(records))
    return len(records)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, nargs="?")
    parser.add_argument("--every", type=int, default=4, help="take every Nth record (default 4)")
    parser.add_argument("--sample", type=Path, help=argparse.SUPPRESS)  # a child: measure one variant
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--only", action="append", choices=VARIANTS, help="measure only these variants")
    args = parser.parse_args(argv)
    if args.sample:
        print(json.dumps(measure(args.sample, args.variant)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        sample = Path(scratch) / "records.pickle"
        print(f"{sample_of(args.root, args.every, sample)} records\n")
        print("| what Pagefind is given | Pagefind peak | adding the records | writing the files | index data |")
        print("| --- | --- | --- | --- | --- |")
        for variant in args.only or VARIANTS:
            done = subprocess.run([sys.executable, "-m", "bench.search_parts", "--sample", sample, "--variant", variant],
                                  cwd=PROJECT, capture_output=True, text=True, check=True)
            f = json.loads(done.stdout)
            print(f"| {variant} | {f['pagefind_mb']:.0f} MB | {f['add']:.1f} s | {f['write']:.1f} s | {f['mb']:.1f} MB |")


if __name__ == "__main__":
    main()
