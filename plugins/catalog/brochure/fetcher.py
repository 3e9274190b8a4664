"""What the typesetter may read: the project's own stylesheet and the published copies of photos, nothing else.

WeasyPrint fetches every URL its HTML names (images, stylesheets, ``<link rel="attachment">`` files, which
it embeds in the PDF) from anywhere: the network, or any file on the build machine. Record text is escaped
and story HTML sanitised before it reaches the brochure, so no such URL should be there; this is the second
line: a URL outside the folders the brochure is given is refused, and the brochure fails naming it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher


class Refused(ValueError):
    """A URL outside what the brochure may read."""


class ProjectFiles(URLFetcher):
    """A WeasyPrint URL fetcher for ``file:`` URLs inside ``folders`` (symlinks resolved), and nothing else."""

    def __init__(self, folders: Iterable[Path]) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.folders = tuple(os.path.realpath(f) for f in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> object:
        if not self.allows(url):
            self.refused.append(url)
            raise Refused(f"成果汇编不读取本项目以外的文件或网址：{url}")
        return super().fetch(url, headers)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = os.path.realpath(url2pathname(parts.path))
        return any(path == f or path.startswith(f + os.sep) for f in self.folders)
