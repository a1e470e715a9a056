"""citeproc-py's lookups of macros and locale terms, answered from dicts instead of XPath searches.

Why: citeproc-py (0.11.1, the newest) finds a style's macro by name, and a locale's term by name
and form, with an XPath query on every use, and it uses them all the time (to decide whether a
group calls a variable, then to render it): about 60 % of the time of rendering a citation went
to those queries, and a document page never viewed before renders four styles. The dicts hold the
same elements the queries find (the first match), for the styles :func:`index` was given and
their locales; any other lookup goes to citeproc-py's own code. Styles and locales are never
changed after loading, so what was found once stays right.

The same holds for ``calls_variable`` (whether an element, through its children and macros,
names a variable): citeproc-py asks it of every group and text at every rendering, walking the
subtree each time (400,000 calls for 100 document pages); the answer depends on the style alone,
so it is kept per element of an indexed style. And a citation item's ``reference`` (asked
about 2,400 times per rendering, each through three dict-backed attribute lookups) is kept on
the item once found: an item belongs to one bibliography for its whole life (Sourcebook makes a
new one per rendering), whose source never changes.
"""

from __future__ import annotations

import threading

CSL = "{http://purl.org/net/xbiblio/csl}"

_lock = threading.Lock()
# id(style root) -> (the root, its macros by name). The root is kept so the id stays its own.
_macros: dict[int, tuple[object, dict[str, object]]] = {}
# id(locale element) -> (the locale, {(name, form, zero_padded): term or None}).
_terms: dict[int, tuple[object, dict[tuple, object]]] = {}
# id(element) -> (the element, whether it calls a variable), for elements of indexed styles.
_calls: dict[int, tuple[object, bool]] = {}
_installed = False
# citeproc-py's own ``CitationItem.reference`` property, as it was before :func:`_install`.
original_reference = None


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
    global _installed, original_reference
    if _installed:
        return
    from citeproc import model, source

    model.CitationStylesElement.get_macro = _get_macro(model.CitationStylesElement.get_macro)
    model.Locale.get_term = _get_term(model.Locale.get_term)
    model.Parent.calls_variable = _calls_variable(model.Parent.calls_variable)
    model.Text.calls_variable = _calls_variable(model.Text.calls_variable)
    original_reference = source.CitationItem.reference
    source.CitationItem.reference = property(_reference)
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


def _calls_variable(original):
    def calls_variable(self):
        found = _calls.get(id(self))
        if found is not None and found[0] is self:
            return found[1]
        value = original(self)
        root = self.get_root()
        indexed = _macros.get(id(root))
        if indexed is not None and indexed[0] is root:  # a loaded style: it never changes
            with _lock:
                _calls[id(self)] = (self, value)  # kept alive, so the id stays its own
        return value

    return calls_variable


def _reference(self):
    """citeproc-py's ``CitationItem.reference``, kept in the item's ``__dict__`` (its
    attributes proper are dict keys, so this never shows among them)."""
    reference = self.__dict__.get("_sourcebook_reference")
    if reference is None:
        reference = self.bibliography.source[self.key]
        self.__dict__["_sourcebook_reference"] = reference
    return reference
