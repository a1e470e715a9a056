"""citeproc-py's macro lookup, answered from a dict per loaded style instead of an XPath search.

Why: citeproc-py (0.11.1, the newest) finds a style's macro by name with an XPath query over the
whole style on every use, and it uses macros all the time (to decide whether a group calls a
variable, then to render it): about half of the time of rendering a citation went to those
queries, and a document page never viewed before renders four styles (~90 ms before). The dict
holds the same elements the query finds (the first macro of each name), for the styles this
module has indexed; any other lookup goes to citeproc-py's own code.
"""

from __future__ import annotations

import threading

CSL = "{http://purl.org/net/xbiblio/csl}"

_lock = threading.Lock()
# id(root element) -> (the root, its macros by name). The root is kept so the id stays its own.
_indexed: dict[int, tuple[object, dict[str, object]]] = {}
_installed = False


def index(style) -> None:
    """Answer macro lookups of ``style`` (a ``CitationStylesStyle``) from a dict from now on."""
    root = style.root
    macros: dict[str, object] = {}
    for macro in root.iterfind(f"{CSL}macro"):
        macros.setdefault(macro.get("name"), macro)
    with _lock:
        _indexed[id(root)] = (root, macros)
        _install()


def _install() -> None:
    global _installed
    if _installed:
        return
    from citeproc import model

    original = model.CitationStylesElement.get_macro

    def get_macro(self, name):
        root = self.get_root()
        found = _indexed.get(id(root))
        if found is not None and found[0] is root:
            macro = found[1].get(name)
            if macro is not None:
                return macro
        return original(self, name)

    model.CitationStylesElement.get_macro = get_macro
    _installed = True
