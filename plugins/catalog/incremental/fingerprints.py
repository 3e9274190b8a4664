"""A page's fingerprint: a digest of everything its template receives, read off the values themselves.

Nothing here declares what a page depends on. A page's fingerprint walks its
PageSpec (title, crumbs, description, JSON-LD and every value the template is
given); each record met on the way counts by its *record digest*, which covers
the record's file, its URL, its photos and, recursively, every record it holds
(graph.py). So a village page lists the digests of its cases, and a case's
digest changes when its title or its county's name does, but not when its body
does: a body is shown only by pages that render it, and those are found by
watching (records/model.BODIES_READ) and count the *body digest* of each story
they showed. What every page shows (settings, theme, the footer's pages, the
brochure link) is the *site digest*, part of every fingerprint.

Anything a template can reach that is not in its values must be covered here;
tests/test_incremental.py reads the templates to make sure they reach nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Iterable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from ..pages import PageSpec
from ..photos import PhotoPlan
from ..records.model import Record, Story
from ..records.refs import Registry
from ..records.validate import RawRecord
from ..site import KIND_NAMES, Site
from .graph import Graph
from .render import StoryKey


class Fingerprints:
    def __init__(self, site: Site, registry: Registry, graph: Graph, shown_everywhere: Iterable[Any]):
        """``shown_everywhere``: what every page shows besides the site (versions, the brochure link)."""
        self.site = site
        self.registry = registry
        self.graph = graph
        self._records: dict[int, bytes] = {}
        self._bodies: dict[StoryKey, bytes] = {}
        digest = hashlib.sha1(repr(tuple(shown_everywhere)).encode())
        for page in site.catalog.pages.values():  # the footer links every plain page
            digest.update(self.record(page))
        self.site_digest = digest.digest()

    def record(self, record: Record) -> bytes:
        found = self._records.get(id(record))
        if found is None:
            digest = hashlib.sha1(f"{type(record).__name__}\0{record.id}\0{self.site.url_for(record)}\0".encode())
            digest.update(_file_digest(self.registry.raw[(KIND_NAMES[type(record)], record.id)], record))
            for photo in getattr(record, "photos", ()):
                digest.update(_plan_digest(self.site.photo_for(record, photo.file)))
            for held in self.graph.held(record):
                digest.update(self.record(held))
            found = self._records[id(record)] = digest.digest()
        return found

    def body(self, key: StoryKey) -> bytes:
        """What a story's body renders from: its file, its photos, and where its links lead."""
        found = self._bodies.get(key)
        if found is None:
            story = _story(self.site, key)
            if story is None:
                return b"gone"
            parsed = story.article.story
            digest = hashlib.sha1(parsed.digest.encode() or parsed.html.encode())
            for image in parsed.images:
                digest.update(_plan_digest(self.site.photo_for(story, image.src)))
            if parsed.internal_links():
                digest.update(story.article.get_content("").encode())  # {filename} links resolved, as Pelican does
            found = self._bodies[key] = digest.digest()
        return found

    def bodies(self, keys: Iterable[StoryKey]) -> bytes:
        digest = hashlib.sha1()
        for key in keys:
            digest.update(self.body(key))
        return digest.digest()

    def page(self, spec: PageSpec) -> bytes:
        digest = hashlib.sha1(self.site_digest)
        _feed(digest, (spec.location, spec.template, spec.title, spec.crumbs, spec.description, spec.json_ld),
              self.record)
        digest.update(self.record(spec.owner) if spec.owner is not None else b"-")
        _feed(digest, spec.values, self.record)
        return digest.digest()


def _story(site: Site, key: StoryKey) -> Story | None:
    kind, story_id = key
    return (site.catalog.cases if kind == "Case" else site.catalog.pages).get(story_id)


def _file_digest(raw: RawRecord, record: Record) -> bytes:
    """The digest of the text a record was read from (a story's front matter: its body is counted apart)."""
    return raw.digest.encode() if raw.digest else pickle.dumps((raw.path, raw.data), protocol=5)


def _plan_digest(plan: PhotoPlan | None) -> bytes:
    return b"-" if plan is None else repr((plan.key, plan.size, plan.variants)).encode()


_SCALARS = (str, int, float, bool, type(None), Decimal, dt.date, Enum)


def _feed(digest: Any, value: Any, record: Any) -> None:
    """Put ``value`` into ``digest``, unambiguously; records by their record digest. Unknown types are refused."""
    if isinstance(value, Record):
        digest.update(b"R")
        digest.update(record(value))
    elif isinstance(value, _SCALARS) or isinstance(value, Markup):
        digest.update(f"{type(value).__name__}{value!r}\0".encode())
    elif isinstance(value, tuple | list):
        digest.update(b"(%d" % len(value))
        for item in value:
            _feed(digest, item, record)
    elif isinstance(value, Mapping):
        digest.update(b"{%d" % len(value))
        for key, item in value.items():
            _feed(digest, key, record)
            _feed(digest, item, record)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(type(value).__qualname__.encode() + b"(")
        for field in dataclasses.fields(value):
            _feed(digest, getattr(value, field.name), record)
    elif isinstance(value, BaseModel):
        digest.update(type(value).__qualname__.encode() + b"(")
        for name in type(value).model_fields:
            _feed(digest, getattr(value, name), record)
    else:
        raise TypeError(f"a page value of type {type(value).__qualname__} cannot be fingerprinted; "
                        "teach incremental/fingerprints.py what it shows")
