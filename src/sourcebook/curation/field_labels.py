"""What the editing page and the source-changes page call a field, in the interface language.

Why a table and not the field's name made readable: the names are the editing service's
(``doc_type``, ``texts.0.body``, an authority's ``description``), stored with every source
change and used by the command line (``sourcebook edit --set summary=…``); an editor reads
"Dokumenttyp" or "Text: Translation - English". The form and the data attributes keep the name.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from sourcebook.archive import fields

# Document fields (archive.fields.NAMES) and the authority fields editors may change
# (archive.editing.AUTHORITY_FIELDS).
LABELS = {
    "title": gettext_lazy("Title"),
    "date": gettext_lazy("Date"),
    "doc_type": gettext_lazy("Document type"),
    "summary": gettext_lazy("Summary"),
    "citation": gettext_lazy("Citation"),
    "permalink": gettext_lazy("Permalink"),
    "archive": gettext_lazy("Archive"),
    "repository": gettext_lazy("Repository"),
    "reference": gettext_lazy("Reference"),
    "locator": gettext_lazy("Locator"),
    "translators": gettext_lazy("Translators"),
    "credits": gettext_lazy("Credits"),
    "funders": gettext_lazy("Funders"),
    "original_language": gettext_lazy("Original language (as written)"),
    "languages": gettext_lazy("Language codes"),
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
}

# What a source change is a change of (SourceChange.target), on the page of all changes; the
# English is the stored word.
TARGETS = {
    "document": pgettext_lazy("source change target", "document"),
    "agent": pgettext_lazy("source change target", "agent"),
    "collection": pgettext_lazy("source change target", "collection"),
}


def target(value: str) -> str:
    return str(TARGETS.get(value, value))


def label(name: str, text=None) -> str:
    """The label of the field ``name``; ``text`` is the record's text a ``texts.N.body`` names
    (its heading as the record writes it, or its kind), if the record still has it."""
    if fields.text_index(name) is not None:
        heading = (text.label or text.kind) if text is not None else name
        return gettext("Text: %(label)s") % {"label": heading}
    return str(LABELS.get(name, name.replace("_", " ").capitalize()))
