"""The swap of a finished build into output/: output/ exists, whole, at every instant, whenever the build dies.

A build runs in a child process that kills itself (SIGKILL: what the OOM killer, a closed terminal's
`kill -9` or a power cut leave) at one step of the swap. output/ must then hold every file of the last good
build or every file of the new one, and the next build must publish the new site and leave nothing beside it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from catalog.incremental import output, swap
from conftest import PROJECT, TESTS, build_without_search, copy_site, half_built
from outputs import site_files


# The child: the real build, with one step of the swap made fatal. Patched here, not in the code: the build
# has no hook for it. "output/ first moved" hooks both ways a swap can move output/ (a rename, or an exchange).
CHILD = r'''
import os, signal, sys
from pathlib import Path
from catalog.incremental import output
from conftest import build_without_search

root, point = Path(sys.argv[1]), sys.argv[2]
final = root / "output"

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(function, moved_output):
    def patched(*args):
        done = function(*args)
        if moved_output(done, *args):
            die()
        return done
    return patched

if point == "without exchange":
    output.exchange = lambda a, b: False  # a file system without renameat2(RENAME_EXCHANGE)
if point == "before the swap":
    output.Staging.swap_in = lambda self, final: die()
if point in ("output/ first moved", "without exchange"):
    Path.rename = after(Path.rename, lambda done, source, target: final in (Path(source), Path(target)))
    if hasattr(output, "exchange"):
        output.exchange = after(output.exchange, lambda exchanged, a, b: exchanged)
if point == "before the standby is level":
    output.Staging.catch_up = lambda self, final, trees: die()
build_without_search(root)
raise SystemExit("the build was not stopped")
'''


def killed_build(root: Path, point: str) -> None:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT / "plugins"), str(TESTS)])}
    child = subprocess.run([sys.executable, "-c", CHILD, str(root), point], env=environment, capture_output=True,
                           text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr[-3000:]


def change(root: Path) -> None:
    village = root / "data/villages/xiaowang.yml"
    village.write_text(village.read_text(encoding="utf-8").replace("崂山东麓的茶乡。", "崂山东麓的茶乡，三面环山。"),
                       encoding="utf-8")
    (root / "content/pages/about.md").unlink()  # a page gone, too


def leftovers(root: Path, patience: float = 30) -> list[str]:
    """What is beside output/ apart from the standby, once the folders being deleted in the background are gone."""
    deadline = time.monotonic() + patience
    while any(root.glob(".discarded-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return half_built(root) + sorted(p.name for p in root.glob(".discarded-*"))


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The files of the minimal site built clean after ``change`` (Pagefind's shuffled files by what they say)."""
    after = copy_site("minimal", tmp_path_factory.mktemp("after"))
    change(after)
    build_without_search(after)
    return site_files(after / "output")


@pytest.mark.slow
@pytest.mark.parametrize(("point", "published"), [
    ("before the swap", "old"),
    ("output/ first moved", "new"),  # the exchange: output/ is the new site, the old one is the standby already
    ("before the standby is level", "new"),
])
@pytest.mark.parametrize("standby", [False, True], ids=["first build", "standby reused"])
def test_a_build_killed_at_the_swap_leaves_a_whole_output_and_the_next_build_cleans_up(
        point: str, published: str, standby: bool, new: dict, minimal: Path):
    build_without_search(minimal)
    if standby:
        build_without_search(minimal)  # a build with nothing to do: the standby is level with output/, and is reused next
    old = site_files(minimal / "output")
    change(minimal)
    killed_build(minimal, point)
    if published == "old":
        assert site_files(minimal / "output") == old  # byte for byte
    else:
        assert site_files(minimal / "output") == new
    build_without_search(minimal)
    assert site_files(minimal / "output") == new
    assert leftovers(minimal) == []
    # Level again, so that the build after this one works in it.
    assert site_files(minimal / ".output-standby") == site_files(minimal / "output")


@pytest.mark.slow
def test_without_exchange_a_kill_between_the_renames_is_mended_by_the_next_build(new: dict, minimal: Path):
    # Where renameat2(RENAME_EXCHANGE) is missing, output/ is moved aside, then the new site put in its place:
    # killed in between, there is no output/ until the next build puts the last good site back, first of all.
    build_without_search(minimal)
    old = site_files(minimal / "output")
    change(minimal)
    killed_build(minimal, "without exchange")
    assert not (minimal / "output").exists()
    swap.clear_leftovers(minimal / "output")
    assert site_files(minimal / "output") == old
    build_without_search(minimal)
    assert site_files(minimal / "output") == new
    assert leftovers(minimal) == []


def test_exchange_trades_two_folders_in_one_step(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/page.html").write_text("a")
    (tmp_path / "b").mkdir()
    assert swap.exchange(tmp_path / "a", tmp_path / "b")  # tmpfs and ext4, where the tests run, have it
    assert not (tmp_path / "a/page.html").exists() and (tmp_path / "b/page.html").read_text() == "a"
    with pytest.raises(FileNotFoundError):
        swap.exchange(tmp_path / "a", tmp_path / "missing")


def test_leftovers_are_deleted_but_nothing_else(tmp_path: Path):
    final = tmp_path / "output"
    for name in ["output", ".output-standby", ".output-building-x", ".output-previous-y",
                 ".discarded-output-standby-z", ".output-finishing-w", "content", ".discarded-other"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(name)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.html").write_text("keep")
    (tmp_path / ".output-building-link").symlink_to(outside, target_is_directory=True)
    swap.clear_leftovers(final)
    deadline = time.monotonic() + 30
    while any(tmp_path.glob(".discarded-output-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".discarded-other", ".output-building-link", ".output-finishing-w", ".output-standby", "content", "output",
        "outside"]  # a finishing folder may be a running preview's; a symlink is never followed
    assert (outside / "keep.html").read_text() == "keep"


def test_one_build_at_a_time_works_beside_output(tmp_path: Path):
    lock = tmp_path / ".cache/build/output.lock"
    locks = "import fcntl, sys; fcntl.lockf(open(sys.argv[1], 'ab'), fcntl.LOCK_EX | fcntl.LOCK_NB)"
    other = [sys.executable, "-c", locks, str(lock)]
    with swap.publishing(tmp_path / "output", lock):
        held = subprocess.run(other, capture_output=True, text=True, timeout=60)
        assert held.returncode == 1 and "BlockingIOError" in held.stderr  # another build would wait here
    assert subprocess.run(other, timeout=60).returncode == 0
