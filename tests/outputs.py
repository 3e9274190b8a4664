"""A built site's files, for comparing one build with another byte for byte.

Every file is compared by its bytes, the search bundle's too: Pagefind is
given no filters (whose values it orders by a randomly seeded hash table) and
its files are written by us in one order (plugins/catalog/search/index.py),
so the same records make the same bundle.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def site_files(output: Path) -> dict[str, str]:
    """Relative path -> sha256 of the bytes."""
    return {p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(output.rglob("*")) if p.is_file()}
