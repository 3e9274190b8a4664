"""The Catalog: every validated record and story, by kind, in one immutable object.

All views (site pages, indexes, brochure, search) read from it; none of them
re-reads YAML or Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

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

    @classmethod
    def from_registry(cls, registry: Registry, keep: Callable[[Record], bool] | None = None) -> Catalog:
        """Every valid record, or only those ``keep`` accepts (the public build's reviewed content)."""
        def frozen(kind: str) -> Mapping:
            return MappingProxyType({i: r for i, r in sorted(registry.of(kind).items()) if keep is None or keep(r)})

        return cls(**{kind: frozen(kind) for kind in cls.__dataclass_fields__})
