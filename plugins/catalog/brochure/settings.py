"""The brochure's settings, read once from Pelican's, and the options of one brochure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TITLE = "党建引领乡村振兴成果汇编"
TEMPLATE = "brochure/brochure.html"
STYLESHEET = Path("static/css/print.css")  # in the theme


def today(zone: str = "Asia/Shanghai") -> dt.date:
    """The brochure's date by default: today where the staff are, not where the server is."""
    return dt.datetime.now(ZoneInfo(zone)).date()


@dataclass(frozen=True)
class Options:
    """One brochure's cover and format, as given on the command line or by the settings."""

    title: str = DEFAULT_TITLE
    issuer: str = ""  # 编印单位
    date: dt.date = field(default_factory=today)
    pdfa: bool = False  # PDF/A-3u, for archiving


@dataclass(frozen=True)
class BrochureSettings:
    templates: Path  # the theme's templates: the brochure shares the site's partials
    stylesheet: Path
    jinja: dict[str, Any]  # Pelican's JINJA_ENVIRONMENT, so shared macros render alike
    cache: Path  # rendered PDFs by content hash; survives between builds
    folder: Path  # where `invoke brochure` writes when no --out is given
    title: str
    issuer: str
    for_site: bool  # `make site` publishes the whole-site brochure for download
    timezone: str

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> BrochureSettings:
        theme = Path(settings["THEME"])
        root = Path(settings["PATH"]).parent
        footer = settings.get("CATALOG_FOOTER") or {}
        return cls(templates=theme / "templates", stylesheet=theme / STYLESHEET,
                   jinja=dict(settings.get("JINJA_ENVIRONMENT") or {}),
                   cache=Path(settings.get("BROCHURE_CACHE") or root / ".cache" / "brochures"),
                   folder=Path(settings.get("BROCHURE_FOLDER") or root / "brochures"),
                   title=settings.get("BROCHURE_TITLE") or DEFAULT_TITLE,
                   issuer=settings.get("BROCHURE_ISSUER") or footer.get("host") or "",
                   for_site=bool(settings.get("SITE_BROCHURE", False)),
                   timezone=settings.get("TIMEZONE") or "Asia/Shanghai")

    def options(self, title: str = "", issuer: str = "", date: dt.date | None = None, pdfa: bool = False) -> Options:
        """A brochure's options: what was given, else the site's settings, else today."""
        return Options(title=title.strip() or self.title, issuer=issuer.strip() or self.issuer,
                       date=date or today(self.timezone), pdfa=pdfa)
