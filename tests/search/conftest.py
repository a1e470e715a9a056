"""Search test fixtures: a fresh index per test, and the test corpus ingested and indexed."""

from __future__ import annotations

from pathlib import Path

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


def ingest_indexed(folder: Path) -> None:
    """Every file of ``folder`` through the real ingest service (each a new document), then
    the outbox applied to the index."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    for path in sorted(folder.iterdir()):
        outcomes = ingest.ingest_file(path)
        assert [o.status for o in outcomes] == ["added"], outcomes
    indexer.catch_up()


@pytest.fixture
def corpus(db, corpus_dir):
    """The corpus ingested through the real ingest service, then the outbox applied."""
    ingest_indexed(corpus_dir)
    return sorted(DOCS)


@pytest.fixture
def names_corpus(corpus, tmp_path):
    """The corpus and the documents that test names across romanizations and scripts."""
    ingest_indexed(write_corpus(tmp_path / "names", NAME_DOCS))


def ids(results) -> list[str]:
    return [r["id"] for r in results.results]
