"""The Pelican boundary: read and validate everything, and say which pages the site has.

``generate_context`` does all reading and checking and raises BuildFailed
with every problem before anything is written. The pages listed by pages.py
are then rendered and written by session.py (``invoke build``,
``invoke serve``), which writes only what changed and swaps it in. A session
(session.py) may give the generator a ``reading`` (files read
through a content-keyed memo) and a ``reuser`` (records validated before whose
inputs did not change); without them everything is read and validated afresh.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from jinja2 import ChoiceLoader, FileSystemLoader, pass_context
from markupsafe import Markup
from pelican.contents import Article, Content
from pelican.contents import Page as PelicanPage
from pelican.generators import Generator

from . import photos, urls
from .anchors import draft_tag, link
from .assets import Assets
from .catalog import Catalog
from .checks import FileTexts, check_content, load_wording
from .checks.photos import PhotoRef, photo_refs, plan_photos
from .dates import cn_date, today
from .incremental.interning import same_links
from .incremental.memory import Memory
from .incremental.reading import Reading, wording_digest
from .indexes import build_links, lineage
from .kind import KINDS
from .pages import PageSpec, all_pages
from .pictures import picture, with_pictures
from .publishing import MIIT, identification_problems, police_link, publishing_problems
from .records.model import Case, Page, Record
from .records.problems import BuildFailed, Problem, Problems
from .records.refs import Registry
from .records.validate import SUFFIXES, read_all, unique_values, validate, validate_all
from .signoff.digest import photo_keys
from .signoff.pending import Pending, pending
from .signoff.reviews import Reviews, review_all
from .signoff.verify import Checks
from .signoff.ahead import Ahead
from .signoff.roster import ROSTER, Roster, load_roster
from .settings import CASES_DIR, PAGES_DIR, STORY_SUFFIXES, SiteSettings
from .site import Site, every_record, kind_label, kind_names, make_site, places, section_title
from .stories import ParsedStory, StoryReader, broken_link_problems

# Where stories live, what they become, and Pelican's content class for each.
STORY_KINDS = ((CASES_DIR, "cases", Case, Article), (PAGES_DIR, "pages", Page, PelicanPage))


def _forget_rendered_bodies() -> None:
    """Empty Pelican's memo of link-resolved bodies: a linked story's URL may have changed (and it only grows)."""
    for name in ("get_content", "get_summary"):
        Content.__dict__[name].cache.clear()


@pass_context
def _story_pictures(context: Any, story: Any) -> Markup:
    """A story's body with its local photos as published <picture>s (``{{ case | with_pictures }}``)."""
    site = context["site"]
    return with_pictures(story.body, lambda src: site.photo_for(story, src), context["SITEURL"])


class _Read(NamedTuple):
    """What one build read from content/ and data/, validated, before the content checks."""

    registry: Registry
    stories: list[ParsedStory]
    records: list[Record]
    refs: list[PhotoRef]
    photo_problems: list[Problem]


class CatalogGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A template is never edited under this environment: a changed theme makes a new generator
        # (session.py), so Jinja need not stat every template a page includes, on every page.
        self.env.auto_reload = False
        # A kind declared outside the theme brings its own templates (kinds/: Kind.templates); the theme's come first.
        if KINDS.template_folders():
            self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(list(KINDS.template_folders()))])
        # Record text is text: every value a template prints is escaped for HTML unless it is Markup, which only
        # the project's own code makes (sanitised story bodies, links, charts, JSON-LD). Set here rather than
        # through JINJA_ENVIRONMENT, so no setting can turn it off.
        self.env.autoescape = True
        self.env.filters["cn_date"] = cn_date
        self.env.filters["with_pictures"] = _story_pictures
        # Small pure helpers templates may call; everything else arrives as page values.
        self.env.globals.update(lineage=lineage, kind_label=kind_label, places=places, section_title=section_title, picture=picture,
                                year_url=lambda year: urls.year(year).url, link=link, draft_tag=draft_tag,
                                icp_link=MIIT, police_link=police_link, sitemap_url=urls.SITE_MAP.url)
        # The theme's files under content-hashed names, worked out once: a changed theme makes a new generator.
        self.assets = Assets.of(self.settings)
        self.env.globals["asset"] = self.assets.url
        self.memory: Memory | None = None  # handed over by the session before each build; else a clean build's
        self.site: Site | None = None
        self.registry = Registry()
        self.pages: list[PageSpec] = []
        self.warnings: list[Problem] = []
        self.photo_plans: dict[Path, photos.PhotoPlan] = {}
        self.pending: list[Pending] = []
        self.reviews: Reviews | None = None

    def generate_context(self) -> None:
        settings = SiteSettings.from_pelican(self.settings)
        memory = self.memory = self.memory or Memory.empty(settings)
        reading = memory.reading
        _forget_rendered_bodies()
        self._parse_through(reading)
        problems = Problems()
        problems.extend([*reading.unread(settings.data, SUFFIXES), *reading.unread(settings.content, STORY_SUFFIXES)])
        wording, found = load_wording(settings.wording, settings.root)
        problems.extend(found)
        texts = reading.texts(wording, wording_digest(settings.wording))
        roster = load_roster(settings.root)
        # A first review reads and checks every signature file on the other core while the records are read.
        ahead = Ahead(settings.root, roster, reading.memo) if not memory.reviewed.items else None
        read = self._read_everything(settings, reading, texts, problems, ahead)
        problems.extend(check_content(read.registry.raw.values(), read.stories, read.records, read.registry,
                                      kind_names(), wording, read.photo_problems, texts))
        if problems.errors and ahead is not None:
            ahead.cancel()
        problems.raise_if_any()
        reviews = self._review(settings, read.registry, reading, roster, ahead, problems)
        catalog = self._catalog(settings, read, reviews, reading, problems)
        # Before anything reads a story's body: Pelican resolves {filename} links on first access.
        self._publish_story_urls(catalog)
        # Index entries that did not change stay the last build's objects (a page showing them is then known).
        links = memory.links = same_links(build_links(catalog, memory.derived), memory.links)
        site = make_site(settings, catalog, links, self.photo_plans, reviews,
                         MappingProxyType(read.registry.of("regions")))
        self.pages, found = all_pages(site, read.registry, memory.derived)
        memory.derived.keep_only(site)
        problems.extend(found)
        problems.raise_if_any()
        self.site = site
        self.warnings = problems.warnings
        self.pending = pending(read.records, reviews, kind_names())
        self.context["site"] = site
        self.context["catalog"] = catalog

    def _read_everything(self, settings: SiteSettings, reading: Reading, texts: FileTexts, problems: Problems,
                         ahead: Ahead | None) -> _Read:
        """Every record and story read and validated, and the photos they show planned; on any exception the
        signatures read ahead are dropped, and whatever reading still does in the background is stopped."""
        reading.prefetch(self._record_files(settings, reading), self._story_files(settings, reading), texts)
        try:  # a worker checks the texts of what prefetch read meanwhile
            raw = read_all(settings.data, settings.root, problems, reading.record, reading.files)
            registry = self.registry = Registry()
            validate_all(raw, registry, problems, self.memory.reuser.records(raw) if self.memory.reuser is not None else None)
            unique_values(registry, problems)
            stories = self._read_stories(settings, registry, problems, reading)
            records = [r for kind in KINDS.names() for r in registry.of(kind).values()]
            refs = list(photo_refs(settings, registry, stories))
            self.photo_plans, photo_problems = plan_photos(settings, refs, reading.photo, reading.resolved)
            reading.settle()
        except BaseException:
            if ahead is not None:
                ahead.cancel()
            raise
        finally:
            reading.cancel()  # only when something above failed: settled, there is nothing left to stop
        return _Read(registry, stories, records, refs, photo_problems)

    def _review(self, settings: SiteSettings, registry: Registry, reading: Reading, roster: Roster,
                ahead: Ahead | None, problems: Problems) -> Reviews:
        """Every item's signatures verified; a public build stops here when the roster itself is not trusted."""
        reviews = self.reviews = review_all(
            settings.root, settings.content, registry, kind_names(), today(self.settings["TIMEZONE"]), self.memory.reviewed,
            photo_keys(self.photo_plans, settings.root, reading.resolved), Checks(reading.memo, reading.workers),
            roster, ahead.result() if ahead is not None else None)
        problems.extend(reviews.problems)
        if settings.public and not reviews.roster.trusted:
            # Nothing is published because a check could not run: an empty public site is not a success either.
            problems.add(ROSTER.as_posix(), 0, "", f"不能正式发布：{reviews.roster.why_not}，无法核对任何审核签名。"
                         "请管理员按 ci/README.md 设置 REVIEW_ADMIN_KEY、签好审核人名单后再发布。", "review-roster")
            problems.raise_if_any()
        return reviews

    def _catalog(self, settings: SiteSettings, read: _Read, reviews: Reviews, reading: Reading,
                 problems: Problems) -> Catalog:
        """The Catalog the site shows: in a public build only what reviewers signed, and only its photos."""
        # The public build's catalog holds only what reviewers signed (and the sources and regions it shows), so
        # every view (pages, indexes, search, feed, sitemap, brochures, photos) leaves the rest out alike.
        keep = (lambda r: (KINDS.of(r).name, r.id) in reviews.public) if settings.public else None
        catalog = Catalog.from_registry(read.registry, keep)
        problems.extend(publishing_problems(settings, catalog) if settings.public
                        else identification_problems(settings, public=False))
        problems.raise_if_any()
        if settings.public:  # a photo is published only with a record that shows it
            shown = {r.path for r in every_record(catalog)}
            used = {reading.resolved(ref.source) for ref in read.refs if ref.source is not None and ref.path in shown}
            self.photo_plans = {source: plan for source, plan in self.photo_plans.items() if source in used}
        return catalog

    def _parse_through(self, reading: Reading) -> None:
        for reader in self.readers.readers.values():
            if isinstance(reader, StoryReader):
                reader.parse = reading.story

    def _record_files(self, site: SiteSettings, reading: Reading) -> list[Path]:
        folders = [site.data / kind.name for kind in KINDS.records()]
        return [f for folder in folders for f in reading.files(folder) if f.suffix in SUFFIXES]

    def _story_files(self, site: SiteSettings, reading: Reading) -> list[Path]:
        return [f for folder, *_ in STORY_KINDS for f in reading.files(site.content / folder) if f.suffix in STORY_SUFFIXES]

    def _read_stories(self, site: SiteSettings, registry: Registry, problems: Problems,
                      reading: Reading) -> list[ParsedStory]:
        folders = {folder for folder, *_ in STORY_KINDS}
        for file in (p for p in reading.files(site.content) if p.suffix in STORY_SUFFIXES):
            relative = file.relative_to(site.content)
            if relative.parts[0] not in folders or len(relative.parts) < 2:
                problems.add(file.relative_to(site.root).as_posix(), 1, "",  # as listed: a link out is not resolved
                             f"不知道这篇文稿是什么：案例请放在 content/{CASES_DIR}/ 下，"
                             f"普通页面请放在 content/{PAGES_DIR}/ 下。", "story-place")
        self.context["generated_content"] = {}
        articles, read = self.memory.articles, []
        self.memory.articles = {}
        for folder, kind, model, content_class in STORY_KINDS:
            for file in (p for p in reading.files(site.content / folder) if p.suffix in STORY_SUFFIXES):
                article = self._read_story(file, site, kind, model, content_class, registry, problems,
                                           reading, articles)
                if article is not None:
                    read.append((file, article))
        # Links are checked once every story is known: a story may link to a later one.
        known = {reading.resolved(file) for file, _ in read}
        for file, article in read:
            problems.extend(broken_link_problems(article.story, file, site.content, known))
        return [article.story for _, article in read]

    def _read_story(self, file: Path, site: SiteSettings, kind: str, model: type, content_class: type,
                    registry: Registry, problems: Problems, reading: Reading, articles: dict) -> Any:
        try:
            article = self._article(file, site, content_class, reading, articles)
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
        reuser = self.memory.reuser
        record = reuser.story(kind, front, article) if reuser is not None else None
        if record is None:
            record, found = validate(model, front, registry, extra={"article": article})
            problems.extend(found)
        if record is None or article.story.problems:
            registry.mark_broken(kind, front.id)
        else:
            registry.add(kind, record)
            # Pelican resolves {filename} links through this map.
            self.context["generated_content"][article.relative_source_path] = article
        return article

    def _article(self, file: Path, site: SiteSettings, content_class: type, reading: Reading, articles: dict) -> Any:
        """Pelican's content object for a story: the one made before when the file is unchanged (``invoke serve``)."""
        story = reading.story(file, site.root)  # raises BuildFailed; from the memo when unchanged
        key = (str(file), story.digest)
        article = articles.get(key) if story.digest else None
        if article is None or article.story is not story:
            article = self.readers.read_file(base_path=str(site.content), path=str(file.relative_to(site.content)),
                                             content_class=content_class, context=self.context)
        self.memory.articles[key] = article
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
