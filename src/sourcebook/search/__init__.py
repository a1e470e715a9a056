"""Full-text search: an embedded Tantivy index fed from the database's outbox.

Entry points: :func:`sourcebook.search.service.search` (site, API, CLI),
:mod:`sourcebook.search.indexer` (outbox, rebuild, drift), the engine interface in
:mod:`sourcebook.search.engine`.
"""
