"""What one build leaves for the next, handed to the generator as one object.

The session (catalog/session.py) owns it and hands it to the generator before each build; the generator
reads through it and leaves in it what the next build may reuse. Nothing else carries memory between
builds, so what a build may reuse is listed here and nowhere else. An empty Memory is a clean build's:
``invoke check`` and a first build start from one. A changed theme or settings make a new generator and
with it a new Memory (session.py), so nothing here outlives the settings it was worked out under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..indexes import Links
from ..pages import Derived
from ..settings import SiteSettings
from ..signoff.reviews import Remembered
from .memo import Memo
from .reading import Reading
from .revalidate import Reuser
from .sources import Sources


@dataclass
class Memory:
    # Every file under content/ and data/ by the hash of its bytes, parsed, with its text problems (reading.py).
    reading: Reading
    # What the last build validated, for the records whose inputs did not change (revalidate.py); None: validate
    # everything, as a clean build does (the first build, and again after a build that failed).
    reuser: Reuser | None = None
    # Each reviewed item's content digest and verdict, while its signatures, content, roster and day are unchanged.
    reviewed: Remembered = field(default_factory=Remembered)
    # Pelican's content object of each story, by (file, content digest): an unchanged story is not read again.
    articles: dict[tuple[str, str], Any] = field(default_factory=dict)
    # What follows from a record alone (its page, its index entries), while the record is the same object.
    derived: Derived = field(default_factory=Derived)
    # The last build's indexes: equal parts are kept as the same objects, so fingerprints can compare identities.
    links: Links | None = None

    @classmethod
    def empty(cls, site: SiteSettings) -> Memory:
        """A clean build's: nothing read before, in memory only."""
        return cls(Reading(site.root, Sources([site.content, site.data]), Memo()))
