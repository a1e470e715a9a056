"""The number of published documents (home page, API list, sitemap) counted once per state of
the archive (:mod:`sourcebook.web.live_count`): not again on the next view, but again after
any write, by this process or another, and after a rollback."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from sourcebook.archive import ingest, publication
from sourcebook.web.live_count import live_documents
from tests.conftest import SAMPLES
from tests.support.cli import run_cli
from tests.support.http import get_json

COUNTING = ("/api/documents", "/", "/sitemap.xml")


def _counts(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum('COUNT(*) AS "__count"' in q["sql"] for q in ctx.captured_queries)


@override_settings(SOURCEBOOK_PAGE_CACHE=0)  # the home page rendered each time, not kept whole
def test_the_count_is_read_once_per_state_of_the_archive(client, seed_doc):
    for path in COUNTING:
        _counts(client, path)
    assert [_counts(client, path) for path in COUNTING] == [0, 0, 0]
    publication.withdraw(seed_doc, "Duplicate", "editor")
    assert _counts(client, "/api/documents") == 1
    assert client.get("/api/documents").json()["total"] == 0


def test_own_writes_and_rollbacks_change_it(client, seed_doc):
    assert live_documents() == 1
    ingest.ingest_file(SAMPLES / "sample-khrushchev-c1957.txt")
    assert live_documents() == 2 == client.get("/api/documents").json()["total"]
    with pytest.raises(RuntimeError), transaction.atomic():
        ingest.ingest_file(SAMPLES / "sample-undated-letter.txt")
        assert live_documents() == 3
        raise RuntimeError("rolled back")
    assert live_documents() == 2 == client.get("/api/documents").json()["total"]


@pytest.mark.django_db(transaction=True)
def test_a_whole_transaction_rolled_back_changes_it(seed_doc):
    """The same for a transaction of its own (not a savepoint inside the test's)."""
    assert live_documents() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        ingest.ingest_file(SAMPLES / "sample-undated-letter.txt")
        assert live_documents() == 2
        raise RuntimeError("rolled back")
    assert live_documents() == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_process_changes_it(live_server, seed_doc):
    """A server keeps the count; a ``sourcebook`` command withdraws a document and commits: the
    server's next answer counts again."""
    url = f"{live_server.url}/api/documents"
    assert get_json(url)["total"] == get_json(url)["total"] == 1
    assert run_cli("withdraw", "208190", "--reason", "Duplicate", process=True).returncode == 0
    assert get_json(url)["total"] == 0
