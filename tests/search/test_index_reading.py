"""Reading documents back for the index (``documents_queryset`` + ``index_docs``): what a
document is indexed as does not depend on how it was loaded, and a batch costs the same
number of queries whatever its size (every relation prefetched into a list, none asked for per
document)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SAMPLES, SEED
from tests.scans import make

pytestmark = pytest.mark.django_db(transaction=False)


def _archive(tmp_path) -> None:
    """Samples (apparatus), a FRUS volume (its persons linked), seed copies (places
    and a candidate person linked), one of them with a scan and a subject; persons with name variants."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Agent, Document, NameVariant, Subject
    from sourcebook.scans.attaching import attach

    text = SEED.read_text(encoding="utf-8")
    copies = []
    for i in range(4):
        path = tmp_path / f"seed-{i}.txt"
        path.write_text(re.sub(r"document/\d+", f"document/{810000 + i}", text), encoding="utf-8")
        copies.append(path)
    paths = [*sorted(SAMPLES.glob("*.txt")), SAMPLES / "frus1961-63v22.xml", *copies]
    outcomes = [o for per_file in ingest.ingest_files(paths) for o in per_file]
    assert {o.status for o in outcomes} == {"added"}, [o.error for o in outcomes if o.error]
    for agent in Agent.objects.filter(kind="person")[:5]:
        NameVariant.objects.create(agent=agent, name=agent.name.upper(), system="test")
    seed = Document.objects.get(public_id="810000")
    attach(seed, [("p.png", make.image("PNG", 30, 40))])
    seed.subjects.add(Subject.objects.create(slug="armistice", name="Armistice"))


def test_a_document_is_indexed_alike_loaded_in_a_batch_or_alone(tmp_path):
    from sourcebook.archive.models import Document
    from sourcebook.search.documents import documents_queryset, index_doc, index_docs
    from sourcebook.search.person_facet import Canonical

    _archive(tmp_path)
    batch = index_docs(documents_queryset().order_by("pk"))
    assert len(batch) == Document.objects.count() > 10
    by_id = {d.id: d for d in batch}
    # What the batch must have read through its lists, for the comparison to mean something:
    assert any(d.person_variants for d in batch) and any(d.places for d in batch)
    assert any(d.facets["subject"] for d in batch) and any(d.facets["apparatus"] for d in batch)
    assert by_id["810000"].facets["has"][-1] == "Scan"
    for doc in Document.objects.order_by("pk"):  # plain objects: every relation a query
        canonical = Canonical(by_id[doc.public_id].persons)
        alone = index_doc(doc, canonical)
        assert _compared(alone) == _compared(by_id[doc.public_id]), doc.public_id


def _compared(d):
    """Persons and places in order (link rows are read in the order they were written, on
    every database); name variants, searched and never shown, as sets."""
    return (
        d.id,
        d.facets,
        d.persons,
        d.places,
        sorted(d.person_variants),
        sorted(d.place_variants),
        d.texts,
        d.title,
        d.summary,
        d.citation,
        d.version,
    )


def test_queries_for_an_index_batch_do_not_grow_with_its_documents(tmp_path):
    from sourcebook.archive.models import Document
    from sourcebook.search.documents import documents_queryset, index_docs

    _archive(tmp_path)
    pks = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    copies = list(
        Document.objects.filter(public_id__in=["810001", "810002"]).values_list("pk", flat=True)
    )

    def counted(some: list[int]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            docs = index_docs(documents_queryset().filter(pk__in=some))
        assert len(docs) == len(some)
        return len(ctx.captured_queries)

    # The same kinds of documents (the seed copies alike), two more of them: no more queries.
    assert counted([pk for pk in pks if pk not in copies]) == counted(pks)
