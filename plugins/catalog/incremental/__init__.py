"""Incremental builds: do again only the work whose inputs changed, and prove the result is a clean build's.

The build reads, checks and renders exactly as a clean build does; what this
package adds is memory of the previous build, so that work whose inputs did
not change is not done again:

- ``memory.py``: all that one build leaves for the next, as one object the session hands the generator.
- ``sources.py``: the files under content/ and data/, each known by a hash of its bytes (never its mtime).
- ``memo.py`` and ``reading.py``: parsed records and stories, their text problems and photo plans,
  kept by content hash (in memory for ``invoke serve``, in .cache/build/ for the command line).
- ``revalidate.py``: only a changed record and the records that hold it are validated again.
- ``fingerprints.py``: a page's fingerprint, read off the values its template receives; a page whose
  fingerprint is unchanged is not rendered.
- ``render.py``: the pages that must be rendered, on every core (forked workers, ``catalog/workers.py``).
- ``output.py``: changed files replaced in a hard-linked copy of output/, swapped in by rename, so a
  failed build still leaves output/ exactly as it was.
- ``finish.py``: the site's brochures (linked from their cache) and the search index (written by a
  child process while the pages render), before the swap (``invoke build``), or, for ``invoke serve``,
  just after the pages are published (``later.py``).

The build that drives all this, one after another with what is remembered between them, is
``catalog/session.py``, above this package.

Every cache key includes ``version.py``'s digests of the code, theme and settings, so a change to any
of them cannot serve a stale result. docs/performance.md has the measurements.
"""
