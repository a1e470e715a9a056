"""Names the interface shows for values the archive stores in English: apparatus types, the
states of documents, links, merge proposals and scan jobs, roles, and export formats.

Why here and not in the models' ``choices`` or in ``core``: the stored values are machine
readable (URLs, filters, the API and exports use them as they are), ``core`` knows no Django,
and a template shows the label through ``{{ value|label:"<map>" }}``
(:mod:`sourcebook.web.templatetags.choice_labels`). A value with no label here is shown as
stored, so a new state is never hidden, only untranslated.

``core.apparatus.LABELS`` stays English (``core`` knows no Django). The marks of a text's cached
HTML are labelled from :data:`APPARATUS` on each page (:mod:`.text_words`). Types added there
and not here show their English label.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

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


# Contexts keep words apart that other languages inflect by what they describe (a document is
# withdrawn, a proposal or a link is rejected: "отозван", "отклонено", "отклонена").
CHOICES = {
    "document_status": {
        "draft": pgettext_lazy("document status", "draft"),
        "published": pgettext_lazy("document status", "published"),
        "withdrawn": pgettext_lazy("document status", "withdrawn"),
    },
    "proposal_status": {
        "pending": pgettext_lazy("merge proposal status", "pending"),
        "accepted": pgettext_lazy("merge proposal status", "accepted"),
        "rejected": pgettext_lazy("merge proposal status", "rejected"),
    },
    "link": {
        "encoded": pgettext_lazy("link state", "encoded"),
        "automatic": pgettext_lazy("link state", "automatic"),
        "candidate": pgettext_lazy("link state", "candidate"),
        "confirmed": pgettext_lazy("link state", "confirmed"),
        "rejected": pgettext_lazy("link state", "rejected"),
    },
    "role": {
        "sender": pgettext_lazy("role in a document", "sender"),
        "recipient": pgettext_lazy("role in a document", "recipient"),
        "signer": pgettext_lazy("role in a document", "signer"),
        "participant": pgettext_lazy("role in a document", "participant"),
        "mentioned": pgettext_lazy("role in a document", "mentioned"),
    },
    # Where an authority's name came from, when no volume or document gives it (the page shows
    # those by their id): the English is the stored word, as the API and exports give it.
    "name_source": {
        "merge": pgettext_lazy("name source", "merge"),
        "import": pgettext_lazy("name source", "import"),
        "unknown": pgettext_lazy("name source", "unknown"),
    },
    # The scripts an authority's names are grouped by (core.scripts.script_of); the API gives
    # the English name.
    "script": {
        "Latin": pgettext_lazy("writing system", "Latin"),
        "Hangul": pgettext_lazy("writing system", "Hangul"),
        "Han": pgettext_lazy("writing system", "Han (Chinese characters)"),
        "Kana": pgettext_lazy("writing system", "Kana"),
        "Cyrillic": pgettext_lazy("writing system", "Cyrillic"),
        "Greek": pgettext_lazy("writing system", "Greek"),
        "Arabic": pgettext_lazy("writing system", "Arabic"),
        "Other": pgettext_lazy("writing system", "Other scripts"),
    },
    "job_kind": {
        # The English is the stored name, as the command line's ``sourcebook jobs`` shows it.
        "derive": pgettext_lazy("scan job", "derive"),
        "ocr": pgettext_lazy("scan job", "ocr"),
    },
    "job_status": {
        "queued": pgettext_lazy("scan job status", "queued"),
        "running": pgettext_lazy("scan job status", "running"),
        "done": pgettext_lazy("scan job status", "done"),
        "failed": pgettext_lazy("scan job status", "failed"),
    },
}

# The names the document page's download list gives the formats ``core.formats`` registers,
# by exporter name. The registry's ``description`` stays English (``core`` knows no
# Django; ``sourcebook export --formats`` prints it). Formats named by their name alone, the
# same in every language (TEI P5 XML, BibTeX, RIS, CSL-JSON, Dublin Core XML, PDF), are not
# listed.
FORMATS = {
    "record": gettext_lazy("WCDA record text"),
    "json": gettext_lazy("Record JSON"),
}


# A text's heading on the document page when the record gives it no label of its own: its kind
# (core.record.Text.kind, as recordtext, the FRUS reader and OCR set it).
TEXT_KINDS = {
    "original": pgettext_lazy("text kind", "Original"),
    "transcript": pgettext_lazy("text kind", "Transcript"),
    "translation": pgettext_lazy("text kind", "Translation"),
    "scan": pgettext_lazy("text kind", "Scan"),
    "ocr": pgettext_lazy("text kind", "OCR"),
    "summary": pgettext_lazy("text kind", "Summary"),
}

# The labels Sourcebook's own readers give a text (the FRUS reader's "Document" and "Text", the
# OCR job's "OCR"): our words, not the archive's ("Translation - English" stays as written).
TEXT_LABELS = {
    "Document": pgettext_lazy("text heading", "Document"),
    "Text": pgettext_lazy("text heading", "Text"),
    "OCR": pgettext_lazy("text heading", "OCR"),
}


def text_heading(text) -> tuple[str, bool]:
    """``(heading, translated)`` of a ``core.record.Text``: its label as the record writes it
    (``translated`` False: the page marks it ``lang="en"``), or the interface's name of its
    kind or of a label Sourcebook wrote; an unknown kind as stored."""
    if text.label:
        known = TEXT_LABELS.get(text.label)
        return (str(known), True) if known is not None else (text.label, False)
    known = TEXT_KINDS.get(text.kind)
    return (str(known), True) if known is not None else (text.kind, False)


def choice(value, mapping: str):
    """The interface's name of a stored ``value`` of ``mapping`` (a key of :data:`CHOICES`);
    the value itself when it has none."""
    return CHOICES[mapping].get(value, value) if isinstance(value, str) else value


def format_name(exporter) -> str:
    """What the download list calls an export format (a ``core.formats.Exporter``)."""
    return FORMATS.get(exporter.name) or exporter.description or exporter.name
