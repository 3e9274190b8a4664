"""The made-up province: cities, counties, townships and villages, with division codes that nest.

Codes follow the model's prefix rules (records/model.py): a city shares the
province's first 2 digits, a county the city's first 4, a township (12 digits)
the county's 6, and a village the township's first 9. The province code 99 is
not used by any real province, so no synthetic code can be mistaken for a real one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .names import Namer

PROVINCE_CODE = "99"
COUNTY_SUFFIXES = ("县", "县", "县", "区", "市")  # mostly counties, some districts and county-level cities
TOWNSHIP_SUFFIXES = ("镇", "镇", "乡", "街道")
VILLAGES_PER_TOWNSHIP = 12


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    kind: str  # 省级 / 市级 / 县级 / 乡级, as records/model.py's Level spells it
    code: str
    parent: Area | None = None


@dataclass(frozen=True)
class Village:
    id: str
    name: str
    county: Area
    township: Area
    code: str

    @property
    def folder(self) -> str:
        """Villages are filed by county, as staff of a province would keep them."""
        return f"data/villages/{self.county.id}"


@dataclass(frozen=True)
class Province:
    province: Area
    cities: tuple[Area, ...]
    counties: tuple[Area, ...]
    townships: tuple[Area, ...]
    villages: tuple[Village, ...]

    @property
    def regions(self) -> tuple[Area, ...]:
        return (self.province, *self.cities, *self.counties, *self.townships)

    def villages_of(self, county: Area) -> tuple[Village, ...]:
        return tuple(v for v in self.villages if v.county is county)


def _spread(total: int, buckets: int) -> list[int]:
    """``total`` split over ``buckets`` as evenly as whole numbers allow."""
    return [total // buckets + (1 if i < total % buckets else 0) for i in range(buckets)]


def make_province(rng: random.Random, counties: int, villages: int) -> Province:
    top = Namer(rng)
    name, ident = top.place("省")
    province = Area(ident, name, "省级", f"{PROVINCE_CODE}0000")
    city_count = max(1, round(counties / 10))
    cities = tuple(Area(i, n, "市级", f"{PROVINCE_CODE}{c + 1:02d}00", province)
                   for c, (n, i) in enumerate(top.place("市") for _ in range(city_count)))
    county_list: list[Area] = []
    for city, count in zip(cities, _spread(counties, city_count)):
        for index in range(count):
            n, i = top.place(rng.choice(COUNTY_SUFFIXES))
            county_list.append(Area(i, n, "县级", f"{city.code[:4]}{index + 1:02d}", city))
    township_list: list[Area] = []
    village_list: list[Village] = []
    for county, count in zip(county_list, _spread(villages, len(county_list))):
        local = Namer(rng)  # village names need only be unique within their county
        towns = max(1, round(count / VILLAGES_PER_TOWNSHIP))
        for t, share in enumerate(_spread(count, towns)):
            n, i = local.place(rng.choice(TOWNSHIP_SUFFIXES), f"{county.id}-")
            township = Area(i, n, "乡级", f"{county.code}{t + 100:03d}000", county)
            township_list.append(township)
            for v in range(share):
                vn, vi = local.place("村", f"{county.id}-")
                village_list.append(Village(vi, vn, county, township, f"{township.code[:9]}{v + 201:03d}"))
    return Province(province, cities, tuple(county_list), tuple(township_list), tuple(village_list))
