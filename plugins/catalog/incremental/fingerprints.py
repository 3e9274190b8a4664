"""A page's fingerprint: a digest of everything its template receives, read off the values themselves.

Nothing here declares what a page depends on. A page's fingerprint walks its
PageSpec (title, crumbs, description, JSON-LD and every value the template is
given); each record met on the way counts by its *record digest*, which covers
the record's file, its URL, its photos and, recursively, every record it holds
(graph.py). So a village page lists the digests of its cases, and a case's
digest changes when its title or its county's name does, but not when its body
does: a body is shown only by pages that render it, and those are found by
watching (records/model.BODIES_READ) and count the *body digest* of each story
they showed. What every page shows (settings, theme, the footer's pages) is the
*site digest*, part of every fingerprint; what a page shows of the brochures
(the home page all of them, a county's page its own) is added to its own.

Anything a template can reach that is not in its values must be covered here;
tests/test_incremental.py reads the templates to make sure they reach nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from ..pages import PageSpec
from ..photos import PhotoPlan
from ..records.model import Record, Story
from ..records.refs import Registry
from ..records.validate import RawRecord
from ..kind import KINDS
from ..site import Site
from .graph import Graph
from .render import StoryKey


class Tokens:
    """Tokens of lists and objects pages show, kept from build to build by identity (one per session).

    Values are immutable, and whatever stays the same object from one build to the next (a record, its
    figures, an index entry that did not change: incremental/interning.py) keeps its token. A token
    depends on the record digests of the records inside it. A record that is the same object as in the
    last build was validated from the same file and holds the same objects, and its URL follows from
    itself, so its digest can change only through a photo's published copies or its review (a signature,
    the roster, another item it waits for): when either changed, every kept token may be stale, and all
    are forgotten. Only what the last build used is kept.
    """

    def __init__(self) -> None:
        self.kept: dict[int, tuple[Any, bytes]] = {}
        self.photos: dict[Path, bytes] | None = None  # each photo's plan digest in the last build
        self.reviews: tuple | None = None  # what the last build's records' reviews were read off (Fingerprints)


class Fingerprints:
    def __init__(self, site: Site, registry: Registry, graph: Graph, shown_everywhere: Iterable[Any],
                 tokens: Tokens | None = None, shown_on: Callable[[PageSpec], tuple] = lambda spec: ()):
        """``shown_everywhere``: what every page shows besides the site (versions). ``shown_on``: what a page
        shows besides its values, as plain values (the brochures' links: brochure/downloads.py)."""
        self.site = site
        self.registry = registry
        self.graph = graph
        self._records: dict[int, bytes] = {}
        self._bodies: dict[StoryKey, bytes] = {}
        self.tokens = tokens or Tokens()
        self._photos = {path: _plan_digest(plan) for path, plan in site.photos.items()}
        # A photo added is listed only by a record that changed (its file lists it): tokens go stale only
        # when a photo the last build published has other copies now, or is gone.
        before = self.tokens.photos or {}
        if any(self._photos.get(path) != digest for path, digest in before.items()):
            self.tokens.kept = {}
        # Nor does a signature made or voided change a file of the record it is about (``make sign`` while
        # serving). What ``_review`` reads of every record follows from these: each item's verdict, what is
        # public, when each was first approved. Compared whole: a province's are equal, mostly the same objects.
        reviews = site.reviews
        self._reviews = None if reviews is None else (reviews.verdicts, reviews.public, reviews.first_approved)
        if self._reviews != self.tokens.reviews:
            self.tokens.kept = {}
        self._kept, self._used = self.tokens.kept, {}  # this build's tokens: what it uses, it keeps
        # Which sections have something in them: every page's menu and footer show only those.
        digest = hashlib.sha1(repr((tuple(shown_everywhere), sorted(site.sections))).encode())
        for page in site.catalog.pages.values():  # the footer links every plain page
            digest.update(self.record(page))
        self.site_digest = digest.digest()
        self.shown_on = shown_on

    def keep(self) -> None:
        """At the end of the build: what it used is kept for the next one."""
        self.tokens.kept = self._used
        self.tokens.photos = self._photos
        self.tokens.reviews = self._reviews

    def record(self, record: Record) -> bytes:
        found = self._records.get(id(record))
        if found is None:
            digest = hashlib.sha1(f"{type(record).__name__}\0{record.id}\0{self.site.url_for(record)}\0".encode())
            digest.update(_file_digest(self.registry.raw[(KINDS.of(record).name, record.id)], record))
            digest.update(repr(_review(self.site, record)).encode())
            for photo in getattr(record, "photos", ()):
                digest.update(_plan_digest(self.site.photo_for(record, photo.file)))
            for held in self.graph.held(record):
                digest.update(self.record(held))
            found = self._records[id(record)] = digest.digest()
        return found

    def every_record(self) -> None:
        for kind in KINDS.names():
            for record in self.site.catalog.of(kind).values():
                self.record(record)

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
        # The spec as a token: a page made from the very same objects as in the last build is one lookup.
        return hashlib.sha1(self.site_digest + self.value(spec) + repr(self.shown_on(spec)).encode()).digest()

    def value(self, value: Any) -> bytes:
        """``value`` as a token: a plain value spelt out, anything else a digest of its parts.

        Records count by their record digest. Pages share much of what they show (a county's contents are
        also its city's tree node), and most of it is the same objects as in the last build, so the token
        of each list or object is kept by identity (Tokens). Unknown types are refused. Tokens are self-delimiting: "p" + repr + NUL (a repr has no NUL in it),
        or "d" + 20 bytes of digest.
        """
        kind = type(value)
        if kind in _PLAIN or isinstance(value, Enum):
            return b"p%s%s\0" % (kind.__name__.encode(), repr(value).encode())
        if isinstance(value, Record):
            return b"d" + self.record(value)
        kept = self._used.get(id(value)) or self._kept.get(id(value))
        if kept is not None and kept[0] is value:
            self._used[id(value)] = kept
            return kept[1]
        if kind is tuple or kind is list:
            record = self.record
            token = b"d" + hashlib.sha1(b"(" + b"".join(
                b"d" + record(v) if isinstance(v, Record) else self.value(v) for v in value)).digest()
        elif isinstance(value, Mapping):
            token = b"d" + hashlib.sha1(b"{" + b"".join(self.value(k) + self.value(v) for k, v in value.items())).digest()
        else:
            token = self._object(value)
            if token[:1] == b"p":
                return token  # plain all through: cheaper to spell out again than to remember
            token = b"d" + hashlib.sha1(token).digest()
        self._used[id(value)] = (value, token)
        return token

    def _object(self, value: Any) -> bytes:
        """A dataclass or model as one token: spelt out when all its fields are plain, else its fields' tokens."""
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            if isinstance(value, BaseModel):
                names = tuple(kind.model_fields)
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                names = tuple(f.name for f in dataclasses.fields(value))
            else:
                raise TypeError(f"a page value of type {kind.__qualname__} cannot be fingerprinted; "
                                "teach incremental/fingerprints.py what it shows")
            _FIELDS[kind] = names
        fields = [getattr(value, name) for name in names]
        if all(type(f) in _PLAIN for f in fields):  # a crumb, a location, a map link
            return b"p%s%s\0" % (kind.__qualname__.encode(), repr(fields).encode())
        return kind.__qualname__.encode() + b"(" + b"".join(self.value(f) for f in fields)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _story(site: Site, key: StoryKey) -> Story | None:
    kind, story_id = key
    return (site.catalog.cases if kind == "Case" else site.catalog.pages).get(story_id)


def _review(site: Site, record: Record) -> tuple:
    """What a record's digest takes from its review, which stands apart from its file: signatures, the roster
    and other items decide it."""
    return site.status(record), site.signed(record), site.dates(record)


def _file_digest(raw: RawRecord, record: Record) -> bytes:
    """The digest of the text a record was read from (a story's front matter: its body is counted apart)."""
    return raw.digest.encode() if raw.digest else pickle.dumps((raw.path, raw.data), protocol=5)


def _plan_digest(plan: PhotoPlan | None) -> bytes:
    return b"-" if plan is None else repr((plan.key, plan.size, plan.variants)).encode()


# Values spelt out as they are (their repr is the same in every process); Enums too, by isinstance.
_PLAIN = frozenset({str, int, float, bool, type(None), Decimal, dt.date, Markup})
