"""The parts of a build's indexes that did not change, kept as the very objects of the last build.

build_links makes every tuple anew; where a tuple holds the same records as
last time, in the same order, the last build's tuple is used instead, and a
region's contents likewise. Nothing changes in what a page shows, but a page
whose values are all the same objects as last time has its fingerprint's parts
ready (fingerprints.Tokens), which is most of a province after one edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..indexes import Links, RegionContent


def same_tuple(new: tuple, old: Any) -> Any:
    """``old`` when it holds the very same items as ``new``, in order; else ``new``."""
    if type(old) is tuple and len(old) == len(new) and all(a is b for a, b in zip(new, old)):
        return old
    return new


def _same_content(new: RegionContent, old: Any) -> RegionContent:
    if not isinstance(old, RegionContent):
        return new
    fields = {f.name: same_tuple(getattr(new, f.name), getattr(old, f.name)) for f in dataclasses.fields(new)}
    if all(fields[name] is getattr(old, name) for name in fields):
        return old
    return RegionContent(**fields)


def _same_mapping(new: Mapping[str, Any], old: Mapping[str, Any] | None) -> Mapping[str, Any]:
    old = old or {}
    kept = {}
    for key, value in new.items():
        before = old.get(key)
        kept[key] = _same_content(value, before) if isinstance(value, RegionContent) else same_tuple(value, before)
    return MappingProxyType(kept)


def same_links(new: Links, old: Links | None) -> Links:
    if old is None:
        return new
    return Links(**{f.name: _same_mapping(getattr(new, f.name), getattr(old, f.name)) for f in dataclasses.fields(new)})
