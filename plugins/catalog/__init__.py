"""Pelican plugin: the site is built from the validated Catalog (see generators.py)."""

from __future__ import annotations

from typing import Any

from pelican import signals

from . import kinds  # noqa: F401 - registers every record kind (kinds/__init__.py)
from .generators import CatalogGenerator
from .stories import StoryReader

# Our generator owns every page. Pelican's article and page machinery would
# otherwise read the same Markdown again and write its own index and feeds.
REQUIRED_SETTINGS: dict[str, Any] = {
    "ARTICLE_PATHS": [],
    "PAGE_PATHS": [],
    "DIRECT_TEMPLATES": [],
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
}


def _configure(pelican: Any) -> None:
    pelican.settings.update(REQUIRED_SETTINGS)


def _add_reader(readers: Any) -> None:
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


def _generators(pelican: Any) -> type:
    return CatalogGenerator


def register() -> None:
    signals.initialized.connect(_configure)
    signals.readers_init.connect(_add_reader)
    signals.get_generators.connect(_generators)
