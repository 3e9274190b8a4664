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

_MISSING = object()


@pass_context
def link(context: Context, record: Any, label: Any = None) -> Markup:
    shown = _as_text(context)
    text = shown(label or getattr(record, "name", None) or getattr(record, "title", None) or "")
    url = context["site"].url_for(record)
    if url is not None:
        href = url if url.startswith("#") else f"{context['SITEURL']}/{url}"
        text = f'<a href="{shown(href)}">{text}</a>'
    return Markup(text) + draft_tag(record)  # text is already as it prints (escaped where that is on)


def draft_tag(record: Any) -> Markup:
    """Only the preview has unreviewed content; the public build's catalog leaves it out."""
    status = getattr(record, "status", _MISSING)
    if status is _MISSING or getattr(status, "value", None) == Status.PUBLISHED.value:
        return Markup("")
    return Markup(f'<span class="tag draft">{status}</span>')


def _as_text(context: Context) -> Any:
    """How ``{{ value }}`` prints in this environment: escaped only where autoescaping is on."""
    return escape if context.eval_ctx.autoescape else str
