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


def render_pdf(html: str, stylesheet: Path, pdfa: bool, readable: tuple[Path, ...] = ()) -> Rendered:
    """``readable``: the folders the typesetter may read from besides the stylesheet's (the photo copies')."""
    # Imported only to typeset: loading WeasyPrint (Pango through cffi) takes about a second,
    # which `invoke check` and every build without a brochure to typeset should not pay.
    from weasyprint import CSS, HTML

    from ..photos import strict_decoding
    from .fetcher import ProjectFiles

    strict_decoding()  # WeasyPrint's import turned it off for the whole process; it prints only checked copies

    # Given to both steps, as HTML.write_pdf does: a PDF/A variant changes the layout's options too.
    options = {"pdf_tags": True, "pdf_variant": PDFA if pdfa else None}
    fetcher = ProjectFiles((stylesheet.parent, *readable))
    # Its warnings are ours to report, in one message, and not also on the console.
    with collect_warnings("weasyprint", echo=False) as log:
        document = HTML(string=html, base_url=str(stylesheet.parent), url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)], **options)
        pdf = document.write_pdf(**options)
    if fetcher.refused:
        shown = "\n".join(f"  {url}" for url in dict.fromkeys(fetcher.refused))
        raise RenderFailed(f"成果汇编要读取本项目以外的文件或网址，已拒绝，没有生成成果汇编：\n{shown}\n"
                           "成果汇编只使用本项目的样式和已发布的照片。请把这段提示发给技术人员。")
    if log.messages:
        shown = "\n".join(f"  {m}" for m in dict.fromkeys(log.messages))
        raise RenderFailed(f"排版时出现问题，没有生成成果汇编：\n{shown}\n请把这段提示发给技术人员。")
    return Rendered(pdf, len(document.pages))
