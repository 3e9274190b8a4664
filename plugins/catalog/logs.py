"""Warnings a library only logs, collected so they can fail what we are doing instead of scrolling past.

Pelican reports some problems only as log warnings; WeasyPrint reports an
image it could not load or CSS it ignored the same way. Both fail the build.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collect_warnings(logger_name: str, echo: bool = True) -> Iterator[Collected]:
    """Warnings and errors logged by ``logger_name`` while inside; ``echo=False`` keeps them off the console too."""
    handler = Collected()
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = propagate and echo
    try:
        yield handler
    finally:
        logger.propagate = propagate
        logger.removeHandler(handler)
