"""Work split over forked processes: each child inherits everything the parent has built (copy-on-write).

Nothing is pickled on the way in: a child starts as a copy of the parent, with
the catalog, the Jinja environment and the memo already there, and works on its
own share; only its result comes back, pickled through a pipe. The parent does
the first share itself. A child's exception (a BuildFailed with its problems,
or any other) is raised in the parent; Pelican's log warnings in a child are
logged again in the parent, where the build collects them.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .logs import collect_warnings

T = TypeVar("T")
R = TypeVar("R")
_LOGGER = "pelican"


class WorkerFailed(RuntimeError):
    """A worker died (killed, or out of memory) or failed with an error that could not be sent back.

    Its message is for staff: invoke build prints it as it is (tasks.py), the preview shows it."""


def fork_map(work: Callable[[T], R], shares: Sequence[T]) -> list[R]:
    """``[work(s) for s in shares]``, the first in this process and each other in a forked child."""
    if len(shares) <= 1:
        return [work(s) for s in shares]
    gc.freeze()  # the collector would otherwise write to every inherited object's header, copying its page
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            children.append(_fork(work, share))
        results = [work(shares[0])]
        while children:
            results.append(_collect(*children.pop(0)))
        return results
    finally:
        for pid, reader in children:  # after a failure: no child is left behind
            _kill(pid)
            os.close(reader)


class Background:
    """One piece of work in a forked process of its own group (so that stopping it stops what it started)."""

    def __init__(self, work: Callable[[], R]):
        gc.freeze()
        self.pid, self._reader = _fork(lambda _: work(), None, own_group=True)
        self.cancelled = False

    def result(self) -> Any:
        """Wait for the work's result (raised again here if it failed)."""
        return _collect(self.pid, self._reader)

    def cancel(self) -> None:
        self.cancelled = True
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _fork(work: Callable[[T], R], share: T, own_group: bool = False) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        if own_group:
            os.setpgid(0, 0)
        os.close(reader)
        code = 0
        try:
            with collect_warnings(_LOGGER, echo=False) as log:
                try:
                    outcome: tuple = ("ok", work(share))
                except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
                    outcome = ("error", error, traceback.format_exc())
            payload = pickle.dumps((outcome, log.messages), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - an unpicklable result or error
            payload = pickle.dumps((("error", None, traceback.format_exc()), []))
            code = 1
        with os.fdopen(writer, "wb") as out:
            out.write(payload)
        os._exit(code)
    os.close(writer)
    if own_group:
        with contextlib.suppress(OSError):  # also here, so that it is in its group before anyone stops it
            os.setpgid(pid, pid)
    return pid, reader


def _collect(pid: int, reader: int) -> Any:
    try:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        raise WorkerFailed(f"生成网站的一个工作进程意外退出（退出状态 {status}，常见原因是内存不足），网站没有生成，"
                           "output/ 没有被改动。请再运行一次；仍然出错请把这段提示发给技术人员。")
    (outcome, messages) = pickle.loads(data)
    for message in messages:
        logging.getLogger(_LOGGER).warning("%s", message)
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[1] is not None:
        raise outcome[1]
    raise WorkerFailed(f"生成网站的一个工作进程出错，网站没有生成，output/ 没有被改动。请把这段提示发给技术人员：\n{outcome[2]}")


def _kill(pid: int) -> None:
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
