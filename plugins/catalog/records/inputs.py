"""What under content/ and data/ the build will not read: links that lead out of them, and files no reader takes.

A symbolic link could make a story or a record of any file on the build machine (``leak.md ->
/etc/passwd``), or hang the build on ``/dev/zero``: a file whose link (or a folder link on its way)
leads out of its folder is refused before anything opens it (``leaves``). A link to a folder is never
followed (the file listing does not descend into it), so the stories or records in it would vanish
without a word: it is reported (``unread``). So is an extension in capitals (``xiaowang.YML``,
``case.MD``), which no reader takes; file names are lower case anyway (records/validate.ID_PATTERN), so
staff are asked to rename the file rather than have it read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .problems import Problem


def leaves(file: Path, root: Path, real: Callable[[str], str] = os.path.realpath) -> bool:
    """Whether reading ``file``, listed under ``root``/content or ``root``/data, would read outside that folder.

    ``real`` may be a cache of ``os.path.realpath``: it is asked only about folders, which many files share,
    so that a file costs one ``lstat``."""
    path, base = os.fspath(file), os.path.join(os.fspath(root), "")
    rel = path[len(base):] if path.startswith(base) else os.path.relpath(path, root)
    folder = real(base + rel.partition(os.sep)[0])
    if os.path.islink(path):
        path = os.path.realpath(path)
    else:
        parent, _, name = path.rpartition(os.sep)
        path = real(parent) + os.sep + name
    return not path.startswith(folder + os.sep)


def link_out(file: Path, root: Path) -> Problem:
    """The problem with ``file``, a link that leads out of its folder."""
    rel = file.relative_to(root)
    return Problem(rel.as_posix(), 1, "", f"这是一个链接（符号链接），指向 {rel.parts[0]}/ 以外的“{_target(file)}”。"
                   f"网站只读取 {rel.parts[0]}/ 里的文件，不会跟着链接去读别处的文件：请把文件本身复制进来，"
                   "或删除这个链接。", "file-link")


def unread(files: Iterable[Path], folder_links: Iterable[Path], root: Path, suffixes: tuple[str, ...]) -> list[Problem]:
    """The files listed under a folder that no reader takes, and its links to folders, as problems.

    ``suffixes``: the extensions read there, in lower case (a photo's ``.JPG`` is left alone)."""
    problems = [Problem(link.relative_to(root).as_posix(), 0, "", f"这是一个文件夹链接（符号链接），指向“{_target(link)}”。"
                        "生成网站时不会进入链接的文件夹，里面的文件不会出现在网站上：请把文件本身放进来，或删除这个链接。",
                        "file-link") for link in folder_links]
    for file in files:
        if file.name.islower():  # nearly every name: nothing in capitals
            continue
        suffix = file.suffix
        if suffix != suffix.lower() and suffix.lower() in suffixes:
            problems.append(Problem(file.relative_to(root).as_posix(), 1, "",
                                    f"扩展名“{suffix}”要写成小写的“{suffix.lower()}”，否则这个文件不会被读取。"
                                    f"请把文件改名为“{file.stem}{suffix.lower()}”。", "file-name"))
    return problems


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:  # pragma: no cover - removed meanwhile
        return "?"
