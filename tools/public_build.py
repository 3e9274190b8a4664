"""The shipped content as ``make publish`` builds it, for the hosting test and ``invoke lighthouse``.

The repository's content carries no review signatures (an office signs its own), so a copy of it is
signed at all three levels by the benchmark's seeded office (bench/signing.py), and the build is given
that office's administrator key, as a publishing machine is given its own.

    root = signed_copy(scratch)
    publish(root, "http://127.0.0.1:8080/")      # -> root / "public"
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))
sys.path.insert(0, str(PROJECT))

from bench.signing import admin_public, sign_everything  # noqa: E402
from catalog.session import Session  # noqa: E402
from catalog.outcome import Built  # noqa: E402
from catalog.signoff.roster import ADMIN_KEY, ADMIN_KEY_FILE  # noqa: E402

SEED = 15  # the office's keys; any seed signs alike


def signed_copy(into: Path, seed: int = SEED) -> Path:
    """content/ and data/ of the project copied under ``into`` and every item signed; the copy's root."""
    root = into / "site"
    for folder in ("content", "data"):
        shutil.copytree(PROJECT / folder, root / folder)
    sign_everything(root, seed)
    return root


@contextmanager
def _administrator(seed: int) -> Iterator[None]:
    saved = {name: os.environ.pop(name, None) for name in (ADMIN_KEY, ADMIN_KEY_FILE)}
    os.environ[ADMIN_KEY] = admin_public(seed)
    try:
        yield
    finally:
        os.environ.pop(ADMIN_KEY, None)
        os.environ.update({k: v for k, v in saved.items() if v is not None})


# make publish refuses a site without its identification (publishing.py); a test build of the shipped content is
# given these, which say plainly that they are not an office's (no such filing exists).
TEST_IDENTITY = {"host": "测试主办单位（非真实）", "contact": "测试用联系方式（非真实）", "icp": "京ICP备00000000号",
                 "site_code": "0000000000"}


def publish_settings(root: Path, public_url: str, brochures: bool = False, **more: Any) -> dict[str, Any]:
    """publishconf.py's settings for the copy at ``root``, with this public address (as the environment gives it)."""
    return {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "public"), "SITE_PUBLIC_URL": public_url,
            "SITEURL": public_url.rstrip("/"), "RELATIVE_URLS": False, "SITE_BROCHURE": brochures,
            "CATALOG_FOOTER": TEST_IDENTITY, **more}


def publish(root: Path, public_url: str, brochures: bool = False, seed: int = SEED, **more: Any) -> Built:
    """The public build of the signed copy at ``root`` into ``root / "public"``."""
    with _administrator(seed):
        return Session(PROJECT / "publishconf.py", publish_settings(root, public_url, brochures, **more)).build()
