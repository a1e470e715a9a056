"""Search test fixtures: a fresh index per test, and the test corpus ingested and indexed."""

from __future__ import annotations

import pytest

from .corpus import DOCS, NAME_DOCS, write_corpus


@pytest.fixture(autouse=True)
def index_dir(tmp_path, monkeypatch):
    """Each test gets its own index (the DB is rolled back per test; the index must be too)."""
    path = tmp_path / "index"
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(path))
    return path


@pytest.fixture
def corpus_dir(tmp_path):
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def corpus(db, corpus_dir):
    """The corpus ingested through the real ingest service, then the outbox applied."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    for path in sorted(corpus_dir.iterdir()):
        outcomes = ingest.ingest_file(path)
        assert [o.status for o in outcomes] == ["added"], outcomes
    indexer.catch_up()
    return sorted(DOCS)


@pytest.fixture
def names_corpus(corpus, tmp_path):
    """The corpus and the documents that test names across romanizations and scripts."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    for path in sorted(write_corpus(tmp_path / "names", NAME_DOCS).iterdir()):
        assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()


def ids(results) -> list[str]:
    return [r["id"] for r in results.results]
