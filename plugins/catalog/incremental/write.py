"""The site's files written into the staging folder: pages whose fingerprint changed, and everything else.

A page is rendered again when its fingerprint changed, when a story body it
showed changed, or when the staging folder does not hold what it last wrote;
otherwise its file is left as it is (a hard link to output/'s). Pages to
render are dealt out to forked workers, largest first. Photos, the theme's
files, robots.txt, the sitemap and the feed are compared by content and
written only when different; the build's stamp (stamp.py) last. Whatever the staging folder holds that this build
did not produce is removed, so the result is exactly a clean build's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import feeds, photos
from ..assets import Assets
from ..indexes import RegionContent
from ..pages import PageSpec
from ..site import Site
from ..stamp import STAMP, Stamp
from ..urls import IDENTITY
from .fingerprints import Fingerprints
from .output import Staging
from .render import Renderer, StoryKey
from ..workers import fork_map

# Below this many pages to render (or to fingerprint), forking workers costs more than it saves.
PARALLEL_FROM = 64
FINGERPRINT_PARALLEL_FROM = 400000


@dataclass(frozen=True)
class PageEntry:
    """What a page was last rendered from."""

    fingerprint: bytes
    bodies: tuple[StoryKey, ...]  # the stories whose bodies it showed
    bodies_digest: bytes


@dataclass(frozen=True)
class Written:
    save_as: str
    digest: str
    bodies: tuple[StoryKey, ...]
    wrote: bool
    fingerprint: bytes


def write_pages(generator: Any, staging: Staging, prints: Fingerprints, before: dict[str, PageEntry],
                workers: int) -> tuple[dict[str, PageEntry], int]:
    """Every page's entry after this build, and how many pages were rendered."""
    entries: dict[str, PageEntry] = {}
    todo: list[tuple[PageSpec, bytes | None]] = []
    if not before:  # nothing to compare with: every page is rendered, and fingerprinted where it is rendered
        todo = [(spec, None) for spec in generator.pages]
    for spec, fingerprint in zip(generator.pages, _fingerprints(generator.pages, prints, workers) if before else ()):
        old = before.get(spec.location.save_as)
        if (old is not None and old.fingerprint == fingerprint and staging.files.get(spec.location.save_as)
                and prints.bodies(old.bodies) == old.bodies_digest):
            entries[spec.location.save_as] = old
        else:
            todo.append((spec, fingerprint))
    renderer = Renderer(generator)

    def render(share: list[tuple[PageSpec, bytes | None]]) -> list[Written]:
        done = []
        for spec, fingerprint in share:
            page = renderer.render(spec)
            digest = hashlib.sha256(page.html).hexdigest()
            wrote = staging.write(page.save_as, page.html, digest)
            done.append(Written(page.save_as, digest, page.bodies, wrote, fingerprint or prints.page(spec)))
        return done

    if len(todo) >= PARALLEL_FROM:
        prints.every_record()  # once, here: each worker inherits them
    for written in (w for share in fork_map(render, _deal(todo, workers if len(todo) >= PARALLEL_FROM else 1))
                    for w in share):
        if written.wrote:
            staging.noted(written.save_as, written.digest)  # a worker wrote it: this process learns of it here
        entries[written.save_as] = PageEntry(written.fingerprint, written.bodies, prints.bodies(written.bodies))
    return entries, len(todo)


def _fingerprints(pages: list[PageSpec], prints: Fingerprints, workers: int) -> list[bytes]:
    """Every page's fingerprint, in order; on every core when there are many (they take 40 µs each)."""
    if workers < 2 or len(pages) < FINGERPRINT_PARALLEL_FROM:
        return [prints.page(spec) for spec in pages]
    prints.every_record()  # once, here: each worker inherits them
    shares = [pages[i::workers] for i in range(workers)]
    found = fork_map(lambda share: [prints.page(spec) for spec in share], shares)
    ordered: list[bytes] = [b""] * len(pages)
    for i, share in enumerate(found):
        ordered[i::workers] = share
    return ordered


def _deal(todo: list[tuple[PageSpec, Any]], workers: int) -> list[list[tuple[PageSpec, Any]]]:
    """Shares of about equal work: the largest pages first, dealt round."""
    ranked = sorted(todo, key=lambda item: -_weight(item[0].values))
    return [share for share in (ranked[i::workers] for i in range(workers)) if share] or [[]]


def _weight(values: Any) -> int:
    if isinstance(values, dict):
        return 1 + sum(_weight(v) for v in values.values())
    if isinstance(values, tuple | list):
        return len(values) + sum(_weight(v) for v in values[:50] if isinstance(v, tuple | RegionContent))
    if isinstance(values, RegionContent):
        return len(values.villages) + len(values.cases) + len(values.routes) + len(values.initiatives)
    return 1


def write_photos(generator: Any, staging: Staging) -> list[str]:
    """Every photo's published copies (encoded into the photo cache first when it lacks them)."""
    plans = list({p.key: p for p in generator.photo_plans.values()}.values())
    cache = generator.site.settings.photo_cache
    photos.encode(plans, cache)
    written = []
    for plan in plans:
        for variant in plan.variants:
            for name in (variant.webp, variant.jpeg):
                rel = f"{photos.FOLDER}/{name}"
                # The name is the content's hash, and the photo cache never writes a file twice: linked, not copied.
                staging.link(rel, cache / name, f"photo:{name}")
                written.append(rel)
    return written


def write_theme(assets: Assets, staging: Staging) -> list[str]:
    """The theme's static files, each under its content-hashed name (assets.py)."""
    for asset in assets.files.values():
        staging.write(asset.published, asset.data)
    return [asset.published for asset in assets.files.values()]


def write_texts(generator: Any, staging: Staging) -> list[str]:
    """robots.txt always; the sitemap and the feed of cases once the public address is set (the feed only with a
    case in it: an empty one would carry the build's time, the one date it could have)."""
    site = generator.site
    texts = {feeds.ROBOTS: feeds.robots_txt(site)}
    if site.settings.public_url:
        texts[feeds.SITEMAP] = feeds.sitemap_xml(generator.pages, site)
    for rel, text in texts.items():
        staging.write(rel, text.encode("utf-8"))
    if site.settings.public_url and site.has_section("cases"):
        staging.write(feeds.CASES_FEED, feeds.cases_feed(generator))
        texts[feeds.CASES_FEED] = ""
    return list(texts)


def write_identity(generator: Any, staging: Staging) -> list[str]:
    """The office's identification images (公安备案 icon, 党政机关网站 mark), copied from the project folder."""
    written = []
    for file in generator.site.identity_images.values():
        rel = f"{IDENTITY}/{file.name}"
        staging.write(rel, file.read_bytes())
        written.append(rel)
    return written


def write_stamp(site: Site, staging: Staging, wanted: list[str]) -> str:
    """The stamp saying which build this is (stamp.py); a public build's lists every file with its size."""
    if site.settings.public:
        files = {rel: (staging.folder / rel).stat().st_size for rel in wanted}
        stamp = Stamp("public", site.settings.public_url, files)
    else:
        stamp = Stamp("preview")
    staging.write(STAMP, stamp.to_bytes())
    return STAMP
