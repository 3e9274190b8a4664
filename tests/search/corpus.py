"""A synthetic corpus of Chinese pages for measuring search: never published, only indexed and searched in tests.

Its sentences are those of the shipped site's own pages (their search text, so
the vocabulary and phrasing are real), recombined by a seeded random generator
into ``PAGES`` pages, plus a few sentences about tea so that a frequent
character occurs both alone and inside words (茶, 油茶, 茶叶) as in the issue's
measurement. Each page has up to three lines of tail (the tails of the shipped
pages: names of other pages, citations), which rank below its own text.
The same seed gives the same corpus for the same shipped content.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from catalog.build import check
from catalog.search.index import SearchRecord, search_records
from catalog.pages import all_pages
from catalog.records.model import Level
from catalog.records.refs import Registry

PAGES = 2000
SEED = 20240501
KINDS = ("村", "案例", "线路", "举措")
# Synthetic (the corpus is never published); they make 茶 frequent, alone and inside words.
TEA = ("发展油茶种植，带动群众增收。", "村里的茶园面积不断扩大，茶叶品质逐年提高。", "依托红茶品牌发展茶旅融合。",
       "建成茶叶加工厂，延长产业链条。", "举办采茶节，吸引游客体验茶文化。", "油茶林下套种中药材，提高土地效益。",
       "推广绿茶标准化生产技术。", "茶农加入合作社，统一收购茶青。")


def shipped_text(project: Path) -> tuple[list[str], list[str], list[str]]:
    """Every sentence of the shipped site's searchable pages, every line of their tails (names of other pages,
    citations) and its county names, in a stable order."""
    checked = check(project / "pelicanconf.py", {"PATH": str(project / "content"),
                                                 "OUTPUT_PATH": str(project / "output")})
    specs, _ = all_pages(checked.site, Registry())
    found, tails = set(), set()
    for record in search_records(specs):
        for part in re.split(r"(?<=[。！？；])|\n", record.text):
            if len(part.strip()) >= 6:
                found.add(part.strip())
        tails.update(line for line in record.tail.split("\n") if line)
    counties = sorted(r.name for r in checked.site.catalog.regions.values() if r.kind is Level.COUNTY)
    return sorted(found), sorted(tails), counties


def corpus(project: Path, pages: int = PAGES, seed: int = SEED) -> list[SearchRecord]:
    sentences, tails, counties = shipped_text(project)
    pool = sentences + list(TEA) * max(1, len(sentences) // (20 * len(TEA)))
    rng = random.Random(seed)
    records = []
    for n in range(1, pages + 1):
        body = rng.sample(pool, rng.randint(3, 12))
        title = re.sub(r"[，。；：！？、“”《》（）\s].*", "", rng.choice(body))[:16] or f"第{n}页"
        paragraphs = "\n".join("".join(body[i:i + 3]) for i in range(0, len(body), 3))
        tail = "\n".join(rng.sample(tails, rng.randint(0, 3)))
        records.append(SearchRecord(f"corpus/{n:04d}/", title, rng.choice(KINDS), (rng.choice(counties),),
                                    f"{title}\n{paragraphs}", tail=tail))
    return records
