"""The brochure's settings, read once from Pelican's, and the options of one brochure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dates import today

DEFAULT_TITLE = "党建引领乡村振兴成果汇编"
# The whole-site brochure is published beside the counties' while it would stay this short
# (a province's would be some 10,000 pages).
SITE_MAX_PAGES = 500
TYPST = Path("typst")  # the brochure's Typst templates, in the theme


@dataclass(frozen=True)
class Options:
    """One brochure's cover and format, as given on the command line or by the settings."""

    title: str = DEFAULT_TITLE
    issuer: str = ""  # 编印单位
    date: dt.date = field(default_factory=today)
    pdfa: bool = False  # PDF/A-3u, for archiving


@dataclass(frozen=True)
class BrochureSettings:
    templates: Path  # theme/typst: the Typst templates (brochure.typ and what it imports)
    fonts: Path  # the office's licensed fonts, when it has them (fonts.py): fonts/ by default
    notice: str  # the back cover's notice, e.g. 内部资料　注意保存; "" for none
    cache: Path  # rendered PDFs by content hash; survives between builds
    folder: Path  # where `invoke brochure` writes when no --out is given
    title: str
    issuer: str
    for_site: bool  # `make site` publishes brochures for download: one per county, and the whole site's
    site_max_pages: int  # … the whole site's only while its estimated length is at most this
    timezone: str

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> BrochureSettings:
        theme = Path(settings["THEME"])
        root = Path(settings["PATH"]).parent
        footer = settings.get("CATALOG_FOOTER") or {}
        return cls(templates=theme / TYPST, fonts=Path(settings.get("BROCHURE_FONTS") or root / "fonts"),
                   notice=str(settings.get("BROCHURE_NOTICE") or ""),
                   cache=Path(settings.get("BROCHURE_CACHE") or root / ".cache" / "brochures"),
                   folder=Path(settings.get("BROCHURE_FOLDER") or root / "brochures"),
                   title=settings.get("BROCHURE_TITLE") or DEFAULT_TITLE,
                   issuer=settings.get("BROCHURE_ISSUER") or footer.get("host") or "",
                   for_site=bool(settings.get("SITE_BROCHURE", False)),
                   site_max_pages=int(settings.get("BROCHURE_SITE_MAX_PAGES", SITE_MAX_PAGES)),
                   timezone=settings.get("TIMEZONE") or "Asia/Shanghai")

    def options(self, title: str = "", issuer: str = "", date: dt.date | None = None, pdfa: bool = False) -> Options:
        """A brochure's options: what was given, else the site's settings, else today."""
        return Options(title=title.strip() or self.title, issuer=issuer.strip() or self.issuer,
                       date=date or today(self.timezone), pdfa=pdfa)
