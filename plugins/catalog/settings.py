"""The plugin's settings, read once from Pelican's and typed.

A site is a folder holding ``content/`` (Markdown) and ``data/`` (YAML
records); everything else is derived from where Pelican's PATH points.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

CASES_DIR = "cases"  # content/cases/**.md are case stories
PAGES_DIR = "pages"  # content/pages/**.md are plain pages
STORY_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class FooterInfo:
    """Who runs the site, as Chinese government sites must say; each shown only when set."""

    host: str = ""  # 主办单位
    operator: str = ""  # 承办单位
    contact: str = ""  # 联系方式
    icp: str = ""  # ICP备案号
    police: str = ""  # 公安机关备案号
    site_code: str = ""  # 网站标识码


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    content: Path
    data: Path
    name: str
    url: str
    public_url: str  # the address the public reaches the site at; "" until it is configured
    footer: FooterInfo
    wording: Path = Path("rules/wording.yml")  # the table of wrong wordings and placeholders
    photo_cache: Path = Path(".cache/photos")  # encoded copies, by content hash; survives between builds
    public: bool = False  # the public build publishes only fully reviewed content; the preview shows all

    @property
    def cases(self) -> Path:
        return self.content / CASES_DIR

    @property
    def pages(self) -> Path:
        return self.content / PAGES_DIR

    def relative(self, path: str | Path) -> str:
        """How a file is named in messages: relative to the site root."""
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> SiteSettings:
        content = Path(settings["PATH"])
        root = content.parent
        data = Path(settings.get("CATALOG_DATA_PATH") or root / "data")
        footer = FooterInfo(**{k: v for k, v in (settings.get("CATALOG_FOOTER") or {}).items() if v})
        return cls(root=root, content=content, data=data if data.is_absolute() else root / data,
                   name=settings["SITENAME"], url=settings.get("SITEURL", ""),
                   public_url=settings.get("SITE_PUBLIC_URL") or "", footer=footer,
                   public=bool(settings.get("PUBLIC_BUILD", False)),
                   wording=Path(settings.get("WORDING_RULES") or root / "rules" / "wording.yml"),
                   photo_cache=Path(settings.get("PHOTO_CACHE") or root / ".cache" / "photos"))
