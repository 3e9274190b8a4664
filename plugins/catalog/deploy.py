"""Putting a public build online in one step, and taking it back: releases, and one link switched.

    TARGET/
      releases/20261205-101500/   one folder per deploy, each a whole site
      releases/20261204-163000/
      current -> releases/20261205-101500   what the web server serves (hosting/nginx/dangjian.conf: root)

``make deploy TARGET=…`` refuses anything but a whole public build made with the site's address (the
build's stamp says which it is, and lists every file with its size: stamp.py). It copies the build into a
new folder under ``releases/``, a file that the release before has unchanged (same size, same time: the
build never rewrites an unchanged file) hard-linked instead of copied, as ``rsync --link-dest`` does;
checks the copy against the stamp again; and only then switches ``current``: a new link made beside it is
renamed over it, which is atomic, so a visitor gets the old site or the new one, never a mix and never
nothing. The newest ``keep`` releases are kept (always the current one), older ones deleted.
``make rollback TARGET=…`` switches ``current`` back to the release before it.

TARGET is a folder on this machine or a mounted one; docs/hosting.md gives the same steps over ssh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .stamp import STAMP, Stamp, read_stamp

RELEASES = "releases"
CURRENT = "current"
KEEP = 3  # releases kept: the current one and the two before it
_SHOWN = 3  # files named in a message, at most


class DeployRefused(Exception):
    """Nothing was changed online; the message says why, for staff."""


@dataclass(frozen=True)
class Deployed:
    release: str  # "releases/20261205-101500"
    previous: str | None  # what ``current`` was before
    files: int
    copied_bytes: int
    linked: int  # files hard-linked from the previous release
    removed: list[str]  # older releases deleted


def check_public(source: Path) -> Stamp:
    """The stamp of the whole public build in ``source``; raises DeployRefused saying what is wrong."""
    shown = source.name + "/"
    if not source.is_dir():
        raise DeployRefused(f"没有找到要上线的网站 {shown}：请先运行 make publish 生成正式发布的版本。")
    stamp = read_stamp(source)
    if stamp is None:
        raise DeployRefused(f"{shown} 不是本项目生成的网站（没有 {STAMP}），或者生成没有完成，不能上线。"
                            "请运行 make publish 重新生成，再上线。")
    if stamp.kind != "public":
        raise DeployRefused(f"{shown} 是预览版本（make site 或 make serve 生成的，含有未审核的稿件和“草稿”“待审”标记），"
                            "不能上线。请运行 make publish 生成正式发布的版本（在 public/ 里），上线那个版本。")
    if not stamp.public_url:
        raise DeployRefused(f"{shown} 生成时没有设置网站地址 SITE_PUBLIC_URL：网页里没有网站地图和订阅，分享出去的链接也不对，"
                            "不能上线。请这样重新生成：SITE_PUBLIC_URL=https://网站域名/ make publish")
    wrong = _differences(source, stamp)
    if wrong:
        raise DeployRefused(f"{shown} 不完整：{wrong}。可能是生成或复制中途被打断了。请运行 make publish 重新生成，再上线。")
    return stamp


def _differences(folder: Path, stamp: Stamp) -> str:
    """What ``folder`` holds that differs from the stamp's list, said in Chinese; "" when nothing does."""
    present = _files(folder)
    missing = sorted(set(stamp.files) - set(present))
    extra = sorted(set(present) - set(stamp.files) - {STAMP})
    resized = sorted(rel for rel in set(stamp.files) & set(present) if present[rel] != stamp.files[rel])
    said = []
    for what, found in (("缺少", missing), ("大小不对", resized), ("多出（不是这次生成的）", extra)):
        if found:
            said.append(f"{what} {len(found)} 个文件（{'、'.join(found[:_SHOWN])}{'等' if len(found) > _SHOWN else ''}）")
    return "；".join(said)


def _files(folder: Path) -> dict[str, int]:
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            found[os.path.relpath(path, folder).replace(os.sep, "/")] = os.lstat(path).st_size
    return found


def deploy(source: Path, target: Path, keep: int = KEEP, now: dt.datetime | None = None) -> Deployed:
    """``source`` (a public build) online under ``target``; raises DeployRefused, changing nothing online."""
    stamp = check_public(source)
    _check_target(target)
    with _locked(target):
        releases = target / RELEASES
        releases.mkdir(exist_ok=True)
        previous = _current(target)
        name = _new_name(releases, now or dt.datetime.now())
        incoming = releases / f".incoming-{name}"
        shutil.rmtree(incoming, ignore_errors=True)
        try:
            copied, linked = _copy(source, incoming, releases / previous if previous else None)
            wrong = _differences(incoming, stamp)
            if wrong:
                raise DeployRefused(f"复制到 {incoming} 的网站不完整：{wrong}。网上的网站没有改动。"
                                    "请检查目标磁盘的空间和网络连接，再运行一次。")
            incoming.rename(releases / name)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        _switch(target, name)
        removed = _prune(releases, keep, name)
    return Deployed(f"{RELEASES}/{name}", f"{RELEASES}/{previous}" if previous else None, len(stamp.files) + 1,
                    copied, linked, removed)


def rollback(target: Path) -> tuple[str, str]:
    """``current`` switched back to the release before it; (from, to). Raises DeployRefused."""
    _check_target(target)
    with _locked(target):
        current = _current(target)
        releases = _releases(target / RELEASES)
        earlier = [r for r in releases if current is None or r < current]
        if current is None or not earlier:
            now = f"现在上线的是 {RELEASES}/{current}" if current else "还没有上线过任何版本"
            raise DeployRefused(f"{target} 里没有更早的版本可以退回（{now}）。")
        _switch(target, earlier[-1])
    return f"{RELEASES}/{current}", f"{RELEASES}/{earlier[-1]}"


def _check_target(target: Path) -> None:
    if not target.is_dir():
        raise DeployRefused(f"上线的目标文件夹 {target} 不存在：请先创建它，或检查网络盘是否已经挂载。")
    current = target / CURRENT
    if current.exists() and not current.is_symlink():
        raise DeployRefused(f"{current} 是一个普通的文件夹，不是 make deploy 建立的链接，不会改动它。"
                            f"请管理员先把它改名（如 {CURRENT}.old），再上线。")


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """One deploy or rollback at a time on a target."""
    with open(target / ".deploy.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeployRefused(f"{target} 正在上线或退回另一个版本（另一个 make deploy 或 make rollback 还没有结束），"
                                "请等它结束后再运行。") from None
        yield


def _current(target: Path) -> str | None:
    """The release ``current`` points to (its folder name), or None."""
    link = target / CURRENT
    if not link.is_symlink():
        return None
    pointed = Path(os.readlink(link))
    return pointed.name if pointed.parent.name == RELEASES and (target / RELEASES / pointed.name).is_dir() else None


def _releases(folder: Path) -> list[str]:
    """Release folders, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _new_name(releases: Path, now: dt.datetime) -> str:
    name = now.strftime("%Y%m%d-%H%M%S")
    taken = set(_releases(releases))
    number = 1
    chosen = name
    while chosen in taken:  # two deploys within one second
        number += 1
        chosen = f"{name}-{number}"
    return chosen


def _copy(source: Path, into: Path, before: Path | None) -> tuple[int, int]:
    """``source`` copied to ``into`` (times kept: the web server's ETags stay the same for unchanged files);
    a file the release ``before`` has with the same size and time is hard-linked from it. (bytes, links)."""
    copied = linked = 0
    for parent, dirs, names in os.walk(source):
        dirs.sort()
        relative = os.path.relpath(parent, source)
        (into / relative).mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            path, target = os.path.join(parent, name), into / relative / name
            seen = os.stat(path)
            if before is not None and _same(seen, before / relative / name):
                try:
                    os.link(before / relative / name, target)
                    linked += 1
                    continue
                except OSError:  # a file system without hard links: copied instead
                    pass
            shutil.copy2(path, target)
            copied += seen.st_size
    return copied, linked


def _same(seen: os.stat_result, other: Path) -> bool:
    try:
        kept = os.stat(other)
    except OSError:
        return False
    return kept.st_size == seen.st_size and kept.st_mtime_ns == seen.st_mtime_ns


def _switch(target: Path, release: str) -> None:
    """``current`` made to point at ``release`` in one step: a new link renamed over the old one."""
    link = target / f".{CURRENT}-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{release}", link)  # relative: right wherever the folder is mounted
    os.replace(link, target / CURRENT)


def _prune(releases: Path, keep: int, current: str) -> list[str]:
    """The releases beyond the newest ``keep`` deleted (never the current one); their names."""
    every = _releases(releases)
    old = [r for r in every[:-keep] if r != current] if keep > 0 else []
    for name in old:
        shutil.rmtree(releases / name, ignore_errors=True)
    return old
