"""Templates other areas add under the search results, registered in their ``AppConfig.ready()``.

Why a module of its own: ``ready()`` runs at the start of every ``sourcebook`` command, and the
search page's views import the search engine's names, facets and timeline (about 40 ms) that a
command such as ``sourcebook log`` never uses.
"""

# Templates included under the results (e.g. "download these results"); each gets the page's
# context, including ``results`` and ``state`` (the query string of this search).
SEARCH_SECTIONS: list[str] = []
