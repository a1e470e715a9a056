"""Reads from a real streaming replica, writes and read-your-writes on the primary.

The replica's WAL replay is paused while rows are written on the primary, so a read that finds
them cannot have come from the replica, and one that misses them cannot have come from the
primary.
"""

from __future__ import annotations

import copy
import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection, connections, router, transaction
from django.test import Client

from sourcebook import dbrouting
from sourcebook.archive import ingest
from sourcebook.archive.models import Document
from tests.conftest import SEED
from tests.support.replica import streaming_replica

PASSWORD = "a long passphrase 9"


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """The ``replica`` database alias, pointing at a real hot standby of the test database.

    Module-scoped so that the alias exists before the test's database access is set up; marked
    as a mirror of the primary so that nothing tries to flush the (read-only) standby.
    """
    with django_db_blocker.unblock(), streaming_replica(connection) as port:
        alias = copy.deepcopy(connection.settings_dict)
        alias.update(PORT=str(port), TEST={**alias["TEST"], "MIRROR": dbrouting.PRIMARY})
        connections.settings[dbrouting.REPLICA] = alias
        try:
            yield dbrouting.REPLICA
        finally:
            connections[dbrouting.REPLICA].close()
            del connections[dbrouting.REPLICA]
            del connections.settings[dbrouting.REPLICA]


@pytest.fixture
def replica(replica_alias):
    return connections[replica_alias]


def replicated(replica, check, what: str, timeout: float = 30) -> None:
    """Wait until the replica shows ``check`` (a guard against hangs, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"the replica did not receive {what}"
        time.sleep(0.05)


def pause(replica, paused: bool) -> None:
    with replica.cursor() as cursor:
        cursor.execute(f"SELECT pg_wal_replay_{'pause' if paused else 'resume'}()")


def on_replica(model) -> list:
    return list(model.objects.using(dbrouting.REPLICA).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_go_to_the_replica_and_writes_with_what_follows_to_the_primary(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True  # a standby, not a second primary

    # Replication works: a row written on the primary arrives on the replica.
    user = User.objects.create_user("ann", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    replicated(replica, lambda: user.pk in on_replica(User), "the new user")

    # Now hold the replica still, and publish a document on the primary only.
    pause(replica, True)
    try:
        assert ingest.ingest_file(SEED)[0].status == "added"
        assert Document.objects.filter(public_id="208190").exists()  # outside a request: primary
        assert not Document.objects.using(dbrouting.REPLICA).filter(public_id="208190").exists()

        # A visitor's page is read from the replica, which has not seen it yet.
        visitor = Client()
        assert visitor.get("/documents/208190/").status_code == 404

        # Signing in writes (the session): that browser is pinned to the primary for a while.
        editor = Client()
        response = editor.post(
            "/admin/login/?next=/admin/", {"username": "ann", "password": PASSWORD}
        )
        assert response.status_code == 302, response.content[:500]
        assert dbrouting.COOKIE in response.cookies
        assert editor.get("/documents/208190/").status_code == 200
        assert editor.get("/documents/208190/edit/").status_code == 200

        # Within one request: reads from the replica until the first write, then the primary.
        with dbrouting.request_scope() as scope:
            assert router.db_for_read(Document) == dbrouting.REPLICA
            assert not Document.objects.filter(public_id="208190").exists()
            User.objects.filter(pk=user.pk).update(first_name="Ann")
            assert scope.wrote and router.db_for_read(Document) == dbrouting.PRIMARY
            assert Document.objects.filter(public_id="208190").exists()
        # Inside a transaction, reads belong to the primary too.
        with dbrouting.request_scope(), transaction.atomic():
            assert Document.objects.filter(public_id="208190").exists()
        # A session is read from the primary always: a fresh login is never lost.
        from django.contrib.sessions.models import Session

        with dbrouting.request_scope():
            assert router.db_for_read(Session) == dbrouting.PRIMARY
    finally:
        pause(replica, False)

    # Once replay resumes, visitors see the document too.
    replicated(replica, lambda: Client().get("/documents/208190/").status_code == 200, "the doc")
    # Migrations only ever run on the primary.
    assert router.allow_migrate(dbrouting.PRIMARY, "archive")
    assert not router.allow_migrate(dbrouting.REPLICA, "archive")


@pytest.mark.django_db
def test_without_a_replica_everything_reads_the_primary():
    with dbrouting.request_scope():
        assert router.db_for_read(Document) == dbrouting.PRIMARY
    assert dbrouting.COOKIE not in Client().get("/").cookies


def test_a_replica_needs_a_postgresql_primary(tmp_path):
    env = {"SOURCEBOOK_HOME": str(tmp_path), "DATABASE_REPLICA_URL": "postgres://x@127.0.0.1/y"}
    out = subprocess.run(
        [sys.executable, "-m", "sourcebook", "check"],
        capture_output=True,
        text=True,
        env={**_clean_env(), **env},
        timeout=120,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "error: DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL (the primary it "
        "replicates); unset it, or set DATABASE_URL to the primary"
    ]


def _clean_env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def test_pin_cookie_is_bounded():
    now = 1_000_000.0
    assert dbrouting.pinned_by_cookie(str(now + 10), now)
    assert not dbrouting.pinned_by_cookie(str(now - 1), now)
    assert not dbrouting.pinned_by_cookie(str(now + 10**6), now)  # no pinning for ever
    assert not dbrouting.pinned_by_cookie("soon", now)
    assert not dbrouting.pinned_by_cookie(None, now)
