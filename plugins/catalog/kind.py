"""What a record kind declares, and the one ordered list of kinds the build iterates over.

A kind (村, 案例, 线路…) is declared once, in its own module under ``kinds/``: its folder and model, its
label, its URL section, how its records sort, where a record lies, its page, its search text, its JSON-LD
and its brochure entry. Validation, the catalog, the indexes, the pages, search and the brochure ask this
list instead of keeping tables of their own, so a new kind is one module plus its templates.

This module sits below the records (which read the folders and labels from it), so it names the models
only as types; the declarations themselves, in ``kinds/``, sit above the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A record's search text: its own lines and its tail (the names of other pages it lists), see search/text.py.
SearchParts = tuple[list[str | None], list[str | None]]


class KindError(TypeError):
    """A kind declared without a part every kind must have: a developer's mistake, raised at registration."""


@dataclass(frozen=True)
class BrochureEntry:
    """How a kind is printed in a county's chapter: a section of entries, one per record."""

    title: str  # the section heading and the overview's word: 党群服务中心
    unit: str  # the measure word in the chapter's overview: 个
    facts: Callable[[Any], tuple[tuple[str, str], ...]]  # the rows printed under a record's heading: (地址, …)


@dataclass(frozen=True)
class Kind:
    """One record kind. ``sort_key`` and ``areas`` are required: without them a record would silently fall
    out of lists and county indexes, so ``Kinds.add`` refuses a kind that lacks them."""

    name: str  # data/ (or content/) folder, Catalog attribute, review key: "villages"
    model: type  # the record's pydantic model (records/model.py, or the kind's own module)
    label: str  # the word staff and visitors know it by, in messages and on cards: 村
    sort_key: Callable[[Any], Any] | None = None  # the one order of its records in every list
    areas: Callable[[Any], tuple[Any, ...]] | None = None  # where a record lies: the most precise regions it names
    # The records it is about (a case's villages): it is listed on the pages of the regions they lie in too.
    about: Callable[[Any], tuple[Any, ...]] = lambda record: ()
    story: bool = False  # a Markdown story read by Pelican from content/<name>/, not YAML under data/
    section: str | None = None  # its URL folder and list page (villages/xiaowang/); None: at the root by slug
    section_title: str | None = None  # its list page's title and crumb: 示范村; None: no list page
    section_description: str = ""  # its list page's <meta> description ("" : its title)
    template: str | None = None  # its page's template; None: its records have no page of their own
    templates: Path | None = None  # a folder of the kind's own templates, when they are not in the theme
    # What its page's template receives besides the record (under ``value_name``): (record, site) -> values.
    page_values: Callable[[Any, Any], Mapping[str, Any]] | None = None
    value_name: str = ""  # the record's name in its template: "village"
    search_text: Callable[[Any, Mapping[str, Any]], SearchParts] | None = None
    describe: Callable[[Any, Any], str] | None = None  # (record, site) -> its <meta> description
    json_ld: Callable[[Any, Any], dict[str, Any] | None] | None = None  # (record, site) -> schema.org data
    # (what staff call its name, what it is unique within, its name): two records of a kind whose names read alike
    # within the same scope are reported (checks/duplicates.py); 村名 is unique within a county.
    title_key: Callable[[Any], tuple[str, Any, str]] | None = None
    brochure: BrochureEntry | None = None  # its section in a county's chapter (kinds outside the four of old)
    placed: bool = True  # listed on the pages of the regions it lies in (regions themselves are not)
    # Whether a record has a page of its own, given the indexes (indexes.Links); None: every record has one.
    has_page: Callable[[Any, Any], bool] | None = None


class Kinds:
    """Every kind, in the order records may refer to each other (sources first, stories last)."""

    def __init__(self) -> None:
        self._kinds: list[Kind] = []
        self._by_model: dict[type, Kind] = {}
        self._by_name: dict[str, Kind] = {}

    def add(self, kind: Kind) -> Kind:
        missing = [part for part in ("sort_key", "areas") if not callable(getattr(kind, part))]
        if kind.template is not None:
            missing += ["search_text"] if not callable(kind.search_text) else []
            missing += ["value_name"] if not kind.value_name else []
        if missing:
            raise KindError(f"kind {kind.name!r} ({kind.model.__name__}) declares no {', '.join(missing)}: every kind "
                            "must say how its records sort and where they lie, and a kind with a page its search text "
                            "and the name its template knows the record by")
        if kind.name in self._by_name or kind.model in self._by_model:
            raise KindError(f"kind {kind.name!r} ({kind.model.__name__}) is already registered")
        self._kinds.append(kind)
        self._by_model[kind.model] = kind
        self._by_name[kind.name] = kind
        return kind

    def remove(self, kind: Kind) -> None:
        self._kinds.remove(kind)
        del self._by_model[kind.model], self._by_name[kind.name]

    @contextmanager
    def registered(self, kind: Kind) -> Iterator[Kind]:
        """``with KINDS.registered(kind):`` the kind is known inside the block only (tests)."""
        self.add(kind)
        try:
            yield kind
        finally:
            self.remove(kind)

    def __iter__(self) -> Iterator[Kind]:
        return iter(tuple(self._kinds))

    def of(self, record: Any) -> Kind:
        return self._by_model[type(record)]

    def find(self, model: type) -> Kind | None:
        return self._by_model.get(model)

    def named(self, name: str) -> Kind:
        return self._by_name[name]

    def records(self) -> tuple[Kind, ...]:
        """The kinds read from data/ as YAML, in dependency order."""
        return tuple(k for k in self._kinds if not k.story)

    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self._kinds)

    def labels(self) -> dict[str, str]:
        return {k.name: k.label for k in self._kinds}

    def template_folders(self) -> tuple[Path, ...]:
        return tuple(k.templates for k in self._kinds if k.templates is not None)


KINDS = Kinds()
