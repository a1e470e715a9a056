"""citeproc-py's lookups of macros and locale terms, answered from dicts instead of XPath searches.

Why: citeproc-py (0.11.1, the newest) finds a style's macro by name, and a locale's term by name
and form, with an XPath query on every use, and it uses them all the time (to decide whether a
group calls a variable, then to render it): about 60 % of the time of rendering a citation went
to those queries, and a document page never viewed before renders four styles. The dicts hold the
same elements the queries find (the first match), for the styles :func:`index` was given and
their locales; any other lookup goes to citeproc-py's own code. Styles and locales are never
changed after loading, so what was found once stays right.
"""

from __future__ import annotations

import threading

CSL = "{http://purl.org/net/xbiblio/csl}"

_lock = threading.Lock()
# id(style root) -> (the root, its macros by name). The root is kept so the id stays its own.
_macros: dict[int, tuple[object, dict[str, object]]] = {}
# id(locale element) -> (the locale, {(name, form, zero_padded): term or None}).
_terms: dict[int, tuple[object, dict[tuple, object]]] = {}
_installed = False


def index(style) -> None:
    """Answer lookups of ``style`` (a ``CitationStylesStyle``) and its locales from dicts."""
    root = style.root
    macros: dict[str, object] = {}
    for macro in root.iterfind(f"{CSL}macro"):
        macros.setdefault(macro.get("name"), macro)
    with _lock:
        _macros[id(root)] = (root, macros)
        for locale in getattr(root, "locales", []):
            _terms.setdefault(id(locale), (locale, {}))
        _install()


def _install() -> None:
    global _installed
    if _installed:
        return
    from citeproc import model

    model.CitationStylesElement.get_macro = _get_macro(model.CitationStylesElement.get_macro)
    model.Locale.get_term = _get_term(model.Locale.get_term)
    _installed = True


def _get_macro(original):
    def get_macro(self, name):
        root = self.get_root()
        found = _macros.get(id(root))
        if found is not None and found[0] is root:
            macro = found[1].get(name)
            if macro is not None:
                return macro
        return original(self, name)

    return get_macro


_MISSING = object()


def _get_term(original):
    def get_term(self, name, form=None, zero_padded=False):
        found = _terms.get(id(self))
        if found is None or found[0] is not self:
            return original(self, name, form, zero_padded)
        key = (name, form, zero_padded)
        term = found[1].get(key, _MISSING)
        if term is _MISSING:
            try:
                term = original(self, name, form, zero_padded)
            except IndexError:
                term = None
            found[1][key] = term
        if term is None:
            raise IndexError(name)  # as citeproc-py's own lookup does for a missing term
        return term

    return get_term
