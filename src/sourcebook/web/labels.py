"""The apparatus types' names in the interface language, for the diplomatic view's legend.

``core.apparatus.LABELS`` stays English: it also labels the cached text HTML (tooltips and
``aria-description``), which is rendered once for every reader. Types added there and not here
show their English label.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

APPARATUS = {
    "handwritten": pgettext_lazy("apparatus", "Handwritten note"),
    "rendition": pgettext_lazy("apparatus", "Appearance in the original"),
    "seal": pgettext_lazy("apparatus", "Seal"),
    "stamp": pgettext_lazy("apparatus", "Stamp"),
    "supplied": pgettext_lazy("apparatus", "Supplied by the editor"),
    "alternate_form": pgettext_lazy("apparatus", "Alternate form"),
    "original_term": pgettext_lazy("apparatus", "Term in the original language"),
    "uncertain": pgettext_lazy("apparatus", "Uncertain reading"),
    "omission": pgettext_lazy("apparatus", "Omission"),
    "illegible": pgettext_lazy("apparatus", "Illegible"),
    "sic": pgettext_lazy("apparatus", "Sic: as in the original"),
    "deletion": pgettext_lazy("apparatus", "Deleted in the original"),
    "gap": pgettext_lazy("apparatus", "Gap in the original"),
    "signature": pgettext_lazy("apparatus", "Signature"),
    "gloss": pgettext_lazy("apparatus", "Gloss"),
    "translator_note": pgettext_lazy("apparatus", "Translator's note"),
    "editor_note": pgettext_lazy("apparatus", "Editor's note"),
    "page": pgettext_lazy("apparatus", "Page break"),
    "note": pgettext_lazy("apparatus", "Editorial note"),
}


def legend(items: list) -> list[tuple]:
    """A cached legend (type, English label, count, css class) with the labels translated."""
    return [(kind, APPARATUS.get(kind, label), count, css) for kind, label, count, css in items]
