"""The values of the search's facets as the page shows them, in the interface language: "Scan",
"OCR", "Handwritten notes", a decade, a record's original language ("Chinese" is "Chinesisch"
on a German page, "китайский" on a Russian one).

Why only the shown label: the index stores the English value, and the facet links, the filter
chips' buttons, the API and ``sourcebook search --filter`` use it as it is (``?has=OCR``,
``?language=Chinese``). ``documents.HAS`` and ``documents.APPARATUS_FACET`` stay English for
them. A value with no label here (a person, a place, a document type the archive wrote) is
shown as stored.
"""

from __future__ import annotations

from django.utils.translation import get_language, pgettext_lazy

from sourcebook.core import languages

from . import timeline

# By the stored value (documents.HAS's values).
HAS = {
    "Translation": pgettext_lazy("search facet: available", "Translation"),
    "Transcript": pgettext_lazy("search facet: available", "Transcript"),
    "Scan": pgettext_lazy("search facet: available", "Scan"),
    "OCR": pgettext_lazy("search facet: available", "OCR"),
}

# By the stored value (documents.APPARATUS_FACET's values).
APPARATUS = {
    "Handwritten notes": pgettext_lazy("search facet: apparatus", "Handwritten notes"),
    "Seal": pgettext_lazy("search facet: apparatus", "Seal"),
    "Stamp": pgettext_lazy("search facet: apparatus", "Stamp"),
    "Signature": pgettext_lazy("search facet: apparatus", "Signature"),
    "Illegible passages": pgettext_lazy("search facet: apparatus", "Illegible passages"),
    "Uncertain readings": pgettext_lazy("search facet: apparatus", "Uncertain readings"),
    "Deletions": pgettext_lazy("search facet: apparatus", "Deletions"),
    "Omissions": pgettext_lazy("search facet: apparatus", "Omissions"),
    "Gaps": pgettext_lazy("search facet: apparatus", "Gaps"),
    "Notes on appearance": pgettext_lazy("search facet: apparatus", "Notes on appearance"),
    "Original-language terms": pgettext_lazy("search facet: apparatus", "Original-language terms"),
    "Alternate name forms": pgettext_lazy("search facet: apparatus", "Alternate name forms"),
    "Translator's notes": pgettext_lazy("search facet: apparatus", "Translator's notes"),
    "Editor's notes": pgettext_lazy("search facet: apparatus", "Editor's notes"),
    "Sic": pgettext_lazy("search facet: apparatus", "Sic"),
}


def shown(name: str, value: str) -> str:
    """What the page shows for ``value`` of the facet ``name``."""
    if name in ("month", "decade"):
        return timeline.label(value)  # "1950s", "October 1959", in the interface language
    if name == "has":
        return str(HAS.get(value, value))
    if name == "apparatus":
        return str(APPARATUS.get(value, value))
    if name == "language":
        return language(value)
    return value


def language(value: str) -> str:
    """A record's original language ("Chinese", "Korean; Chinese") named in the interface
    language; as stored when a part of it is not a language langcodes knows."""
    names = languages.split_names(value)
    codes = [languages.code_for(n) for n in names]
    if not codes or None in codes:
        return value
    interface = get_language() or "en"
    if interface == "en":
        return value
    return ", ".join(languages.name_in(code, interface) for code in codes)
