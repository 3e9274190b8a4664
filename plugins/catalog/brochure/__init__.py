"""The printed brochure (成果汇编): a PDF view of the same Catalog, partials and indexes as the site.

scope.py     what a brochure covers, and the Selection of records inside it
compose.py   the Document (document.py): chapters by county, initiatives, sources; heading numbers
data.py      the Document laid out as blocks and spans (blocks.py; story.py reads story bodies): data.json
fonts.py     the faces by role (小标宋, 仿宋, 黑体, 楷体) and their files; glyphs.py: what they cannot draw
typeset.py   Typst, with theme/typst/: tagged PDF, optionally PDF/A-3u; cache.py: rendered PDFs by content hash
make.py      one brochure, start to finish, writing nothing; files.py: where it is then written
publish.py   the brochures `make site` publishes: one per county and, while short, the whole site's
             (volumes.py which, editions.py their cover dates, downloads.py what the pages say about them)
"""

from .errors import BrochureError
from .make import Brochure, make_brochure
from .downloads import Download, Downloads
from .publish import Published, publish_brochures, site_brochures
from .scope import EmptyScope, Scope, ScopeError
from .settings import BrochureSettings, Options

__all__ = ["Brochure", "BrochureError", "BrochureSettings", "Download", "Downloads", "EmptyScope", "Options",
           "Published", "Scope", "ScopeError", "make_brochure", "publish_brochures", "site_brochures"]
