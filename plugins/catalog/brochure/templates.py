"""The brochure's HTML: the theme's own templates and partials, rendered for paper.

The environment loads the same theme folder as the site, with Pelican's
Jinja options, so ``partials/macros.html`` renders figures, links and source
labels exactly as on the site; only ``site`` differs: a PrintSite, whose
links lead to where a record is printed in the brochure.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..anchors import draft_tag, link
from ..indexes import lineage
from ..site import places
from .document import Document, PrintSite
from .settings import TEMPLATE, BrochureSettings

# One environment per theme folder and options: compiling the templates costs some 80 ms, which a
# site publishing a brochure per county would otherwise pay for each. Jinja still reloads a
# template whose file changed (auto_reload), so `invoke serve` sees edits.
_ENVIRONMENTS: dict[tuple[Path, str], Environment] = {}


def environment(settings: BrochureSettings) -> Environment:
    key = (settings.templates, repr(sorted(settings.jinja.items())))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(settings)
    return _ENVIRONMENTS[key]


def _new_environment(settings: BrochureSettings) -> Environment:
    from ..generators import cn_date  # generators imports this package to publish the site's brochure

    # As Pelican builds its own (generators.Generator): same options, so the partials render alike, and
    # escaping on whatever the settings say, as on the site (generators.py): record text is text on paper too.
    env = Environment(loader=FileSystemLoader(str(settings.templates)), **{**settings.jinja, "autoescape": True})
    env.filters["cn_date"] = cn_date
    env.globals.update(lineage=lineage, places=places, link=link, draft_tag=draft_tag)
    return env


def brochure_html(document: Document, settings: BrochureSettings) -> str:
    template = environment(settings).get_template(TEMPLATE)
    return template.render(document=document, site=PrintSite(document), SITEURL="")
