"""Han characters read in Korean through search on the demo corpus: 金日成 finds what 김일성 and
Kim Il Sung find, and Kim Il-sung is one authority."""

from __future__ import annotations

import pytest

from sourcebook.search import analysis
from sourcebook.search.service import search
from tests.conftest import SAMPLES

from .conftest import ids

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not analysis.names_available(), reason="names module not merged"),
]


@pytest.fixture
def demo(db):
    """The demo corpus (the bundled samples), ingested and indexed as ``sourcebook demo`` does."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    for path in sorted(SAMPLES.iterdir()):
        if path.is_file():
            assert all(o.status == "added" for o in ingest.ingest_file(path))
    indexer.catch_up()


def _found(q: str) -> set[str]:
    return set(ids(search(q, page_size=100)))


def test_kim_il_sung_in_every_script_finds_the_same_demo_documents(demo):
    by_query = {q: _found(q) for q in ["金日成", "김일성", "Kim Il-sŏng", "Kim Il Sung"]}
    expected = by_query["Kim Il Sung"]
    # FRUS 213 and 215 and the two samples that name him, in whatever spelling.
    assert {
        "frus1958-60v18-d213",
        "frus1958-60v18-d215",
        "sample-zhou-kim-1958",
        "sample-khrushchev-c1957",
    } <= expected
    assert by_query == {q: expected for q in by_query}


def test_kim_il_sung_is_one_authority_on_the_demo(demo, client):
    """Issue 10's done-when on the demo: one authority carries FRUS 213 and 215 and the record
    texts naming him in any spelling; the Person facet shows him once; no person is listed twice
    under one name, nor with 0 documents, by default."""
    from collections import Counter

    from sourcebook.archive.models import DocumentAgent, LinkFields

    shown = DocumentAgent.objects.filter(link__in=LinkFields.SHOWN)
    holders = {
        link.agent_id
        for link in shown.filter(
            document__public_id="frus1958-60v18-d215", agent__name__icontains="kim il"
        )
    }
    assert len(holders) == 1
    kim = holders.pop()
    docs = set(shown.filter(agent_id=kim).values_list("document__public_id", flat=True))
    assert {
        "frus1958-60v18-d213",
        "frus1958-60v18-d215",
        "sample-zhou-kim-1958",
        "sample-khrushchev-c1957",
    } <= docs
    facet = search("Kim Il Sung", page_size=100).facets["person"]
    assert len([v for v in facet if "kim il" in v["value"].casefold()]) == 1
    listing = client.get("/api/persons", {"page_size": 500}).json()["results"]
    assert listing and all(r["documents"] > 0 for r in listing)
    names = Counter(r["name"] for r in listing)
    assert [n for n, k in names.items() if k > 1] == []
