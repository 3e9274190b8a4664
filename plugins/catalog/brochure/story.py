"""A story's body as the brochure prints it.

The body is the site's own HTML (sanitized, {filename} links resolved, photos
replaced by pictures.with_pictures); for paper it changes only what paper
needs: its headings sit below the case's own heading and are numbered（1）
（2）… as the fourth level of an official document; links to site pages,
which a printed page cannot follow, become plain text, and footnotes lose
their "back" arrows; ids are prefixed with the case's anchor so two stories'
footnotes never share an id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from markupsafe import Markup

from ..photos import PhotoPlan
from ..pictures import with_pictures
from .numbering import heading_number

_HEADING = re.compile(r"<h([2-6])(\b[^>]*)>(.*?)</h\1>", re.S)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r"""\bhref=(["'])(.*?)\1""")
_ID = re.compile(r"""\bid=(["'])(.*?)\1""")
_EXTERNAL = re.compile(r"^(https?|mailto|tel):", re.I)
# Markdown's "back to the text" arrow after a footnote: a reader of paper cannot follow it.
_BACKREF = re.compile(r"""(?:&#160;|\u00a0)?<a\b[^>]*class=["']footnote-backref["'][^>]*>.*?</a>""", re.S)


def print_picture(photo: PhotoPlan, alt: str, folder: str) -> Markup:
    """The largest published copy (never the original), sized by the print stylesheet."""
    largest = photo.largest
    src = (Path(folder) / largest.jpeg).as_uri()
    return Markup(f'<img class="photo" src="{src}" alt="{escape(alt)}" '
                  f'width="{largest.size.width}" height="{largest.size.height}">')


def print_body(html: str, anchor: str, find: Callable[[str], PhotoPlan | None], photo_folder: Path) -> Markup:
    body = with_pictures(html, find, str(photo_folder), render=print_picture)
    body = _BACKREF.sub("", body)
    body = _LINK.sub(lambda m: _link(m, anchor), body)
    body = _ID.sub(lambda m: f'id="{anchor}-{m.group(2)}"', body)
    return Markup(_number_headings(body))


def _link(match: re.Match, anchor: str) -> str:
    attributes, text = match.groups()
    href = _HREF.search(attributes)
    target = href.group(2) if href else ""
    if target.startswith("#"):  # a footnote or a heading of the same story
        return f'<a href="#{anchor}-{target[1:]}">{text}</a>'
    if _EXTERNAL.match(target):
        return match.group(0)
    return f'<span class="site-link">{text}</span>'


def _number_headings(body: str) -> str:
    """The body's top heading level becomes（1）（2）…; deeper levels stay unnumbered, one step smaller."""
    levels = sorted({int(m.group(1)) for m in _HEADING.finditer(body)})
    if not levels:
        return body
    top, count = levels[0], 0

    def demote(match: re.Match) -> str:
        nonlocal count
        level = int(match.group(1))
        depth = min(level - top, 1)
        if depth == 0:
            count += 1
            number = heading_number(4, count)
            return f'<h4 class="story-heading"{match.group(2)}>{number}{match.group(3)}</h4>'
        return f'<h5 class="story-heading minor"{match.group(2)}>{match.group(3)}</h5>'

    return _HEADING.sub(demote, body)
