"""The theme's files as the site publishes them: each under a name that carries its content's digest.

A template names a stylesheet, script or icon in one way only, ``{{ SITEURL }}/{{ asset("css/site.css") }}``,
and gets ``theme/css/site.3f9a0c12de.css``. A changed file gets a new name, so the web server may tell
browsers to keep every theme file for a year (hosting/nginx/) and a page never meets an older stylesheet
or script than its own. The names are worked out once per generator from the files' bytes: a changed
theme makes a new generator (session.py), and the theme's digest is in every page's
fingerprint, so every page naming a changed file is rendered again.

Only the names change: a theme file must not name another theme file by a relative URL (a stylesheet's
``url(...)``), since that name is not rewritten; ``Assets.of`` refuses such a file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

DIGEST_LENGTH = 10  # hex digits of the SHA-256 of the file; hosting/nginx/dangjian.conf matches exactly this
# What a stylesheet would name another file by; such a name would not follow the file's new one.
_RELATIVE_REFERENCE = re.compile(rb"""url\(\s*["']?(?!data:|https?:|#)|@import""")


@dataclass(frozen=True)
class Asset:
    name: str  # as a template asks for it: "css/site.css"
    published: str  # where the site has it: "theme/css/site.3f9a0c12de.css"
    data: bytes


@dataclass(frozen=True)
class Assets:
    files: Mapping[str, Asset]

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Assets:
        """The theme's static files (THEME_STATIC_PATHS, as Pelican's static generator finds them)."""
        theme, into, ignores = Path(settings["THEME"]), settings["THEME_STATIC_DIR"], settings["IGNORE_FILES"]
        files: dict[str, Asset] = {}
        for path in settings["THEME_STATIC_PATHS"]:
            source = theme / path
            found = [source] if source.is_file() else _walk(source, ignores)
            for file in found:
                name = file.name if file == source else file.relative_to(source).as_posix()
                data = file.read_bytes()
                if file.suffix == ".css" and _RELATIVE_REFERENCE.search(data):
                    raise ValueError(f"{file}: a theme stylesheet may not name other files (url(), @import): "
                                     "their content-hashed names would not follow (catalog/assets.py)")
                files[name] = Asset(name, f"{into}/{hashed(name, data)}", data)
        return cls(files)

    def url(self, name: str) -> str:
        """The published path of the theme file ``name`` (relative to the site's root, as templates join it)."""
        try:
            return self.files[name].published
        except KeyError:
            raise KeyError(f"asset({name!r}): the theme has no static file {name!r}; "
                           f"it has {', '.join(sorted(self.files))}") from None


def hashed(name: str, data: bytes) -> str:
    """``css/site.css`` -> ``css/site.<digest>.css``: the digest before the last suffix, so the type stays."""
    path = PurePosixPath(name)
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _walk(folder: Path, ignores: Iterable[str]) -> list[Path]:
    found = []
    for parent, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not any(fnmatch.fnmatch(d, i) for i in ignores))
        found += [Path(parent) / f for f in sorted(files) if not any(fnmatch.fnmatch(f, i) for i in ignores)]
    return found
