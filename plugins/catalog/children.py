"""Python processes the build starts of its own: typesetting workers, the search index writer.

Each is ``python -m catalog.<module>`` with the catalog package importable
whatever the caller's path (Pelican adds the plugin folder to sys.path, which
a child does not inherit), and nothing else of the caller's: no copy of its
memory, no pipe of another child's.
"""

from __future__ import annotations

import os
import sys

_PLUGINS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder holding the package


def command(module: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that run ``catalog.<module>``."""
    path = os.pathsep.join(filter(None, [_PLUGINS, os.environ.get("PYTHONPATH")]))
    return [sys.executable, "-m", f"catalog.{module}", *arguments], {**os.environ, "PYTHONPATH": path}
