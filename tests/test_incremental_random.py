"""An incremental build is a clean build after any sequence of edits: seeded random sequences (issue 19).

tests/test_incremental.py holds one hand-listed edit at a time; here a seeded generator (random_edits.py)
chains every kind of edit, public builds, the search index and brochures included, and after each step both
incremental paths are compared byte for byte with a clean build made by another process (proof.py). These
are short runs; ``invoke incremental-proof --steps 2000`` is the long one.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import SITES
from proof import Proof, Run, new_site
from random_edits import Configure, Corpus, Invalid, State, Tools, propose, sources

RUNS = [Run(1, steps=5), Run(12, steps=2, public=True, search=True), Run(16, steps=1, brochures=True)]


@pytest.mark.slow
@pytest.mark.parametrize("run", RUNS, ids=lambda run: run.replay())
def test_every_step_of_a_random_sequence_of_edits_builds_incrementally_as_a_clean_build(run: Run, tmp_path: Path,
                                                                                        office):
    proof = Proof(run, tmp_path, office)
    try:
        difference = proof.run_all()
    finally:
        proof.close()
    assert difference is None, str(difference)


def test_the_records_are_written_back_as_staff_write_them():
    corpus = Corpus.read(SITES / "minimal")
    assert {path: doc.text() for path, doc in corpus.docs.items()} == {
        path: (SITES / "minimal" / path).read_text(encoding="utf-8") for path in corpus.docs}


def edited(seed: int, steps: int, into: Path) -> tuple[list[str], dict[str, bytes]]:
    """``steps`` edits of a seed, without building (nothing signed: signing checks the site)."""
    root, rng, state, said = new_site(into), random.Random(seed), State(signing=False), []
    while len(said) < steps:
        op = propose(root, rng, state)
        if not isinstance(op, Invalid):  # the step after one puts the sources back: here, none is made
            op.apply(root, Tools(None, None))
            said.append(op.describe())
        if isinstance(op, Configure):
            state.public, state.search = op.public, op.search
    return said, sources(root)


def test_a_seed_makes_the_same_edits_every_time_and_the_records_stay_valid(tmp_path: Path):
    from catalog.build import check
    from conftest import SETTINGS, site_settings

    first, files = edited(7, 80, tmp_path / "a")
    assert edited(7, 80, tmp_path / "b") == (first, files)
    assert edited(8, 80, tmp_path / "c")[0] != first
    check(SETTINGS, site_settings(tmp_path / "a" / "site"))  # raises BuildFailed if the edits broke the site


def test_a_signature_made_or_taken_back_while_serving_shows_on_every_page_at_once(tmp_path: Path, office):
    # Found by the random proof (seed 1, step 2): the serve path reused the tokens of pages showing an item
    # whose review changed though none of its files did, so they kept saying 草稿 without the 审核记录.
    from catalog.session import Session
    from outputs import site_files
    from proof import overrides
    from reviewers import sign, write_roster

    root = new_site(tmp_path / "serve")
    write_roster(root, office)
    running = Session(root / "pelicanconf.py", overrides(root, State(), False), serving=True)
    running.build()
    signatures = root / "reviews/routes/hongse.yml"
    for change in (lambda: sign(root, office, ("data/routes/hongse.yml",)), signatures.unlink):
        change()
        running.build([signatures], later=True)
        running.finish()
        clean = tmp_path / f"clean-{signatures.exists()}"
        shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".output-*", ".cache"))
        Session(clean / "pelicanconf.py", overrides(clean, State(), False)).build()
        assert site_files(root / "output") == site_files(clean / "output")
    page = (root / "output/routes/hongse/index.html").read_text(encoding="utf-8")
    assert "草稿" in page and "审核记录" not in page
