"""A record's link as every page and the brochure write it: ``{{ link(record) }}``, ``{{ draft_tag(record) }}``.

Python rather than Jinja macros: a page shows dozens of links, and at province
scale a macro call for each, with one more for its draft tag, was the largest
part of rendering. The HTML is exactly what the macros wrote. In the brochure,
``site.url_for`` gives "#anchor": where the record is printed in the same document.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .records.review import Status

@pass_context
def link(context: Context, record: Any, label: Any = None) -> Markup:
    # Escaped here, as autoescaping would print it: a label that is already Markup (a macro's output) stays as it is.
    text = escape(label or getattr(record, "name", None) or getattr(record, "title", None) or "")
    url = context["site"].url_for(record)
    if url is not None:
        href = url if url.startswith("#") else f"{context['SITEURL']}/{url}"
        # Markup.format would escape the same way through string.Formatter, a fifth of a page's rendering.
        text = Markup(f'<a href="{escape(href)}">{text}</a>')
    return text + draft_tag(context, record)


@pass_context
def draft_tag(context: Context, record: Any) -> Markup:
    """Where an unpublished item stands, from its signatures. Only the preview shows any: the public build's
    catalog holds nothing unpublished, nor anything that names it (signoff/reviews.py)."""
    status = context["site"].status(record)
    if status is None or status is Status.PUBLISHED:
        return Markup("")
    return Markup('<span class="tag draft">{}</span>').format(status)
