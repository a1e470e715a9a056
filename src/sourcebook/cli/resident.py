"""What a serving process loads at start and keeps for its whole life.

Why: the first search of a process used to load the name and CJK reading tables (about 0.3 s,
paid by whichever visitor came first), and those tables, with Django's own modules, are about
270,000 objects that Python's cyclic garbage collector walked again on every full collection:
25–70 ms added to whichever request happened to set one off, the slowest cold searches of
``bench/search_bench.py`` (bench/RESULTS.md). Loaded before the first request and then frozen
(``gc.freeze``), they are never walked again; what requests create is collected as before.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Load the reading tables and the URL configuration with its views, collect what start-up
    left behind, freeze the rest."""
    from django.urls import get_resolver

    from sourcebook.search import analysis

    analysis.load_tables()
    get_resolver().url_patterns  # noqa: B018 - imports every view module now
    gc.collect()  # garbage frozen now would never be freed
    gc.freeze()
