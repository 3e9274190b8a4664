"""The YAML records of the synthetic corpus, as plain data ready to be written (see corpus.py).

Every piece of content is handed in (待审); bench/signing.py signs all of it at
the three levels, so the public build includes it and the review checks have
nothing to say.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from . import texts
from .names import Namer
from .places import Area, Province, Village

KINDS = ("党建品牌", "工作法", "工程", "行动", "机制", "经验", "活动", "制度", "计划")
LEVEL_OF = {"省级": 0, "市级": 1, "县级": 2}
PUBLISHERS = ("日报", "融媒体中心", "农业农村局", "组织部", "乡村振兴局", "广播电视台")
HONOURS = ("全国文明村镇", "省级美丽乡村示范村", "市级先进基层党组织", "省级乡村治理示范村", "全国乡村旅游重点村")
MEASURES = ("选优配强村党组织书记", "建立党员联系户制度", "推行村级事务积分管理", "发展壮大村集体经济",
            "健全村务监督机制", "开展党员志愿服务", "推进网格化管理", "培育致富带头人")
ACTIONS = ("强基", "领航", "先锋", "共富", "红色", "振兴", "聚力", "头雁", "润村", "同心")


def review(rng: random.Random, namer: Namer, written: dt.date) -> dict[str, Any]:
    """Handed in by its author (待审); bench/signing.py then signs every item at all three levels."""
    return {"status": "待审", "author": namer.people(1)[0]}


def some_date(rng: random.Random, first: int = 2019, last: int = 2025) -> dt.date:
    start = dt.date(first, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last, 11, 30).toordinal()))


@dataclass(frozen=True)
class Source:
    id: str
    data: dict[str, Any]


def sources(rng: random.Random, province: Province, count: int) -> list[Source]:
    """Reports and news items; every one cited somewhere, so none is an orphan."""
    issuers = [province.province, *province.cities, *province.counties]
    found = []
    for n in range(count):
        issuer = issuers[n % len(issuers)]
        data: dict[str, Any] = {"title": f"{issuer.name}抓党建促乡村振兴工作报道（第{n + 1}期）",
                                "publisher": issuer.name + rng.choice(PUBLISHERS),
                                "date": some_date(rng).isoformat(), "grade": rng.choice("AAB")}
        if n % 3:
            data["url"] = f"https://bench.example.org/sources/{n + 1:05d}.html"
        found.append(Source(f"src-{n + 1:05d}", data))
    return found


def regions(province: Province, cited: list[Source]) -> dict[str, dict[str, Any]]:
    found = {}
    for index, area in enumerate(province.regions):
        data: dict[str, Any] = {"name": area.name, "kind": area.kind}
        if area.parent is not None:
            data["parent"] = area.parent.id
        data["code"] = area.code
        if area.kind != "乡级":
            data["sources"] = [cited[index % len(cited)].id]
        found[area.id] = data
    return found


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    area: Area
    data: dict[str, Any]


def initiatives(rng: random.Random, province: Province, count: int, cited: list[Source],
                namer: Namer) -> list[Initiative]:
    """A tenth province-wide, a third by cities, the rest by counties; every third, where it can, part of another."""
    areas = [province.province] * max(1, count // 10)
    areas += list(province.cities) * (count // 3 // len(province.cities) or 1)
    areas += [province.counties[i % len(province.counties)] for i in range(max(0, count - len(areas)))]
    found: list[Initiative] = []
    names: set[str] = set()
    for n, area in enumerate(areas[:count]):
        parent = next((p for p in reversed(found) if p.area is area and "parent" not in p.data), None)
        is_part = parent is not None and n % 3 == 2
        kind = rng.choice(KINDS)
        name = _initiative_name(rng, area, kind, names)
        since = some_date(rng, 2018, 2023)
        places = texts.Places(area.name, area.name, area.name, name)
        data: dict[str, Any] = {
            "name": name, "kind": kind, "level": area.kind, "owner": f"中共{area.name}委员会组织部",
            "since": since.isoformat()[:7], "summary": texts.initiative_summary(places, rng),
            "measures": [{"title": m, "text": texts.paragraph(texts.PRACTICE, places, rng, 1)}
                         if rng.random() < 0.5 else {"title": m, "items": rng.sample(texts.LEADS, 3)}
                         for m in rng.sample(MEASURES, rng.randint(2, 4))],
            "regions": [area.id],
            "figures": [{"label": "覆盖村数", "value": rng.randint(10, 900), "unit": "个",
                         "source": cited[n % len(cited)].id}],
            "sources": [cited[(n * 7) % len(cited)].id],
        }
        if is_part:
            order = sum(1 for i in found if i.data.get("parent") == parent.id) + 1
            data |= {"parent": parent.id, "order": order}
        data |= review(rng, namer, since)
        found.append(Initiative(f"init-{n + 1:04d}", name, area, data))
    return found


def _initiative_name(rng: random.Random, area: Area, kind: str, used: set[str]) -> str:
    while True:
        name = f"{area.name}“{rng.choice(ACTIONS)}{rng.choice(texts.INDUSTRIES[:8])}”{kind}"
        if name not in used:
            used.add(name)
            return name


def village(rng: random.Random, place: Village, carried: list[Initiative], cited: list[Source],
            namer: Namer) -> dict[str, Any]:
    chosen = rng.sample(carried, min(len(carried), rng.randint(0, 3)))
    places = texts.Places(place.name, place.county.name, place.township.name, chosen[0].name if chosen else "")
    source = cited[rng.randrange(len(cited))].id
    data: dict[str, Any] = {"name": place.name, "county": place.county.id, "township": place.township.id,
                            "code": place.code}
    if rng.random() < 0.3:
        data["titles"] = [{"title": t, "year": str(rng.randint(2015, 2024)), "source": source}
                          for t in rng.sample(HONOURS, rng.randint(1, 2))]
    data["profile"] = texts.profile(places, rng)
    data["figures"] = _village_figures(rng, source)
    if chosen:
        data["initiatives"] = [i.id for i in chosen]
    data["sources"] = [source]
    return data | review(rng, namer, some_date(rng))


def _village_figures(rng: random.Random, source: str) -> list[dict[str, Any]]:
    figures = [{"label": "户数", "value": rng.randint(150, 1500), "unit": "户", "as_of": "2024", "source": source}]
    if rng.random() < 0.4:  # three years of income in one unit: the page draws a chart
        figures += [{"label": f"村集体经济收入（{year}年）", "value": rng.randint(10, 300), "unit": "万元",
                     "qualifier": rng.choice(["约", "余", "多"]) if year == 2024 else None, "source": source}
                    for year in (2022, 2023, 2024)]
    return [{k: v for k, v in f.items() if v is not None} for f in figures]


def route(rng: random.Random, index: int, stops: list[Village], cited: list[Source], namer: Namer) -> dict[str, Any]:
    first = stops[0]
    written = some_date(rng)
    data: dict[str, Any] = {
        "name": f"{first.county.name}红色教育线路（第{index + 1}条）",
        "summary": f"从{first.name}出发，沿途参观{len(stops)}处党史教育和乡村振兴现场。",
        "duration": rng.choice(["半日", "一日", "两日"]),
        "published_in": cited[index % len(cited)].id,
        "stops": [],
    }
    for n, place in enumerate(stops):
        stop: dict[str, Any] = {"name": f"{place.name}党群服务中心", "what": f"{place.name}党支部的活动阵地和村史展览。",
                                "village": place.id, "sources": [cited[(index + n) % len(cited)].id]}
        if n % 2 == 0:
            stop["coordinates"] = {"lat": f"{rng.uniform(30, 45):.4f}", "lng": f"{rng.uniform(110, 125):.4f}"}
        else:
            stop["address"] = f"{place.township.name}{place.name}村委会旁"
        data["stops"].append(stop)
    return data | review(rng, namer, written)
