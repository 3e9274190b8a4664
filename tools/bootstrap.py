#!/usr/bin/env python3
"""Prepare a fresh machine for `make site` / `make test`: system packages, .venv, pinned Python packages.

Standard library only: it runs before anything is installed. Idempotent and
quick when nothing changed, so the Makefile runs it every time instead of
trusting file times (a fresh git checkout resets them).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
APT_LIST = ROOT / "packages.apt"
STAMP = VENV / ".requirements.sha256"
NPM_LOCK = ROOT / "package-lock.json"
NPM_STAMP = ROOT / "node_modules" / ".package-lock.sha256"
MIN_PYTHON = (3, 11)


def say(message: str) -> None:
    print(f"[bootstrap] {message}", flush=True)


def wanted_packages(text: str) -> list[str]:
    """Package names from packages.apt: one per line, '#' starts a comment."""
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [name for name in names if name]


def installed(package: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip().endswith("installed")


def venv_works() -> bool:
    """Debian ships venv's pip bootstrap separately (python3-venv)."""
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def missing_packages() -> list[str]:
    if shutil.which("dpkg-query") is None:
        return []  # not Debian/Ubuntu: the README lists what to install by hand
    wanted = wanted_packages(APT_LIST.read_text(encoding="utf-8")) if APT_LIST.exists() else []
    if not VENV.exists() and not venv_works():
        wanted.append(f"python3.{sys.version_info.minor}-venv")
    if NPM_LOCK.exists() and shutil.which("npm") is None:
        wanted += ["nodejs", "npm"]  # a Node.js from elsewhere (nodesource, nvm) is fine too
    return [p for p in wanted if not installed(p)]


def install_system_packages(packages: list[str]) -> None:
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        prefix = ["sudo"]
    else:
        say("缺少系统软件包：" + " ".join(packages))
        say("请先运行下面这条命令（需要管理员权限），然后重新执行 make：")
        print(f"\n    sudo apt-get update && sudo {' '.join(command)}\n")
        sys.exit(1)
    say("安装系统软件包：" + " ".join(packages))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, "apt-get", "update"], check=True, env=env)
    subprocess.run([*prefix, *command], check=True, env=env)


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        say(f"创建虚拟环境 {VENV.name}/")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    return python


def ensure_requirements(python: Path) -> None:
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    say("安装 Python 依赖（版本固定在 requirements.lock）")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(LOCK)], check=True)
    STAMP.write_text(digest)


def ensure_node_modules() -> None:
    """Browser-side test tools (axe-core), pinned in package-lock.json."""
    if not NPM_LOCK.exists():
        return
    digest = hashlib.sha256(NPM_LOCK.read_bytes()).hexdigest()
    if NPM_STAMP.exists() and NPM_STAMP.read_text().strip() == digest:
        return
    say("安装网页测试工具（版本固定在 package-lock.json）")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    NPM_STAMP.write_text(digest)


def main() -> None:
    if sys.version_info < MIN_PYTHON:
        say(f"需要 Python {'.'.join(map(str, MIN_PYTHON))} 或更新版本，当前是 {sys.version.split()[0]}。")
        sys.exit(1)
    missing = missing_packages()
    if missing:
        install_system_packages(missing)
    ensure_requirements(ensure_venv())
    ensure_node_modules()


if __name__ == "__main__":
    main()
