"""What the pre-commit hook (`make hooks`) does to a commit before it is made: photos lose their GPS.

The hook sees what is staged (git's index), which need not be what is in the folder: a photo may have been
staged and changed again since. So the staged copy itself is read, the place taken out (originals.py), and the
cleaned copy staged in its stead; the file in the folder is cleaned too when it is that same staged copy, so no
unstaged change brings the place back. A photo whose place cannot be taken out stops the commit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .originals import CannotStrip, is_photo, strip_file, without_location


class StagedPhotoRefused(Exception):
    """A photo being committed records where it was taken and that cannot be removed; the message says what to do."""


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=True).stdout


def strip_staged_photos(root: Path) -> list[str]:
    """Stage every photo being committed without its place; the paths changed. Raises StagedPhotoRefused."""
    listed = _git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    stripped, refused = [], []
    for name in (n.decode("utf-8", "surrogateescape") for n in listed.split(b"\0") if n):
        if not is_photo(Path(name)):
            continue
        mode = _git(root, "ls-files", "-s", "-z", "--", name).split(b" ", 1)[0].decode()
        if mode == "120000":
            continue  # a link, not a photo's bytes (the photo checks refuse links that lead out)
        staged = _git(root, "cat-file", "blob", f":{name}")
        try:
            cleaned = without_location(staged)
        except CannotStrip as cannot:
            refused.append(f"{name}：{cannot}")
            continue
        if cleaned is None:
            continue
        blob = _git(root, "hash-object", "-w", "--stdin", data=cleaned).decode().strip()
        _git(root, "update-index", "--cacheinfo", f"{mode},{blob},{name}")
        in_folder = root / name
        if in_folder.is_file() and not in_folder.is_symlink() and in_folder.read_bytes() == staged:
            strip_file(in_folder)
        stripped.append(name)
    if refused:
        raise StagedPhotoRefused(
            "这些照片带有拍摄地点（GPS），而且无法自动去掉：\n" + "\n".join(f"  {r}" for r in refused) +
            "\n请换一张不带位置信息的照片。先不提交它们：git restore --staged " +
            " ".join(_quoted(r.split("：", 1)[0]) for r in refused))
    return stripped


def _quoted(name: str) -> str:
    return name if all(c.isalnum() or c in "._-/" for c in name) else "'" + name.replace("'", "'\\''") + "'"

