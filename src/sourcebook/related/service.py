"""Reading numbers into rows and resolving replies: one function, :func:`refresh`, used by the
ingest and edit hooks alike.

Resolution is symmetric: a document's own numbers are looked up among the references of every
other document, and its references among their own numbers, so the order in which a letter and
its answer arrive does not matter. A reference resolves only to exactly one document whose date
allows it (not after the answer; within about a year unless the number carries its year, since
telegram series start again); two candidates leave it unresolved rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from sourcebook.archive import prefetched
from sourcebook.archive.models import Document, Text
from sourcebook.core.record import Record
from sourcebook.core.record import Text as TextData
from sourcebook.core.references import read_numbers

from .models import FilePlace, Number, Reply

# Days a reply may come after what it answers when the number does not carry its year.
WINDOW_DAYS = 400
# A telegram from Geneva may carry the next day's date in Washington, and back.
CLOCK_SLACK = dt.timedelta(days=1)


# What numbers and file places are read from (:func:`_reading`, :func:`_place_in_files`): an
# ingest batch loads its documents again here, and the other columns are JSON decoded for nothing.
_READ_FIELDS = (
    "id",
    "public_id",
    "title",
    "extra",
    "repository",
    "archive",
    "reference",
    "locator",
)
_TEXT_FIELDS = ("id", "document_id", "position", "kind", "language", "label", "body")


def refresh(public_ids: Iterable[str], written: dict[str, Document] | None = None) -> None:
    """Read the numbers and file place of these documents again and re-resolve every reply
    that involves them. Call inside the transaction that changed them. ``written``: the
    documents as the ingest wrote them, with their texts (else they are read back)."""
    if written is not None:
        docs = [written[pid] for pid in public_ids if pid in written]
    else:
        found = Document.objects.filter(public_id__in=list(public_ids))
        docs = list(
            found.only(*_READ_FIELDS).prefetch_related(
                prefetched.kept("texts", Text.objects.only(*_TEXT_FIELDS))
            )
        )
    if not docs:
        return
    pks = [d.pk for d in docs]
    before = set(_own_keys(pks))
    Number.objects.filter(document_id__in=pks).delete()  # and their replies (cascade)
    Reply.objects.filter(target_id__in=pks).delete()
    Number.objects.bulk_create([n for d in docs for n in _number_rows(d)])
    keys = before | set(_own_keys(pks))
    citing = set(
        Number.objects.filter(role=Number.CITES, key__in=keys).values_list("document_id", flat=True)
    )
    affected = set(pks) | citing
    Reply.objects.filter(document_id__in=affected).delete()
    Reply.objects.bulk_create(_resolve(affected))
    _place_in_files(docs)


def _own_keys(pks: list[int]) -> list[str]:
    return list(
        Number.objects.filter(document_id__in=pks, role=Number.OWN)
        .exclude(key="")
        .values_list("key", flat=True)
    )


def _reading(doc: Document) -> Record:
    """What the reader looks at (title, place, text bodies): not ``to_record()``, which would
    load every annotation of a volume for nothing."""
    texts = [TextData(t.kind, t.language, t.label, t.body) for t in prefetched.rows(doc, "texts")]
    return Record(id=doc.public_id, title=doc.title, extra=dict(doc.extra or {}), texts=texts)


def _number_rows(doc: Document) -> list[Number]:
    numbers = read_numbers(_reading(doc))
    rows = []
    for role, refs in ((Number.OWN, numbers.own), (Number.CITES, numbers.cites)):
        for position, ref in enumerate(refs):
            rows.append(
                Number(
                    document=doc,
                    role=role,
                    key=(ref.key or "")[:300],
                    label=ref.label[:300],
                    dated=ref.dated,
                    position=position,
                )
            )
    return rows


def _resolve(pks: set[int]) -> list[Reply]:
    """Replies of the documents ``pks``: each keyed reference with exactly one plausible
    document owning that number."""
    cites = list(
        Number.objects.filter(document_id__in=pks, role=Number.CITES)
        .exclude(key="")
        .values("id", "document_id", "key", "dated")
    )
    owners: dict[str, set[int]] = defaultdict(set)
    for key, owner in Number.objects.filter(
        role=Number.OWN, key__in={c["key"] for c in cites}
    ).values_list("key", "document_id"):
        owners[key].add(owner)
    involved = pks | {o for found in owners.values() for o in found}
    dates = {
        pk: (early, late or early)
        for pk, early, late in Document.objects.filter(pk__in=involved).values_list(
            "pk", "date_earliest", "date_latest"
        )
    }
    replies = []
    for cite in cites:
        answer = dates.get(cite["document_id"], (None, None))
        found = [
            o
            for o in owners.get(cite["key"], ())
            if o != cite["document_id"] and _plausible(answer, dates[o], cite["dated"])
        ]
        if len(found) == 1:
            replies.append(
                Reply(document_id=cite["document_id"], target_id=found[0], number_id=cite["id"])
            )
    return replies


def _plausible(answer: tuple, answered: tuple, dated_key: bool) -> bool:
    """Whether a document dated ``answered`` can be the one a document dated ``answer``
    refers to: not later, and within :data:`WINDOW_DAYS` unless the key carries its year.
    Undated documents match only keys that carry their year."""
    (a_early, a_late), (t_early, t_late) = answer, answered
    if a_early is None or t_early is None:
        return dated_key
    if t_early > a_late + CLOCK_SLACK:
        return False
    return dated_key or (a_early - t_late).days <= WINDOW_DAYS


# --- archival files ----------------------------------------------------------------------------


def file_key(repository: str | None, archive: str | None, reference: str | None) -> str:
    """The archival file a record comes from: its repository (or, without one, the archive
    that holds it) and its file reference, compared without case or spacing differences."""
    holder = (repository or "").strip() or (archive or "").strip()
    reference = (reference or "").strip()
    if not holder or not reference:
        return ""
    return f"{_squash(holder)}|{_squash(reference)}"[:1000]


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def first_page(locator: str | None) -> int | None:
    """The first page of ``33``, ``12-13``, ``pp. 1–4``, ``f. 17r`` (the page order within the
    file); ``None`` when the locator names no number."""
    m = re.search(r"\d+", locator or "")
    return int(m.group(0)) if m else None


def _place_in_files(docs: list[Document]) -> None:
    FilePlace.objects.filter(document__in=docs).delete()
    rows = []
    for doc in docs:
        key = file_key(doc.repository, doc.archive, doc.reference)
        if key:
            rows.append(FilePlace(document=doc, file_key=key, page=first_page(doc.locator)))
    FilePlace.objects.bulk_create(rows)
