"""GPS never enters the repository: the real pre-commit hook (`make hooks`) in a real git repository, and
`make check`, take the place a photo was taken out of the original itself."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from catalog.originals import has_location, without_location
from conftest import PROJECT, project_checkout
from PIL import Image
from phone_photos import phone_photo

pytestmark = pytest.mark.slow

GIT = ("git", "-c", "user.name=王小红", "-c", "user.email=wang@example.org")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository as an office has it: the project, the minimal site's content, the hook installed."""
    root = project_checkout(tmp_path / "repo")
    (root / ".venv").symlink_to(PROJECT / ".venv")
    (root / ".gitignore").write_text(".venv\noutput/\n.cache/\n.output-*\n", encoding="utf-8")
    run(root, "git", "init", "-q")
    installed = run(root, ".venv/bin/invoke", "hooks")
    assert "已安装提交前检查" in installed.stdout
    run(root, *GIT, "add", "-A")
    run(root, *GIT, "commit", "-qm", "网站内容")
    return root


def run(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300)
    assert not check or done.returncode == 0, done.stdout + done.stderr
    return done


def committed(root: Path, path: str) -> bytes:
    return subprocess.run(["git", "show", f"HEAD:{path}"], cwd=root, capture_output=True, check=True).stdout


def with_photo(root: Path, photo: Path) -> None:
    """The village names the photo dropped beside it, as the guide says."""
    village = root / "data/villages/xiaowang.yml"
    village.write_text(village.read_text(encoding="utf-8") + f"photos:\n  - file: {photo.name}\n    alt: 晓望村茶园\n",
                       encoding="utf-8")


def test_a_jpeg_with_gps_cannot_be_committed_with_it(repo: Path):
    photo = phone_photo(repo / "data/villages/xiaowang-1.jpg")
    before = photo.read_bytes()
    assert has_location(before)
    with_photo(repo, photo)
    run(repo, *GIT, "add", "data/villages")
    commit = run(repo, *GIT, "commit", "-m", "晓望村照片")
    said = commit.stderr  # git shows what a hook prints on its error stream
    assert "已去掉这些照片里的拍摄地点（GPS），提交的是去掉以后的照片：\n  data/villages/xiaowang-1.jpg" in said
    assert "检查通过" in said
    stored = committed(repo, "data/villages/xiaowang-1.jpg")
    assert not has_location(stored)
    assert stored == without_location(before)  # the rest of the file as it was: only the place is gone
    with Image.open(photo) as image:  # the file in the folder too, so no unstaged change brings GPS back
        assert not image.getexif().get_ifd(0x8825)
        assert image.getexif()[0x0112] == 6  # the orientation, and so the picture, unchanged
    assert run(repo, "git", "status", "--porcelain").stdout == ""


def test_a_photo_staged_then_changed_is_committed_as_staged_without_gps(repo: Path):
    """What is committed is what was staged: cleaned in the index even when the folder has moved on."""
    photo = phone_photo(repo / "data/villages/xiaowang-1.jpg")
    with_photo(repo, photo)
    run(repo, *GIT, "add", "data/villages")
    phone_photo(photo, size=(2400, 1800))  # changed again after staging, not staged
    run(repo, *GIT, "commit", "-m", "晓望村照片")
    stored = committed(repo, "data/villages/xiaowang-1.jpg")
    assert not has_location(stored) and Image.open(io.BytesIO(stored)).size == (2000, 1500)  # the staged photo
    # The newer one in the folder stays the newer one, and loses its place to the check the hook runs.
    assert not has_location(photo.read_bytes()) and Image.open(photo).size == (2400, 1800)
    assert run(repo, "git", "status", "--porcelain").stdout == " M data/villages/xiaowang-1.jpg\n"


def test_make_check_takes_gps_out_of_the_originals(repo: Path):
    photo = phone_photo(repo / "data/villages/xiaowang-1.jpg")
    with_photo(repo, photo)
    checked = run(repo, ".venv/bin/invoke", "check")
    assert "已去掉 1 张照片原图里的拍摄地点（GPS）" in checked.stdout and "data/villages/xiaowang-1.jpg" in checked.stdout
    assert not has_location(photo.read_bytes())
    assert "[photo-gps]" not in checked.stdout  # nothing left to warn about
    # What waits for review is said by what it waits for, not item by item for a page.
    assert "  草稿 8 项：作者完成后把 status 改为“待审”，再请审核人签名（make sign）\n" in checked.stdout
    assert "    ……另有 3 项\n检查通过" in checked.stdout
