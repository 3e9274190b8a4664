"""Case stories of realistic length (800–2,000 characters), with front matter that names real records of the corpus."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from . import texts
from .names import Namer
from .places import Village
from .records import Initiative, Source, review, some_date

LENGTH = (700, 1_800)  # what story_body aims at; with headings and its last block the stories run about 800–2,000
FEATURED = 6  # as many as the home page shows


@dataclass(frozen=True)
class Case:
    id: str
    path: str  # relative to the corpus root
    front: dict[str, Any]
    body: str
    village: Village

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]


def _subjects(rng: random.Random, villages: tuple[Village, ...], count: int) -> list[tuple[Village, tuple[str, str]]]:
    """Distinct (village, topic) pairs, so every title and id is unique."""
    pairs: list[tuple[Village, tuple[str, str]]] = []
    rounds = 0
    while len(pairs) < count:
        topic = texts.TOPICS[rounds % len(texts.TOPICS)]
        picked = rng.sample(villages, min(len(villages), count - len(pairs)))
        pairs += [(village, topic) for village in picked]
        rounds += 1
    return pairs


def cases(rng: random.Random, villages: tuple[Village, ...], count: int, carried: dict[str, list[Initiative]],
          cited: list[Source], namer: Namer) -> list[Case]:
    found: list[Case] = []
    by_county: dict[str, list[Village]] = {}
    for village in villages:
        by_county.setdefault(village.county.id, []).append(village)
    for n, (village, (slug, topic)) in enumerate(_subjects(rng, villages, count)):
        date = some_date(rng)
        neighbours = [v for v in rng.sample(by_county[village.county.id], min(3, len(by_county[village.county.id])))
                      if v is not village][: rng.randint(0, 2)]
        initiatives = rng.sample(carried[village.county.id], min(len(carried[village.county.id]), rng.randint(0, 2)))
        places = texts.Places(village.name, village.county.name, village.township.name,
                              initiatives[0].name if initiatives else "党建引领乡村振兴")
        front: dict[str, Any] = {
            "title": f"{village.county.name}{village.name}：{topic}",
            "date": date.isoformat(),
            "county": village.county.id,
            "villages": [village.id, *(v.id for v in neighbours)],
            "initiatives": [i.id for i in initiatives],
            "sources": [s.id for s in rng.sample(cited, min(len(cited), rng.randint(1, 2)))],
            "summary": texts.summary(places, rng),
            **review(rng, namer, date),
        }
        if not front["initiatives"]:
            del front["initiatives"]
        if n < FEATURED:
            front["featured"] = True
        body = texts.story_body(places, rng, rng.randint(*LENGTH))
        if found and rng.random() < 0.2:  # a link to an earlier story, resolved by Pelican's {filename}
            other = rng.choice(found)
            body += f"\n另见[{other.front['title']}]({{filename}}/{other.path.removeprefix('content/')})。\n"
        ident = f"{village.id}-{slug}"
        found.append(Case(ident, f"content/cases/{date.year}/{ident}.md", front, body, village))
    return found


def with_photo(case: Case, file: str, alt: str) -> Case:
    """The story showing a photo from its own folder after its first section."""
    head, sep, rest = case.body.partition("\n\n## ")
    return Case(case.id, case.path, case.front, f"{head}\n\n![{alt}]({file})\n{sep}{rest}", case.village)


def about_page(rng: random.Random, namer: Namer) -> dict[str, Any]:
    return {"title": "关于本站", "slug": "about", **review(rng, namer, some_date(rng))}


ABOUT_BODY = "本站是性能测试用的合成数据，其中的地名、人名、数字和文章都是程序生成的，不是事实。\n"
