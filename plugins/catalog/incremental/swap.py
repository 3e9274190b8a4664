"""output/ and the folders beside it: swapped in one step, worked in by one build at a time, cleared.

``exchange`` makes two folders trade places at once (renameat2 with
RENAME_EXCHANGE, glibc 2.28 and Linux 3.15, on ext4, tmpfs, xfs, btrfs): the
staging folder becomes output/ and output/ the standby, and output/ is never
missing, whenever the build is killed. ``publishing`` lets one build at a time
work beside output/ and first clears what killed builds left there. A folder of
no more use is renamed ``.discarded-*`` and deleted in the background, so nobody
waits for 10,000 files to be unlinked.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

# renameat2(2) (glibc 2.28, Linux 3.15): ``RENAME_EXCHANGE`` swaps two paths atomically.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What it says where the kernel or the file system cannot exchange: then nothing has moved.
_CANNOT_EXCHANGE = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP})


def _find_renameat2() -> Callable[..., int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # an older C library, or not Linux
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _find_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """``a`` and ``b`` trade places in one step; False (nothing moved) where that cannot be done."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@contextlib.contextmanager
def publishing(final: Path, lock: Path) -> Iterator[None]:
    """While a build works beside ``final``, no other does (one in another process waits here), and what builds
    killed half-way left there has been cleared first."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "ab") as handle:
        # A POSIX lock, not flock(): the processes a build forks (a folder deleted in the background for
        # seconds) do not inherit it, so it is released when the build ends. Closing the file releases it.
        fcntl.lockf(handle, fcntl.LOCK_EX)
        clear_leftovers(final)
        yield


def clear_leftovers(final: Path) -> None:
    """What killed builds left beside ``final``, deleted in the background: folders being built, the previous
    output/ of a swap by two renames, folders being deleted. If output/ itself is missing (killed between
    those renames), the last good site is put back first. Only folders, never what a symlink points to; a
    finishing folder (later.py) is left: a preview running in another process may be working in it.
    """
    parent = final.parent
    if not parent.is_dir():
        return

    def folders(pattern: str) -> list[Path]:
        return sorted(p for p in parent.glob(pattern) if p.is_dir() and not p.is_symlink())

    previous = folders(f".{final.name}-previous-*")
    if previous and not os.path.lexists(final):
        last = max(previous, key=lambda p: p.stat().st_mtime_ns)
        last.rename(final)
        previous.remove(last)
    for folder in [*previous, *folders(f".{final.name}-building-*")]:
        discard(folder)
    for folder in folders(f".discarded-{final.name}-*"):
        _delete_in_background(folder)


def discard(folder: Path) -> None:
    """Delete a folder of hard links in the background: its files' data belongs to output/."""
    gone = Path(tempfile.mkdtemp(prefix=f".discarded-{folder.name.lstrip('.')}-", dir=folder.parent))
    gone.rmdir()
    folder.rename(gone)
    _delete_in_background(gone)


def discard_quietly(folder: Path) -> None:
    """``discard`` on the way out of a failure, which must not be hidden by another (the next build clears it)."""
    with contextlib.suppress(OSError):
        discard(folder)


def _delete_in_background(folder: Path) -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child only starts the one that deletes, and ends
        try:
            os.setsid()
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
