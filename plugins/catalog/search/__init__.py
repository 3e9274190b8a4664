"""Site search: a Pagefind index built from the Catalog, that finds exactly the pages containing a query.

``text`` says what each page reads as, ``tokens`` turns text into the terms
Pagefind indexes, ``index`` makes the Pagefind bundle, ``bundle`` writes its
files and says whether a bundle is whole, ``job`` makes it in a child process
while the build renders pages (start, then finish). The search page's
script (theme/static/js/search.js) mirrors ``tokens`` for queries; see
docs/search.md for why the index holds character pairs, not words.
"""
