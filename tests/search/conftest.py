"""Search test fixtures: a fresh index per test, and the test corpus ingested and indexed (for
each test, or once for a module whose tests only search it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.kept import kept_for_module

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


def ingested_once(django_db_blocker, tmp_path_factory, *sets: dict[str, str]):
    """Each set of documents ingested, committed and indexed once for a module whose tests
    only search them; yields the index's folder. Why: ingesting the corpus again for each of
    ``test_names``' 50 searches took about 20 s of every run of the suite, on each database.

    A module using it overrides ``index_dir`` to point at this index, so none of its tests may
    change the index: unlike their rows, that is not rolled back after each test."""
    root = tmp_path_factory.mktemp("corpus-once")
    with pytest.MonkeyPatch.context() as patch, kept_for_module(django_db_blocker):
        patch.setenv("SOURCEBOOK_INDEX", str(root / "index"))
        for n, docs in enumerate(sets):
            ingest_indexed(write_corpus(root / f"set-{n}", docs))
        yield root / "index"


@pytest.fixture(scope="module")
def corpus_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus, once for the module (see :func:`ingested_once`)."""
    yield from ingested_once(django_db_blocker, tmp_path_factory, DOCS)


@pytest.fixture(scope="module")
def names_corpus_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus and the name documents, once for the module (see :func:`ingested_once`)."""
    yield from ingested_once(django_db_blocker, tmp_path_factory, DOCS, NAME_DOCS)
