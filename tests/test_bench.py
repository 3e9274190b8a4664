"""The benchmark's corpus and table, at a tiny scale (nothing here is timed)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import signing
from bench.corpus import Scale, generate
from bench.edits import PROFILE_EDIT, STORY_EDIT
from bench.run import REBUILDS, SERVE, bench
from bench.table import markdown
from catalog.build import build, check
from catalog.indexes import RELATED_CASES, related_cases
from conftest import PROJECT, SETTINGS, page, public_settings, site_settings

pytestmark = pytest.mark.slow

TINY = Scale(villages=30, counties=3, cases=8, initiatives=6, routes=2, photos=4, sources=5, seed=11)


def corpus_files(root: Path) -> dict[str, str]:
    """The generated files (not the output or photo cache a build adds), by content hash."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("data", "content") for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny") / "province"
    generate(root, TINY)
    return root


def test_the_tiny_corpus_passes_every_check_with_nothing_to_say(tiny: Path):
    checked = check(SETTINGS, site_settings(tiny))
    assert checked.warnings == [] and checked.pending == []
    catalog = checked.site.catalog
    assert (len(catalog.villages), len(catalog.cases), len(catalog.initiatives), len(catalog.routes)) == (30, 8, 6, 2)
    assert {r.kind.value for r in catalog.regions.values()} == {"省级", "市级", "县级", "乡级"}
    assert any(i.parent is not None for i in catalog.initiatives.values())  # some initiatives have parts
    bodies = [case.article._content for case in catalog.cases.values()]  # as rendered, before links are resolved
    assert all("<h2>" in body and "<p>" in body for body in bodies) and any("<li>" in body for body in bodies)
    texts = [(tiny / case.path).read_text(encoding="utf-8") for case in catalog.cases.values()]
    lengths = sorted(len(text.split("\n---\n", 1)[1]) for text in texts)
    assert lengths[0] >= 700 and lengths[-1] <= 2_100, lengths


def test_the_tiny_corpus_builds_and_the_public_build_includes_everything(tiny: Path, tmp_path: Path, monkeypatch):
    built = build(SETTINGS, site_settings(tiny))
    output = tiny / "output"
    preview = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    assert built.pages == len(preview)
    assert sum(p.startswith("villages/") for p in preview) == 30 + 1  # every village, and the list
    photos = list((output / "photos").glob("*.webp"))
    assert photos, "the photo pipeline published nothing"
    monkeypatch.setenv("REVIEW_ADMIN_KEY", signing.admin_public(TINY.seed))  # every item is signed (bench/signing.py)
    public = {**public_settings(tiny), "OUTPUT_PATH": str(tmp_path / "public"),
              "SITE_PUBLIC_URL": "https://bench.example.org"}
    build(SETTINGS, public)
    published = tmp_path / "public"
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*.html")) == preview


def test_photos_are_real_phone_like_jpegs_without_gps(tiny: Path):
    from PIL import Image

    jpegs = sorted([*(tiny / "data").rglob("*.jpg"), *(tiny / "content").rglob("*.jpg")])
    assert len(jpegs) == TINY.photos
    for file in jpegs:
        with Image.open(file) as image:
            exif = image.getexif()
            assert image.format == "JPEG" and exif.get(0x010F) == "BenchCam"
            assert not exif.get_ifd(0x8825)  # GPS would be a photo-gps warning


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tiny: Path, tmp_path: Path):
    again = tmp_path / "again"
    # Another process with another hash seed: no order may depend on set or dict hashing.
    subprocess.run([sys.executable, "-m", "bench.corpus", again, *(f"--{k}={v}" for k, v in vars(TINY).items())],
                   cwd=PROJECT, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "123"})
    assert corpus_files(again) == corpus_files(tiny)
    other = generate(tmp_path / "other", Scale(**{**vars(TINY), "seed": TINY.seed + 1})).root
    assert corpus_files(other) != corpus_files(tiny)


def related_by_comparing_all(catalog, case):
    """related_cases as first written, comparing every pair: the definition the indexed one must match."""
    def shared(other):
        return (len({v.id for v in case.villages} & {v.id for v in other.villages}) * 3
                + len({i.id for i in case.initiatives} & {i.id for i in other.initiatives}) * 2
                + (case.county is not None and other.county is case.county))

    scored = [(shared(o), o) for o in catalog.cases.values() if o is not case]
    ranked = sorted((pair for pair in scored if pair[0] > 0), key=lambda pair: -pair[0])
    best = [o for _, o in ranked[:RELATED_CASES]]
    return tuple(sorted(best, key=lambda o: (-shared(o), o.date.toordinal() * -1, o.id)))


def test_related_cases_found_through_the_index_are_those_of_the_plain_definition(tmp_path: Path):
    # Many stories about few villages: plenty of overlaps, ties and cut-offs at five.
    root = generate(tmp_path / "crowded", Scale(villages=12, counties=2, cases=40, initiatives=6, routes=0, photos=0,
                                                 sources=3, seed=5)).root
    catalog = check(SETTINGS, site_settings(root)).site.catalog
    found = {case.id: related_cases(catalog, case) for case in catalog.cases.values()}
    assert found == {case.id: related_by_comparing_all(catalog, case) for case in catalog.cases.values()}
    assert sum(len(r) == RELATED_CASES for r in found.values()) > 30


def test_the_bench_prints_every_row_and_really_makes_each_edit(tmp_path: Path):
    results = bench(TINY, tmp_path / "work", say=lambda _: None)
    table = markdown(results.rows()).splitlines()
    labels = [line.split(" | ")[0].removeprefix("| ") for line in table[2:]]
    assert labels == ["pages written", *(label for _, label in REBUILDS), *(label for _, label in SERVE),
                      "peak memory (largest build)", "peak memory, all processes (sum of PSS, sampled)",
                      "peak memory of the invoke serve session, all processes",
                      "pages per second (cold build; ours: photos already encoded)", "invoke check",
                      "largest HTML page (no more than 200 KB)", *(row.label for row in results.separate.rows())]
    assert results.ours["cold"].largest.endswith(".html") and results.ours["cold"].largest_kb > 1
    assert all(line.count(" | ") == 5 for line in table)
    rows = {row.label: row for row in results.rows()}
    for label in ("cold build", "warm rebuild, nothing changed", "rebuild after editing one story",
                  "cold build, photos already encoded (theirs: cold)", "peak memory (largest build)",
                  "pages per second (cold build; ours: photos already encoded)"):
        row = rows[label]
        assert row.ours > 0 and row.pelican > 0 and row.hugo > 0, row
        assert row.cells()[4].endswith("×") and row.cells()[5].endswith("×")
    assert rows["rebuild after editing one village"].pelican is None and rows["invoke check"].ours > 0
    for _, label in SERVE:  # beside Hugo's full build
        assert rows[label].ours > 0 and rows[label].hugo == rows["cold build"].hugo and rows[label].pelican is None
    assert results.serving["story"].rendered == 1 and results.serving["warm"].rendered == 0
    assert rows["peak memory, all processes (sum of PSS, sampled)"].ours > 0
    assert rows["peak memory of the invoke serve session, all processes"].ours > 0
    # The rows of their own: every figure measured, and only the edited story's county typeset again.
    scale = results.separate
    assert all(row.ours > 0 for row in scale.rows()), scale.rows()
    assert scale.search["records"] > 30 and scale.photos["photos"] == TINY.photos + 2  # and one added by each kind of rebuild
    assert scale.brochures["cold"]["brochures"] == scale.brochures["cold"]["typeset"] >= TINY.counties
    assert scale.brochures["story"]["typeset"] in (1, 2)  # its county's, and the whole site's when published
    assert scale.brochures["cached"]["typeset"] == 0
    assert results.ours["cold"].pages == results.ours["photo"].pages > 30
    assert json.loads(results.to_json())["scale"]["villages"] == 30

    province = tmp_path / "work/province"
    story = next(p for p in (province / "content/cases").rglob("*.md")
                 if p.read_text(encoding="utf-8").endswith(STORY_EDIT))
    assert STORY_EDIT.strip() in page(province / "output", f"cases/{story.stem}/").get_text()
    village = next(p for p in (province / "data/villages").rglob("*.yml")
                   if PROFILE_EDIT in p.read_text(encoding="utf-8"))
    shown = page(province / "output", f"villages/{village.stem}/")
    assert PROFILE_EDIT in shown.get_text() and shown.select(".gallery picture")


def test_the_phase_timer_times_every_part_it_names(tiny: Path, tmp_path: Path):
    # Every part it names must still exist (renamed, it would time nothing): each row is printed with a figure.
    import shutil

    from bench.phases import PARTS
    root = tmp_path / "province"
    shutil.copytree(tiny, root, ignore=shutil.ignore_patterns("output", ".output-*", ".cache"))
    shown = subprocess.run([sys.executable, "-m", "bench.phases", str(root)], cwd=PROJECT, capture_output=True,
                           text=True, check=True).stdout
    rows = dict(line.strip("|").rsplit("|", 1) for line in shown.splitlines()[2:])
    assert [label.strip() for label in rows] == [*(label.strip() for *_, label in PARTS), "the whole build"]
    assert float(rows[" the whole build "]) > float(rows[" render and write the pages (both cores) "]) > 0


def test_the_corpus_signatures_are_what_ssh_keygen_itself_accepts(tiny: Path, tmp_path: Path):
    """The bench signs in-process for speed; ssh-keygen -Y verify must take its signatures as its own."""
    file = next((tiny / "reviews/cases").rglob("*.yml"))
    from catalog.signoff.store import read_signatures
    from catalog.signoff.statement import NAMESPACE

    first = read_signatures(file, "x")[0][0]
    statement = first.statement("cases", file.stem).text()
    (tmp_path / "sig").write_text(first.armored, encoding="ascii")
    name = signing.REVIEWERS["初审"]
    (tmp_path / "allowed").write_text(f"{name} {signing.public_line(signing.key(TINY.seed, name), name)}\n",
                                      encoding="utf-8")
    done = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", name, "-n", NAMESPACE,
                           "-s", str(tmp_path / "sig")], input=statement, capture_output=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(tmp_path / "allowed"), "-I", name, "-n", NAMESPACE,
                           "-s", str(tmp_path / "sig")], input=statement + b"x", capture_output=True)
    assert done.returncode != 0
