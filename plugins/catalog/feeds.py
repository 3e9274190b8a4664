"""Files for machines: sitemap.xml, robots.txt and the Atom feed of cases.

Sitemaps and feeds need absolute addresses, so they are written only once the
site's public address (SITE_PUBLIC_URL) is configured; robots.txt is always
written. Dates are the content's own: a record without a date gets no
<lastmod>, never the build time.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from markupsafe import escape as html_escape

from .metadata import describe
from .order import ordered
from .pages import PageSpec
from .records.model import Case
from .site import Site

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CASES_FEED = "feeds/cases.atom.xml"


def sitemap_xml(specs: Iterable[PageSpec], site: Site) -> str:
    rows = []
    for spec in specs:
        if spec.template == "404.html":
            continue
        row = f"<url><loc>{escape(site.absolute(spec.location.url))}</loc>"
        if isinstance(spec.owner, Case):
            row += f"<lastmod>{spec.owner.date.isoformat()}</lastmod>"
        rows.append(row + "</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n")


def robots_txt(site: Site) -> str:
    if not site.settings.public:  # a preview holds drafts: no search engine may take it, wherever it ends up
        return "User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if site.settings.public_url:
        lines.append(f"Sitemap: {site.absolute(SITEMAP)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Entry:
    """A case as Pelican's feed writer reads an item (writers.Writer._add_item_to_the_feed)."""

    title: str  # HTML: Pelican strips tags and unescapes, so the text that was typed comes out
    url: str
    summary: str  # HTML: the case's own description as text, never a cut of its body (whose links are relative)
    date: dt.datetime
    modified: dt.datetime
    author: str
    article: Any

    def get_content(self, siteurl: str) -> str:
        return self.article.get_content(siteurl)


def cases_feed(generator: Any) -> bytes:
    """The Atom feed of the site's cases, newest first: absolute links, the office as author, the content's
    dates (a case's own date; updated when its 终审 was signed), never the build time."""
    from pelican.writers import Writer

    site = generator.site
    zone = ZoneInfo(generator.settings.get("TIMEZONE") or "Asia/Shanghai")
    author = site.settings.footer.host or site.settings.name
    entries = []
    for case in ordered(site.catalog.cases.values()):
        when = dt.datetime.combine(case.date, dt.time(), tzinfo=zone)
        final = next((s.date for s in site.signed(case) if s.level == "终审"), None)
        modified = max(when, dt.datetime.combine(final, dt.time(), tzinfo=zone)) if final else when
        entries.append(_Entry(str(html_escape(case.title)), site.url_for(case),
                              str(html_escape(describe(case, site, case.title))), when, modified, author,
                              case.article))
    public = site.settings.public_url.rstrip("/")
    with tempfile.TemporaryDirectory() as scratch:
        writer = Writer(scratch, settings={**generator.settings, "RELATIVE_URLS": False})
        writer.write_feed(entries, {**generator.context, "SITEURL": public, "FEED_DOMAIN": public}, CASES_FEED,
                          feed_title="典型案例")
        return (Path(scratch) / CASES_FEED).read_bytes()
