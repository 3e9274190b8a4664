"""Files for machines: sitemap.xml, robots.txt and the Atom feed of cases.

Sitemaps and feeds need absolute addresses, so they are written only once the
site's public address (SITE_PUBLIC_URL) is configured; robots.txt is always
written. Dates are the content's own: a record without a date gets no
<lastmod>, never the build time.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

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
    lines = ["User-agent: *", "Allow: /"]
    if site.settings.public_url:
        lines.append(f"Sitemap: {site.absolute(SITEMAP)}")
    return "\n".join(lines) + "\n"
