"""The Site: what every template sees as ``site`` — the catalog, its links and every page's URL."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from . import urls
from .catalog import Catalog
from .indexes import Links
from .kind import KINDS, Kind
from .kinds.places import places
from .photos import PhotoPlan, named_file
from .records.model import Case, Initiative, Record, Region, Route, Village
from .records.review import Reviewed, Status
from .settings import SiteSettings
from .signoff.reviews import Reviews
from .signoff.verify import Signed

NAV = (Case, Village, Initiative, Route, Region)


def kind_names() -> dict[type[Record], str]:
    """Each kind's model and name (its Catalog attribute and review key), from the one list of kinds."""
    return {k.model: k.name for k in KINDS}


def every_record(catalog: Catalog) -> list[Record]:
    return [r for kind in KINDS for r in catalog.of(kind.name).values()]


def section_title(kind: type[Record] | str) -> str:
    """A kind's list page title (示范村), by its model or name (templates: ``section_title("villages")``)."""
    found = KINDS.named(kind) if isinstance(kind, str) else KINDS.find(kind)
    return found.section_title


@dataclass(frozen=True)
class Site:
    settings: SiteSettings
    catalog: Catalog
    links: Links
    located: Mapping[tuple[type, str], urls.Location]
    photos: Mapping[Path, PhotoPlan] = field(default_factory=dict)  # by the source file's resolved path
    reviews: Reviews | None = None  # every item's signatures, verified (signoff/reviews.py)
    # Every region in data/, published or not: for staff messages only ("环县 has nothing published yet").
    every_region: Mapping[str, Region] = field(default_factory=dict)

    def status(self, record: Record) -> Status | None:
        """Where a reviewed item stands, from its signatures (None for sources and regions, which have no review)."""
        if self.reviews is None or not isinstance(record, Reviewed):
            return None
        found = self._statuses.get((type(record), record.id))
        return found if found is not None else self.reviews.status(KINDS.of(record).name, record)

    @functools.cached_property
    def _statuses(self) -> dict[tuple[type, str], Status]:
        """Every item's status, worked out once a build: pages ask for it with every link they print."""
        if self.reviews is None:
            return {}
        return {(type(r), r.id): self.reviews.status(kind.name, r) for kind in KINDS
                for r in self.catalog.of(kind.name).values() if isinstance(r, Reviewed)}

    def dates(self, record: Record) -> tuple[dt.date, dt.date | None] | None:
        """(发布日期, 更新日期 or None) of a public item (signoff/reviews.py); None otherwise."""
        if self.reviews is None or not isinstance(record, Reviewed):
            return None
        return self.reviews.dates(KINDS.of(record).name, record)

    def signed(self, record: Record) -> tuple[Signed, ...]:
        """The item's valid sign-offs (审核记录), in level order."""
        if self.reviews is None or not isinstance(record, Reviewed):
            return ()
        return self.reviews.verdicts[(KINDS.of(record).name, record.id)].signed

    def photo_for(self, record: Record, file: str) -> PhotoPlan | None:
        """The published copies of a photo a record or story names by its file name (None for a web address)."""
        source = named_file((self.settings.root / record.path).parent, file)
        return self.photos.get(source.resolve()) if source is not None else None

    def url_for(self, record: Record) -> str | None:
        """The record's URL, or None when it has no page of its own (a township)."""
        found = self.located.get((type(record), record.id))
        return found.url if found else None

    def section_url(self, name: str) -> str:
        """``site.section_url("cases")`` in templates: a section's list page."""
        return urls.section(KINDS.named(name).model).url

    @functools.cached_property  # every page's footer asks; a Site is one build's
    def identity_images(self) -> dict[str, Path]:
        """The footer's images that exist in the project folder, by setting (publishing.py reports the rest)."""
        found = {}
        for key in ("police_icon", "gov_mark"):
            value = getattr(self.settings.footer, key)
            file = (self.settings.root / value).resolve() if value else None
            if file is not None and file.is_file() and file.is_relative_to(self.settings.root.resolve()):
                found[key] = file
        return found

    def identity_url(self, key: str) -> str | None:
        """``site.identity_url("police_icon")``: where the image is published."""
        file = self.identity_images.get(key)
        return f"{urls.IDENTITY}/{file.name}" if file is not None else None

    def absolute(self, url: str) -> str | None:
        """The public address of a site URL; None until the public address is configured."""
        return urljoin(self.settings.public_url.rstrip("/") + "/", url) if self.settings.public_url else None

    @functools.cached_property  # asked several times by every page: once a build (a Site is one build's)
    def sections(self) -> frozenset[str]:
        """The sections with something in them: an empty column (空白栏目) is neither published nor linked."""
        return frozenset(k.section for k in _listed() if self.catalog.of(k.name))

    def has_section(self, name: str) -> bool:
        return name in self.sections

    @property
    def nav(self) -> tuple[tuple[str, str], ...]:
        kinds = [KINDS.find(k) for k in NAV]
        return tuple((k.section_title, urls.section(k.model).url) for k in kinds if k.section in self.sections)


def _listed() -> tuple[Kind, ...]:
    """The kinds with a list page of their own."""
    return tuple(k for k in KINDS if k.section is not None and k.section_title is not None)


def kind_label(record: Record) -> str:
    return KINDS.of(record).label


__all__ = ["Site", "every_record", "has_page", "kind_label", "kind_names", "make_site", "places", "section_title"]


def has_page(record: Record, links: Links) -> bool:
    rule = KINDS.of(record).has_page
    return rule is None or rule(record, links)


def make_site(settings: SiteSettings, catalog: Catalog, links: Links,
              photos: Mapping[Path, PhotoPlan] | None = None, reviews: Reviews | None = None,
              every_region: Mapping[str, Region] | None = None) -> Site:
    records = every_record(catalog)
    located = {(type(r), r.id): urls.location(r) for r in records if has_page(r, links)}
    return Site(settings, catalog, links, located, photos or {}, reviews,
                every_region if every_region is not None else catalog.regions)
