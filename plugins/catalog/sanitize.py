"""Keep story HTML safe: an allowlist, enforced by nh3, and reported, not hidden.

Many people write stories, so raw HTML in Markdown must not be able to run
script. nh3 (Ammonia) does the cleaning. Silently stripping would publish a
story that differs from what its author wrote, so we first look for anything
outside the same allowlist and report it with its line; the build stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "ul",
})
# id/class are needed by footnotes and heading anchors; style could hide or fake content.
_COMMON = {"id", "class", "title", "lang"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href"},
    "img": _COMMON | {"src", "alt", "width", "height"},
    "td": _COMMON | {"colspan", "rowspan"},
    "th": _COMMON | {"colspan", "rowspan", "scope"},
    "ol": _COMMON | {"start"},
    "time": _COMMON | {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_URL_ATTRIBUTES = {"href", "src"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# Pelican's own link syntax ({filename}, {static}, …) is resolved later.
_PELICAN_LINK = re.compile(r"^\{\w+\}")


@dataclass(frozen=True)
class Unsafe:
    """Something the allowlist refuses, and the text to find it by in the source."""

    what: str
    needle: str


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Unsafe] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(Unsafe(f"<{tag}> 标签", f"<{tag}"))
            return
        allowed = ATTRIBUTES.get(tag, ATTRIBUTES["*"])
        for name, value in attrs:
            if name not in allowed:
                self.found.append(Unsafe(f"<{tag}> 的 {name} 属性", name))
            elif name in _URL_ATTRIBUTES and value and not _PELICAN_LINK.match(value):
                scheme = _SCHEME.match(value)
                if scheme and scheme.group(1).lower() not in URL_SCHEMES:
                    self.found.append(Unsafe(f"“{scheme.group(1)}:”开头的链接", f"{scheme.group(1)}:"))

    handle_startendtag = handle_starttag


def find_unsafe(html: str) -> list[Unsafe]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def clean(html: str) -> str:
    """The published HTML; a second line of defence behind ``find_unsafe``."""
    return nh3.clean(html, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None)
