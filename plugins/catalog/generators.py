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

from jinja2 import pass_context
from markupsafe import Markup
from pelican.contents import Article
from pelican.contents import Page as PelicanPage
from pelican.generators import Generator

from . import feeds, photos, urls
from .brochure import publish_brochures
from .catalog import Catalog
from .checks import check_content, load_wording
from .checks.photos import photo_refs, plan_photos
from .checks.review import Pending, pending, publishable
from .indexes import build_links, lineage
from .order import ordered
from .pages import PageSpec, all_pages
from .pictures import picture, with_pictures
from .records.model import Case, Page
from .records.problems import BuildFailed, Problem, Problems
from .records.refs import Registry
from .records.validate import load_records, validate
from .settings import CASES_DIR, PAGES_DIR, STORY_SUFFIXES, SiteSettings
from .site import KIND_NAMES, kind_label, make_site, places
from .stories import ParsedStory, broken_link_problems

# Where stories live, what they become, and Pelican's content class for each.
STORY_KINDS = ((CASES_DIR, "cases", Case, Article), (PAGES_DIR, "pages", Page, PelicanPage))


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@pass_context
def _story_pictures(context: Any, story: Any) -> Markup:
    """A story's body with its local photos as published <picture>s (``{{ case | with_pictures }}``)."""
    site = context["site"]
    return with_pictures(story.body, lambda src: site.photo_for(story, src), context["SITEURL"])


class CatalogGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.filters["cn_date"] = cn_date
        self.env.filters["with_pictures"] = _story_pictures
        # Small pure helpers templates may call; everything else arrives as page values.
        self.env.globals.update(lineage=lineage, kind_label=kind_label, places=places, picture=picture,
                                year_url=lambda year: urls.year(year).url)
        self.pages: list[PageSpec] = []
        self.warnings: list[Problem] = []
        self.photo_plans: dict[Path, photos.PhotoPlan] = {}
        self.pending: list[Pending] = []

    def generate_context(self) -> None:
        settings = SiteSettings.from_pelican(self.settings)
        problems = Problems()
        registry = load_records(settings.data, settings.root, problems)
        stories = self._read_stories(settings, registry, problems)
        wording, found = load_wording(settings.wording, settings.root)
        problems.extend(found)
        records = [r for kind in KIND_NAMES.values() for r in registry.of(kind).values()]
        self.photo_plans, photo_problems = plan_photos(photo_refs(settings.root, registry, stories))
        problems.extend(check_content(registry.raw.values(), stories, records, registry, KIND_NAMES, wording,
                                      settings.review_levels, photo_problems))
        problems.raise_if_any()

        # The public build's catalog holds only reviewed content, so every view
        # (pages, indexes, search, feed, brochure) leaves the rest out alike.
        keep = (lambda r: publishable(r, settings.review_levels)) if settings.public else None
        catalog = Catalog.from_registry(registry, keep)
        # Before anything reads a story's body: Pelican resolves {filename} links on first access.
        self._publish_story_urls(catalog)
        site = make_site(settings, catalog, build_links(catalog), self.photo_plans)
        self.pages, found = all_pages(site, registry)
        problems.extend(found)
        problems.raise_if_any()
        self.site = site
        self.warnings = problems.warnings
        self.pending = pending(records, settings.review_levels)
        self.context["site"] = site
        self.context["catalog"] = catalog

    def _read_stories(self, site: SiteSettings, registry: Registry, problems: Problems) -> list[ParsedStory]:
        folders = {folder for folder, *_ in STORY_KINDS}
        for file in sorted(p for p in site.content.rglob("*") if p.suffix in STORY_SUFFIXES and p.is_file()):
            relative = file.relative_to(site.content)
            if relative.parts[0] not in folders or len(relative.parts) < 2:
                problems.add(site.relative(file), 1, "", f"不知道这篇文稿是什么：案例请放在 content/{CASES_DIR}/ 下，"
                             f"普通页面请放在 content/{PAGES_DIR}/ 下。", "story-place")
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
        return [article.story for _, article in read]

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
            problems.add(front.path, 1, "", f"文件名“{file.name}”重复：同名的文件已经存在。请给其中一个改名。", "id-duplicate")
            return None
        registry.lines[(kind, front.id)] = front.lines
        registry.raw[(kind, front.id)] = front
        record, found = validate(model, front, registry, extra={"article": article})
        problems.extend(found)
        if record is None or article.story.problems:
            registry.mark_broken(kind, front.id)
        else:
            registry.add(kind, record)
            # Pelican resolves {filename} links through this map.
            self.context["generated_content"][article.relative_source_path] = article
        return article

    def _publish_story_urls(self, catalog: Catalog) -> None:
        """Give Pelican's content objects the URL and date our records decided."""
        zone = ZoneInfo(self.settings.get("TIMEZONE", "Asia/Shanghai"))
        for story in [*catalog.cases.values(), *catalog.pages.values()]:
            where = urls.location(story)
            story.article.slug = urls.slug(story)
            story.article.override_url = where.url
            story.article.override_save_as = where.save_as
            if isinstance(story, Case):
                story.article.date = dt.datetime.combine(story.date, dt.time(), tzinfo=zone)

    def generate_output(self, writer: Any) -> None:
        # First: the pages link to the brochures with their sizes. Empty when SITE_BROCHURE is off.
        self.context["brochures"] = publish_brochures(self.site, self.settings, Path(self.output_path))
        for spec in self.pages:
            self._write(writer, spec)
        photos.publish(self.photo_plans.values(), self.site.settings.photo_cache, Path(self.output_path))
        self._write_text(feeds.ROBOTS, feeds.robots_txt(self.site))
        if self.site.settings.public_url:
            self._write_text(feeds.SITEMAP, feeds.sitemap_xml(self.pages, self.site))
            cases = [case.article for case in ordered(self.site.catalog.cases.values())]
            writer.write_feed(cases, {**self.context, "SITEURL": self.site.settings.public_url}, feeds.CASES_FEED,
                              feed_title=f"{self.site.settings.name} - 典型案例")

    def _write(self, writer: Any, spec: PageSpec) -> None:
        relative = self.settings["RELATIVE_URLS"]
        extra = {}
        if spec.location == urls.NOT_FOUND and relative:
            # The 404 page is served at any depth, so its links must start from the site root.
            relative, extra = False, {"SITEURL": ""}
        # The shared context itself, not a copy: Pelican's writer sets the page's relative
        # site URL in it, which stories read when resolving their {filename} links.
        writer.write_file(spec.location.save_as, self.get_template(spec.template.removesuffix(".html")),
                          self.context, relative_urls=relative, url=spec.location.url,
                          view=spec, **extra, **spec.values)

    def _write_text(self, name: str, text: str) -> None:
        (Path(self.output_path) / name).write_text(text, encoding="utf-8")
