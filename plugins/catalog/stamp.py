"""Which build a folder holds, said by a small file every build writes at its root: ``.build.json``.

A preview (``make site``, ``make serve``) shows drafts, so it must never go online by mistake: the
deploy command (deploy.py) reads the stamp and refuses anything but a public build made with the site's
public address. A public build's stamp also lists every file of the site with its size, so a folder cut
short on its way (a copy interrupted, a file lost) is known before it is switched online.

    build_kind(Path("output"))   # "preview", "public", or None (not a folder this project built)

The name starts with a dot: the web server does not serve it (hosting/nginx/dangjian-site.conf).
The stamp holds no time, so two builds of the same sources write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

STAMP = ".build.json"
Kind = Literal["preview", "public"]


@dataclass(frozen=True)
class Stamp:
    kind: Kind
    public_url: str = ""  # SITE_PUBLIC_URL as the build had it; "" when it was not set
    files: Mapping[str, int] = field(default_factory=dict)  # a public build's every file (but this one): size

    def to_bytes(self) -> bytes:
        data: dict = {"kind": self.kind}
        if self.kind == "public":
            data |= {"public_url": self.public_url, "files": dict(sorted(self.files.items()))}
        return (json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n").encode("utf-8")


def read_stamp(folder: Path) -> Stamp | None:
    """The stamp of the build in ``folder``; None when there is none, or it cannot be read."""
    try:
        data = json.loads((folder / STAMP).read_text(encoding="utf-8"))
        kind = data["kind"]
        if kind not in ("preview", "public"):
            return None
        files = data.get("files") or {}
        if not all(isinstance(k, str) and isinstance(v, int) for k, v in files.items()):
            return None
        return Stamp(kind, str(data.get("public_url") or ""), files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def build_kind(folder: Path) -> Kind | None:
    """"preview" or "public": the kind of build ``folder`` holds; None when no build of this project made it."""
    stamp = read_stamp(folder)
    return None if stamp is None else stamp.kind
