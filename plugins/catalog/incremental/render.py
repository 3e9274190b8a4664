"""One page rendered to bytes, exactly as Pelican's writer would write it.

Pelican's ``Writer.write_file`` renders a template with a copy of the shared
context, the page's relative site URL and its values, and sets that URL in the
shared context first, so that stories resolve their ``{filename}`` links from
the page being written. This does the same, but returns the bytes instead of
writing them (incremental/output.py decides whether they are new), and notes
which stories' bodies the page showed (records/model.BODIES_READ).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelican.utils import get_relative_path, path_to_url

from .. import urls
from ..pages import PageSpec
from ..records.model import BODIES_READ

StoryKey = tuple[str, str]  # (class name, id) of a story whose body a page shows


@dataclass(frozen=True)
class Rendered:
    save_as: str
    html: bytes
    bodies: tuple[StoryKey, ...]  # sorted


class Renderer:
    def __init__(self, generator: Any):
        self.generator = generator
        self.context = generator.context
        self.relative = bool(generator.settings["RELATIVE_URLS"])
        self.siteurl = generator.settings["SITEURL"]

    def render(self, spec: PageSpec) -> Rendered:
        relative, extra = self.relative, {}
        if spec.location == urls.NOT_FOUND and relative:
            # The 404 page is served at any depth, so its links must start from the site root.
            relative, extra = False, {"SITEURL": ""}
        name = spec.location.save_as
        local = self.context.copy()
        local["localsiteurl"] = self.siteurl
        if relative:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(view=spec, **extra, **spec.values)
        # Stories read the page's site URL from the shared context when resolving their links.
        self.context["localsiteurl"] = local["localsiteurl"]
        template = self.generator.get_template(spec.template.removesuffix(".html"))
        read: set[tuple[type, str]] = set()
        token = BODIES_READ.set(read)
        try:
            html = template.render(local)
        finally:
            BODIES_READ.reset(token)
        return Rendered(name, html.encode("utf-8"), tuple(sorted((kind.__name__, i) for kind, i in read)))
