"""Failures that are not about content: the build could not write its files (the disk full, no permission).

Staff are told in Chinese what happened, to which file, and what to do; never
a traceback. A build writes only into its staging folder until the swap
(incremental/output.py), so when a write fails the site is not updated and
output/ is exactly as it was, which every message says. ``writing`` turns the
OSError of a build's writes into WriteFailed; ``check_writable`` finds a
read-only output/ before any work is done. Other errors pass through: an
unreadable story or photo is a problem of that file, said where it is read.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
NOT_ALLOWED = frozenset({errno.EACCES, errno.EPERM})
READ_ONLY_DISK = frozenset({errno.EROFS})

_UNCHANGED = "网站没有更新，{output}/ 保持上一次的样子。"
_DISK_FULL = "磁盘空间不足：{doing}时失败。请清理磁盘、腾出空间后重新运行 make site；" + _UNCHANGED
_NOT_ALLOWED = ("没有写入 {folder} 的权限：写入 {file} 时被拒绝。请确认 {folder} 和它所在的文件夹属于当前用户、允许写入"
                "（例如运行 chmod -R u+w {bare}；曾用 sudo 生成过的，先用 sudo chown -R 改回当前用户），"
                "然后重新运行 make site；" + _UNCHANGED)
_READ_ONLY_DISK = ("磁盘是只读的：写入 {file} 时失败。请把项目放到可以写入的磁盘上（或把这块磁盘重新挂载为可写），"
                   "然后重新运行 make site；" + _UNCHANGED)


class WriteFailed(Exception):
    """The build could not write its files, and published nothing. The message is for staff: invoke build prints
    it as it is, the preview shows it."""


def explain(error: OSError, output: Path, root: Path) -> WriteFailed | None:
    """What staff are told when a build writing ``output`` (of the site at ``root``) failed with ``error``;
    None when it is not a failure to write."""
    shown, ours = _shown(error.filename, output, root)
    said = {"output": output.name, "file": shown}
    if error.errno in DISK_FULL:  # whatever was being written: the disk is full for all of it
        return WriteFailed(_DISK_FULL.format(doing=f"写入 {shown} " if shown else "写入文件", **said))
    if not ours:  # a file the build only reads: its own message, where it is read
        return None
    folder = shown.split("/", 1)[0]
    if error.errno in NOT_ALLOWED:
        return WriteFailed(_NOT_ALLOWED.format(folder=f"{folder}/", bare=folder, **said))
    if error.errno in READ_ONLY_DISK:
        return WriteFailed(_READ_ONLY_DISK.format(**said))
    return None


@contextlib.contextmanager
def writing(output: Path, root: Path) -> Iterator[None]:
    """Inside: an OSError that is a failure to write is raised again as WriteFailed (anything else as it is)."""
    try:
        yield
    except OSError as error:
        failed = explain(error, output, root)
        if failed is None:
            raise
        raise failed from error


def check_writable(output: Path, root: Path) -> None:
    """Raises WriteFailed when output/, or the folder it is made in, cannot be written (a build would fail only
    after reading everything). As root every folder is writable, unless its disk is read-only."""
    for folder in (output, output.parent):
        if not folder.is_dir():
            continue
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise explain(OSError(errno.EROFS, os.strerror(errno.EROFS), str(output)), output, root)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise explain(PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(output)), output, root)


def _shown(filename: object, output: Path, root: Path) -> tuple[str | None, bool]:
    """How staff know the file, and whether the build writes there (output/ and the folders it works in beside
    it, shown as output/; the site's .cache/). A file in the staging folder is shown where it is being
    published: ``output/villages/xiaowang/index.html``."""
    if not isinstance(filename, str | bytes | os.PathLike):
        return None, False
    path = Path(os.path.abspath(os.fsdecode(filename)))
    beside, root = Path(os.path.abspath(output)).parent, Path(os.path.abspath(root))
    with contextlib.suppress(ValueError):
        parts = path.relative_to(beside).parts
        if not parts:
            return f"{output.name}/", True
        if parts[0] == output.name or parts[0].startswith((f".{output.name}-", f".discarded-{output.name}-")):
            return "/".join([output.name, *parts[1:]]) + ("" if parts[1:] else "/"), True
    with contextlib.suppress(ValueError):
        inside = path.relative_to(root)
        return inside.as_posix(), inside.parts[:1] == (".cache",)
    return str(path), False
