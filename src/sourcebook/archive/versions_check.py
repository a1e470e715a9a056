"""Every stored version readable, and each document what its newest version says it is.

Why: the archive promises every version of every record, and each version is kept packed
(:mod:`sourcebook.core.packing`), some against their source's bytes. A version that no longer
unpacks (a damaged row, a lost source) is a version lost, and the current document drifting
from its newest version (a write that bypassed :func:`~sourcebook.archive.ingest.write_version`,
a hand-made SQL fix, a restored table from another day) is a change nobody can see in the
public history. ``sourcebook check --versions`` reads them all and says which documents are
affected. Documents are read in pages of :data:`PAGE` in id order, so memory stays bounded at
any size; the check only reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sourcebook.core import packing
from sourcebook.core.packing import PackingError

from .models import Document, Revision, Source, unpack_snapshot

PAGE = 200
SAMPLE = 1000  # problems listed by document; all are counted


@dataclass
class VersionsReport:
    documents: int = 0
    versions: int = 0
    problem_count: int = 0
    problems: list[dict] = field(default_factory=list)

    def add(self, public_id: str, problem: str) -> None:
        self.problem_count += 1
        if len(self.problems) < SAMPLE:
            self.problems.append({"id": public_id, "problem": problem})

    def to_json(self) -> dict:
        return {
            "documents": self.documents,
            "versions": self.versions,
            "problems": self.problem_count,
            "sample": self.problems,
        }


def verify_versions(progress: Callable[[int, int], None] | None = None) -> VersionsReport:
    """Unpack every revision of every document, and compare each document's fields, texts and
    apparatus with its newest version. ``progress(done, total)`` after each page."""
    report = VersionsReport()
    total = Document.objects.count() if progress is not None else 0
    for ids in _pages():
        versions = _versions_of(ids, report)
        for doc in _documents(ids, report):
            report.documents += 1
            problem = _compare(doc, versions.get(doc.pk, {}))
            if problem:
                report.add(doc.public_id, problem)
        if progress is not None:
            progress(report.documents, total)
    return report


def _pages() -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(
            Document.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:PAGE]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def _versions_of(ids: list[int], report: VersionsReport) -> dict[int, dict[int, dict | None]]:
    """``{document pk: {version: record JSON, or None when it cannot be read}}``; each version
    that cannot be read is reported here."""
    rows = list(
        Revision.objects.filter(document_id__in=ids)
        .order_by("document_id", "version")
        .values_list("document_id", "document__public_id", "version", "snapshot", "source_id")
    )
    bases = _bases(rows)
    out: dict[int, dict[int, dict | None]] = {}
    for doc_id, public_id, version, snapshot, source_id in rows:
        report.versions += 1
        try:
            data = unpack_snapshot(bytes(snapshot), bases.get(source_id))
            if not isinstance(data, dict):
                raise ValueError("not a record")
        except (PackingError, ValueError) as exc:  # JSON and UTF-8 errors are ValueErrors
            report.add(public_id, f"version {version} cannot be read: {exc}")
            data = None
        out.setdefault(doc_id, {})[version] = data
    return out


def _bases(rows: list[tuple]) -> dict[int, Source]:
    """The sources that versions of this page were packed against (each at most
    ``Revision.BASE_LIMIT`` bytes, so a page never holds a whole TEI volume per row)."""
    wanted = {row[4] for row in rows if row[4] is not None and packing.needs_base(row[3])}
    return {s.pk: s for s in Source.objects.filter(pk__in=wanted)} if wanted else {}


def _documents(ids: list[int], report: VersionsReport) -> Iterator[Document]:
    """The page's documents with their texts and apparatus; a document whose texts cannot be
    unpacked is reported and left out (the rest of the page is read one by one)."""
    query = (
        Document.objects.filter(pk__in=ids).order_by("pk").prefetch_related("texts__annotations")
    )
    try:
        yield from list(query)
        return
    except PackingError:
        pass
    for pk in ids:
        try:
            yield from list(query.filter(pk=pk))
        except PackingError as exc:
            public_id = Document.objects.filter(pk=pk).values_list("public_id", flat=True)[0]
            report.add(public_id, f"its texts cannot be read: {exc}")
            report.documents += 1


def _compare(doc: Document, versions: dict[int, dict | None]) -> str | None:
    """What is wrong between ``doc`` and its newest version, or None."""
    if not versions:
        return "no version is stored"
    newest = max(versions)
    if newest != doc.version:
        return f"the document is at version {doc.version}, its newest stored version is {newest}"
    data = versions[newest]
    if data is None:
        return None  # already reported as unreadable
    current = doc.to_record().to_json()
    if current == data:
        return None
    differing = sorted(k for k in set(current) | set(data) if current.get(k) != data.get(k))
    return f"differs from its newest version {newest} in: {', '.join(differing)}"
