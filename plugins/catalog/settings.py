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
    """Who runs the site, as the 政府网站发展指引 asks every government site to say (CATALOG_FOOTER).

    Shown in every page's footer when set; the public build refuses to go without the required ones
    (publishing.py). Images are files of the office's own, in the project folder: nothing loads from another host.
    """

    host: str = ""  # 主办单位 (required to publish)
    operator: str = ""  # 承办单位
    contact: str = ""  # 联系方式: a telephone and/or address (required to publish)
    icp: str = ""  # ICP备案号 (required to publish), linked to the MIIT filing system
    police: str = ""  # 公安机关备案号, linked to the Ministry of Public Security's filing system
    police_icon: str = ""  # the 公安备案 icon, a file in the project folder (e.g. identity/beian.png)
    site_code: str = ""  # 网站标识码 (required to publish)
    gov_mark: str = ""  # the 党政机关网站 mark the office was issued, a file in the project folder
    gov_mark_link: str = ""  # where the mark leads (the registration record the issuer gave)
    contact_us: str = ""  # 联系我们: mailto:…, https://… or a page's URL in the site (about/)
    correction: str = ""  # 纠错: mailto:…, https://… or a page's URL in the site


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    content: Path
    data: Path
    name: str
    url: str
    public_url: str  # the address the public reaches the site at; "" until it is configured
    footer: FooterInfo
    footer_unknown: tuple[str, ...] = ()  # keys of CATALOG_FOOTER nothing reads: a misspelt one (publishing.py)
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
        given = settings.get("CATALOG_FOOTER") or {}
        footer = FooterInfo(**{k: v for k, v in given.items() if v and k in FooterInfo.__dataclass_fields__})
        return cls(root=root, content=content, data=data if data.is_absolute() else root / data,
                   name=settings["SITENAME"], url=settings.get("SITEURL", ""),
                   public_url=settings.get("SITE_PUBLIC_URL") or "", footer=footer,
                   footer_unknown=tuple(sorted(k for k in given if k not in FooterInfo.__dataclass_fields__)),
                   public=bool(settings.get("PUBLIC_BUILD", False)),
                   wording=Path(settings.get("WORDING_RULES") or root / "rules" / "wording.yml"),
                   photo_cache=Path(settings.get("PHOTO_CACHE") or root / ".cache" / "photos"))
