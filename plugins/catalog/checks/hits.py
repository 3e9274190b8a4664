"""What a text check finds: where in the normal text (normal.py), what was typed there, and what to say."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    rule: str
    spans: tuple[tuple[int, int], ...]  # in the normal text, each occurrence the message names
    shown: tuple[str, ...]  # each occurrence as typed (invisible characters left out): what a waiver names
    message: str

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def subject(self) -> str:
        """What a waiver's ``text`` is compared with: each occurrence, one a line (see waivers.py)."""
        return "\n".join(self.shown)


def subjects(subject: str) -> list[str]:
    """The occurrences a problem's subject names."""
    return subject.split("\n")
