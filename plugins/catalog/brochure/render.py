"""Typesetting: the brochure's HTML and print stylesheet become a tagged PDF, with WeasyPrint.

The PDF is tagged (structure for screen readers and reflow) and, for
archiving, may be PDF/A-3u. WeasyPrint reports what it could not do (an image
it could not load, CSS it does not understand) only in its log; any such
report fails the brochure, so a PDF with a missing photo is never published.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..logs import collect_warnings
from .errors import BrochureError

PDFA = "pdf/a-3u"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


class RenderFailed(BrochureError):
    pass


def render_pdf(html: str, stylesheet: Path, pdfa: bool) -> Rendered:
    # Imported only to typeset: loading WeasyPrint (Pango through cffi) takes about a second,
    # which `invoke check` and every build without a brochure to typeset should not pay.
    from weasyprint import CSS, HTML

    # Given to both steps, as HTML.write_pdf does: a PDF/A variant changes the layout's options too.
    options = {"pdf_tags": True, "pdf_variant": PDFA if pdfa else None}
    # Its warnings are ours to report, in one message, and not also on the console.
    with collect_warnings("weasyprint", echo=False) as log:
        document = HTML(string=html, base_url=str(stylesheet.parent)).render(
            stylesheets=[CSS(filename=str(stylesheet))], **options)
        pdf = document.write_pdf(**options)
    if log.messages:
        shown = "\n".join(f"  {m}" for m in dict.fromkeys(log.messages))
        raise RenderFailed(f"排版时出现问题，没有生成成果汇编：\n{shown}\n请把这段提示发给技术人员。")
    return Rendered(pdf, len(document.pages))
