"""`sourcebook check` streams: it compares the database and the index a page at a time, so it
works past Tantivy's 65,000-bucket aggregation limit (which crashed it) in bounded memory."""

from __future__ import annotations

import json

import pytest

from sourcebook.search import indexer
from sourcebook.search.documents import IndexDoc
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def index_dir(tmp_path, monkeypatch):
    path = tmp_path / "index"
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(path))
    return path


def ghost(pid: str, pk: int) -> IndexDoc:
    """An index entry with no database row (what a stale index of another archive holds)."""
    return IndexDoc(pid, "Ghost", "", [], None, None, False, "", None, pk=pk)


def add_documents(folder, n: int) -> list[str]:
    """``n`` documents through the real ingest service."""
    from sourcebook.archive import ingest
    from tests.search.corpus import record

    ids = []
    for i in range(n):
        path = folder / f"cable-{i:04d}.txt"
        path.write_text(
            record(
                date=f"May {i % 28 + 1}, 1958",
                title=f"Cable {i} on grain deliveries",
                summary="Grain deliveries across the border.",
                language="Russian",
                texts=[("Translation - English", f"Cable number {i} about grain.")],
            )
        )
        assert ingest.ingest_file(path)[0].status == "added"
        ids.append(path.stem)
    return ids


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "records"
    path.mkdir()
    return path


def test_check_pages_through_database_and_index(folder):
    """350 documents compared 100 at a time; drift at page edges is found exactly."""
    from django.db.models import F

    from sourcebook.archive.models import Document

    ids = add_documents(folder, 350)
    indexer.catch_up()
    report = indexer.drift(page=100)
    assert report == {"missing": [], "stale": [], "extra": [], "duplicated": []}
    engine = indexer.get_engine()
    # Drift on both sides of the page boundaries (rows 100, 101, 200, 299, 300 …).
    by_pk = dict(Document.objects.values_list("public_id", "id"))
    missing = [ids[0], ids[99], ids[100], ids[349]]
    engine.delete(missing)
    stale = [ids[199], ids[200], ids[300]]
    Document.objects.filter(public_id__in=stale).update(version=F("version") + 1)
    engine.index([ghost("ghost-a", 0), ghost("ghost-b", by_pk[ids[250]]), ghost("ghost-z", 10**9)])
    report = indexer.drift(page=100)
    assert report == {
        "missing": sorted(missing),
        "stale": sorted(stale),
        "extra": ["ghost-a", "ghost-b", "ghost-z"],
        "duplicated": [],
    }
    assert report.counts == {"missing": 4, "stale": 3, "extra": 3, "duplicated": 0}


def test_check_works_past_the_aggregation_bucket_limit(folder):
    """70,000 index entries: the old terms aggregation over ids stopped at 65,000 buckets."""
    add_documents(folder, 3)
    indexer.catch_up()
    engine = indexer.get_engine()
    for start in range(0, 70_000, 10_000):
        engine.index([ghost(f"ghost-{i:06d}", 10**6 + i) for i in range(start, start + 10_000)])
    out = run_cli("check", "--json")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert data["counts"] == {"missing": 0, "stale": 0, "extra": 70_000, "duplicated": 0}
    assert data["indexed_documents"] == 70_003
    assert len(data["extra"]) == 1000 and data["extra"][0] == "ghost-000000"  # a sample
    out = run_cli("reindex", "--quiet")
    assert out.returncode == 0, out.stderr
    out = run_cli("check")
    assert out.returncode == 0 and "ok: the index matches the database" in out.stdout, out.stdout
