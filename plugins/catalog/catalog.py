"""The Catalog: every validated record and story, by kind, in one immutable object.

All views (site pages, indexes, brochure, search) read from it; none of them
re-reads YAML or Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from .kind import KINDS
from .records.model import Case, Initiative, Page, Record, Region, Route, Source, Village
from .records.refs import Registry


@dataclass(frozen=True)
class Catalog:
    sources: Mapping[str, Source]
    regions: Mapping[str, Region]
    initiatives: Mapping[str, Initiative]
    villages: Mapping[str, Village]
    routes: Mapping[str, Route]
    cases: Mapping[str, Case]
    pages: Mapping[str, Page]
    # The records of kinds besides these (kinds/: a kind added by its own module), by kind name.
    others: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def of(self, kind: str) -> Mapping[str, Any]:
        """The records of one kind, by id: ``catalog.of("villages")``."""
        return getattr(self, kind) if kind in _OWN else self.others.get(kind, MappingProxyType({}))

    @classmethod
    def from_registry(cls, registry: Registry, keep: Callable[[Record], bool] | None = None) -> Catalog:
        """Every valid record, or only those ``keep`` accepts (the public build's reviewed content)."""
        def frozen(kind: str) -> Mapping:
            return MappingProxyType({i: r for i, r in sorted(registry.of(kind).items()) if keep is None or keep(r)})

        others = MappingProxyType({k.name: frozen(k.name) for k in KINDS if k.name not in _OWN})
        return cls(**{kind: frozen(kind) for kind in _OWN}, others=others)


_OWN = tuple(f.name for f in fields(Catalog) if f.name != "others")
