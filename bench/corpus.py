"""A seeded synthetic province: records, stories and photos laid out as staff keep them.

    python -m bench.corpus /tmp/province            # the default, province scale
    python -m bench.corpus /tmp/small --scale 0.05  # a twentieth of it

The same seed and scale always write the same bytes (the test suite checks
this), so two runs of the benchmark measure the same corpus.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import cases, records, signing
from .names import Namer
from .photos import make_photo
from .places import Province, make_province


@dataclass(frozen=True)
class Scale:
    villages: int = 10_000
    counties: int = 100
    cases: int = 2_000
    initiatives: int = 200
    routes: int = 100
    photos: int = 300
    sources: int = 300
    seed: int = 2024

    def times(self, factor: float) -> Scale:
        """Every count multiplied by ``factor`` (the seed kept), never below what a whole site needs."""
        def n(value: int, least: int = 1) -> int:
            return max(least, round(value * factor))

        return Scale(villages=n(self.villages, 4), counties=n(self.counties), cases=n(self.cases),
                     initiatives=n(self.initiatives), routes=n(self.routes), photos=n(self.photos, 0),
                     sources=n(self.sources), seed=self.seed)

    def but(self, **counts: int | None) -> Scale:
        """This scale with the counts given (None leaves a count as it is)."""
        return dataclasses.replace(self, **{k: v for k, v in counts.items() if v is not None})


QUICK = Scale().times(0.05)


@dataclass(frozen=True)
class Corpus:
    root: Path
    scale: Scale
    story: Path  # a story and a village the benchmark edits
    village: Path


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(data), encoding="utf-8")


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def write_story(path: Path, front: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{dump(front)}---\n\n{body}", encoding="utf-8")


def generate(root: Path, scale: Scale = Scale()) -> Corpus:
    """Write the whole corpus under ``root`` (which should be empty)."""
    rng = random.Random(scale.seed)
    people = Namer(random.Random(scale.seed + 1))
    province = make_province(rng, scale.counties, scale.villages)
    cited = records.sources(rng, province, scale.sources)
    for source in cited:
        write_yaml(root / f"data/sources/{source.id}.yml", source.data)
    for region_id, data in records.regions(province, cited).items():
        write_yaml(root / f"data/regions/{region_id}.yml", data)
    initiatives = records.initiatives(rng, province, scale.initiatives, cited, people)
    for initiative in initiatives:
        write_yaml(root / f"data/initiatives/{initiative.id}.yml", initiative.data)
    carried = {c.id: [i for i in initiatives if any(i.area is a for a in (c, c.parent, province.province))]
               for c in province.counties}
    village_files = _villages(root, rng, province, carried, cited, people)
    _routes(root, rng, province, scale.routes, cited, people)
    stories = cases.cases(rng, province.villages, scale.cases, carried, cited, people)
    stories = _photos(root, rng, province, stories, village_files, scale.photos)
    for story in stories:
        write_story(root / story.path, story.front, story.body)
    write_story(root / "content/pages/about.md", cases.about_page(rng, people), cases.ABOUT_BODY)
    signing.sign_everything(root, scale.seed)  # as a real office's site would be: all of it reviewed
    return Corpus(root, scale, root / stories[len(stories) // 2].path, village_files[province.villages[-1].id][0])


def _villages(root: Path, rng: random.Random, province: Province, carried: dict, cited: list,
              people: Namer) -> dict[str, tuple[Path, dict[str, Any]]]:
    written = {}
    for place in province.villages:
        data = records.village(rng, place, carried[place.county.id], cited, people)
        path = root / place.folder / f"{place.id}.yml"
        write_yaml(path, data)
        written[place.id] = (path, data)
    return written


def _routes(root: Path, rng: random.Random, province: Province, count: int, cited: list, people: Namer) -> None:
    for index in range(count):
        county = province.counties[index % len(province.counties)]
        local = province.villages_of(county)
        stops = rng.sample(local, min(len(local), rng.randint(3, 6)))
        write_yaml(root / f"data/routes/route-{index + 1:04d}.yml", records.route(rng, index, stops, cited, people))


def add_village_photo(path: Path, data: dict[str, Any], rng: random.Random, number: int) -> None:
    """Drop a new photo beside a village's file and list it there, as staff do."""
    file = f"{path.stem}-{number}.jpg"
    make_photo(path.parent / file, rng)
    photos = [*data.get("photos", []), {"file": file, "alt": f"{data['name']}村容村貌（{number}）",
                                        "caption": f"{data['name']}一角", "credit": f"{data['name']}村委会供图"}]
    # after the figures and initiatives, where staff put them
    before = [k for k in data if k not in ("photos", "sources", "status", "author")]
    after = {k: data[k] for k in ("sources", "status", "author")}
    write_yaml(path, {k: data[k] for k in before} | {"photos": photos} | after)


def _photos(root: Path, rng: random.Random, province: Province, stories: list[cases.Case],
            village_files: dict[str, tuple[Path, dict[str, Any]]], count: int) -> list[cases.Case]:
    """Two thirds of the photos on village pages, the rest inside stories."""
    on_villages = rng.sample(province.villages, min(len(province.villages), count - count // 3))
    for place in on_villages:
        path, data = village_files[place.id]
        add_village_photo(path, data, rng, 1)
    shown = set(rng.sample(range(len(stories)), min(len(stories), count - len(on_villages))))
    with_photos = []
    for index, story in enumerate(stories):
        if index in shown:
            make_photo(root / story.folder / f"{story.id}-1.jpg", rng)
            story = cases.with_photo(story, f"{story.id}-1.jpg", f"{story.village.name}的党群服务中心")
        with_photos.append(story)
    return with_photos


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic province corpus.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    for field in dataclasses.fields(Scale):
        parser.add_argument(f"--{field.name}", type=int)
    args = parser.parse_args(argv)
    counts = {f.name: getattr(args, f.name) for f in dataclasses.fields(Scale)}
    corpus = generate(args.root, Scale().times(args.scale).but(**counts))
    print(f"corpus written to {corpus.root}")


if __name__ == "__main__":
    main()
