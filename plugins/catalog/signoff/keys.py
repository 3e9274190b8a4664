"""OpenSSH's ssh-keygen, which makes reviewers' keys and signs with them (Debian's openssh-client).

Signing runs ssh-keygen rather than reading the private key here: the key stays in ssh-keygen's hands (and
its passphrase prompt, or ssh-agent); this project never reads a private key. Verifying is done in-process
(verify.py): a build checks thousands of signatures and cannot start a process for each.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

DEFAULT_KEY = Path("~/.ssh/dangjian_review").expanduser()


class SignoffError(Exception):
    """What went wrong with ssh-keygen or a key, said for staff."""


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SignoffError("找不到 ssh-keygen 程序，无法签名。请先运行 make test 或 make site（会自动安装 openssh-client），"
                        "或请技术人员运行：sudo apt-get install openssh-client")
    return found


def sign(key: Path, namespace: str, data: bytes) -> str:
    """The armored SSH signature of ``data`` by the private key ``key``."""
    if not key.exists():
        raise SignoffError(f"找不到签名用的私钥 {key}。还没有密钥时先运行 make reviewer-key，把生成的公钥交给管理员加入名单。")
    done = subprocess.run([_ssh_keygen(), "-q", "-Y", "sign", "-f", str(key), "-n", namespace], input=data,
                          capture_output=True)
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip()
        raise SignoffError(f"ssh-keygen 没能用 {key} 签名（{said or done.returncode}）。请确认这是你的私钥、密码输入正确。")
    return done.stdout.decode("ascii")


def new_key(key: Path, comment: str) -> str:
    """Make an ed25519 key pair at ``key`` (ssh-keygen asks for a passphrase); the public key line."""
    if key.exists():
        raise SignoffError(f"{key} 已经存在，没有覆盖。要用它签名，直接运行 make sign；它的公钥在 {key}.pub。")
    key.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    done = subprocess.run([_ssh_keygen(), "-q", "-t", "ed25519", "-C", comment, "-f", str(key)])
    if done.returncode != 0:
        raise SignoffError(f"ssh-keygen 没能生成密钥（返回 {done.returncode}）。")
    return public_key(key)


def public_key(key: Path) -> str:
    pub = Path(f"{key}.pub")
    if pub.exists():
        return pub.read_text(encoding="utf-8").strip()
    done = subprocess.run([_ssh_keygen(), "-y", "-f", str(key)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SignoffError(f"读不出 {key} 的公钥：{done.stderr.strip()}")
    return done.stdout.strip()
