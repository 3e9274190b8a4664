"""The changes a member of staff makes between two builds, applied to a generated corpus."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from .corpus import add_village_photo, write_yaml

STORY_EDIT = "\n村里又新建了一处党员活动室，群众议事有了固定场所。\n"
PROFILE_EDIT = "村里新修了一条通往产业园的道路。"


def edit_story(path: Path) -> list[Path]:
    """A paragraph added at the end of a story's body; returns what changed (as watchfiles would report it)."""
    path.write_text(path.read_text(encoding="utf-8") + STORY_EDIT, encoding="utf-8")
    return [path]


def _load(path: Path) -> dict:
    # Our own dump quoted every value YAML would otherwise guess at, so plain loading round-trips.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def edit_village(path: Path) -> list[Path]:
    """A sentence added to a village's profile."""
    data = _load(path)
    data["profile"] += PROFILE_EDIT
    write_yaml(path, data)
    return [path]


def add_photo(path: Path, seed: int) -> list[Path]:
    """A new photo beside a village's record, listed in it (each call a different picture, never a cached one)."""
    data = _load(path)
    number = len(data.get("photos", [])) + 1
    before = set(path.parent.iterdir())
    add_village_photo(path, data, random.Random(seed * 1_000 + number), number)
    return [path, *(set(path.parent.iterdir()) - before)]
