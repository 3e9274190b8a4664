"""The Pelican boundary: read and validate everything, then write every page.

``generate_context`` does all reading and checking and raises BuildFailed
with every problem before Pelican writes anything; ``generate_output`` only
renders the pages listed by pages.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican.contents import Article
from pelican.contents import Page as PelicanPage
from pelican.generators import Generator

from . import urls
from .catalog import Catalog
from .indexes import build_links
from .pages import PageSpec, Site, all_pages, make_site
from .records.model import Case, Page
from .records.problems import BuildFailed, Problems
from .records.refs import Registry
from .records.validate import load_records, validate
from .stories import broken_link_problems
from .settings import CASES_DIR, PAGES_DIR, STORY_SUFFIXES, SiteSettings

# Where stories live, what they become, and Pelican's content class for each.
STORY_KINDS = ((CASES_DIR, "cases", Case, Article), (PAGES_DIR, "pages", Page, PelicanPage))


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


class CatalogGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters["cn_date"] = cn_date
        self.pages: list[PageSpec] = []

    def generate_context(self) -> None:
        site_settings = SiteSettings.from_pelican(self.settings)
        problems = Problems()
        registry = load_records(site_settings.data, site_settings.root, problems)
        self._read_stories(site_settings, registry, problems)
        problems.raise_if_any()

        catalog = Catalog.from_registry(registry)
        site = make_site(site_settings, catalog, build_links(catalog))
        self.pages, found = all_pages(site, registry)
        problems.extend(found)
        problems.raise_if_any()
        self._publish_story_urls(site)
        self.site = site
        self.context["site"] = site
        self.context["catalog"] = catalog

    def _read_stories(self, site: SiteSettings, registry: Registry, problems: Problems) -> None:
        folders = {folder for folder, *_ in STORY_KINDS}
        for file in sorted(p for p in site.content.rglob("*") if p.suffix in STORY_SUFFIXES and p.is_file()):
            relative = file.relative_to(site.content)
            if relative.parts[0] not in folders or len(relative.parts) < 2:
                problems.add(site.relative(file), 1, "", f"不知道这篇文稿是什么：案例请放在 content/{CASES_DIR}/ 下，"
                             f"普通页面请放在 content/{PAGES_DIR}/ 下。")
        read = []
        for folder, kind, model, content_class in STORY_KINDS:
            for file in sorted(p for p in (site.content / folder).rglob("*") if p.suffix in STORY_SUFFIXES):
                article = self._read_story(file, site, kind, model, content_class, registry, problems)
                if article is not None:
                    read.append((file, article))
        # Links are checked once every story is known: a story may link to a later one.
        known = {file.resolve() for file, _ in read}
        for file, article in read:
            problems.extend(broken_link_problems(article.story, file, site.content, known))

    def _read_story(self, file: Path, site: SiteSettings, kind: str, model: type, content_class: type,
                    registry: Registry, problems: Problems) -> Any:
        try:
            article = self.readers.read_file(base_path=str(site.content), path=str(file.relative_to(site.content)),
                                             content_class=content_class, context=self.context)
        except BuildFailed as failed:
            problems.extend(failed.problems)
            registry.mark_broken(kind, file.stem)
            return None
        front = article.story.front
        problems.extend(article.story.problems)
        if front.id in registry.of(kind) or front.id in registry.broken.get(kind, ()):
            problems.add(front.path, 1, "", f"文件名“{file.name}”重复：同名的文件已经存在。请给其中一个改名。")
            return None
        registry.lines[(kind, front.id)] = front.lines
        record, found = validate(model, front, registry, extra={"article": article})
        problems.extend(found)
        if record is None or article.story.problems:
            registry.mark_broken(kind, front.id)
        else:
            registry.add(kind, record)
            # Pelican resolves {filename} links through this map.
            self.context["generated_content"][article.relative_source_path] = article
        return article

    def _publish_story_urls(self, site: Site) -> None:
        """Give Pelican's content objects the URL and date our records decided."""
        zone = ZoneInfo(self.settings.get("TIMEZONE", "Asia/Shanghai"))
        for story in [*site.catalog.cases.values(), *site.catalog.pages.values()]:
            where = urls.location(story)
            story.article.slug = urls.slug(story)
            story.article.override_url = where.url
            story.article.override_save_as = where.save_as
            if isinstance(story, Case):
                story.article.date = dt.datetime.combine(story.date, dt.time(), tzinfo=zone)

    def generate_output(self, writer: Any) -> None:
        for spec in self.pages:
            self._write(writer, spec)

    def _write(self, writer: Any, spec: PageSpec) -> None:
        writer.write_file(spec.location.save_as, self.get_template(spec.template.removesuffix(".html")),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"], url=spec.location.url,
                          view=spec, **spec.values)
