"""The <picture> markup for a published photo: one place, used by templates and story bodies alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from markupsafe import Markup

from .photos import FOLDER, PhotoPlan

# Content column width: the browser picks the smallest copy that fills it.
SIZES = "(max-width: 44rem) 100vw, 42rem"


def picture(photo: PhotoPlan | None, alt: str, base: str, *, lazy: bool = True) -> Markup:
    if photo is None:
        return Markup("")
    middle = photo.variants[len(photo.variants) // 2]
    loading = ' loading="lazy" decoding="async"' if lazy else ""
    return Markup(
        f'<picture><source type="image/webp" srcset="{photo.srcset(base, "webp")}" sizes="{SIZES}">'
        f'<img src="{base}/{FOLDER}/{middle.jpeg}" srcset="{photo.srcset(base, "jpeg")}" sizes="{SIZES}" '
        f'width="{photo.size.width}" height="{photo.size.height}" alt="{escape(alt)}"{loading}></picture>')


_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r"""\bsrc=(["'])(.*?)\1""")
_ALT = re.compile(r"""\balt=(["'])(.*?)\1""")


def with_pictures(html: str, find: Callable[[str], PhotoPlan | None], base: str,
                  render: Callable[[PhotoPlan, str, str], Markup] = picture) -> Markup:
    """Replace each <img> of a local photo in a story body by its published <picture> (or ``render``'s markup)."""
    def swap(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        photo = find(src.group(2)) if src else None
        if photo is None:
            return tag
        alt = _ALT.search(tag)
        return render(photo, Markup(alt.group(2)).unescape() if alt else "", base)

    return Markup(_IMG.sub(swap, html))
