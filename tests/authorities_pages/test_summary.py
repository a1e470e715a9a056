"""A much-named authority's counts kept between states of the archive (``authorities.summary``):
counted once, read from the kept row while the archive is unchanged, shown as of their date after
a change and counted again by the job worker (a real one, its own process, on SQLite and Redis
queues), while the documents listed follow every change at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.authorities_pages.conftest import _ingest, link
from tests.scans.test_jobs import backend, redis_url  # noqa: F401 (fixtures)
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/persons/kim-il-sung/"
API = "/api/persons/kim-il-sung"
NOTE = "The counts on this page are as of"


@pytest.fixture
def many(settings, archive):
    """Kim Il Sung (2 public documents) counts as much-named; nothing keeps whole pages."""
    settings.SOURCEBOOK_SUMMARY_FROM = 2
    settings.SOURCEBOOK_SUMMARY_EVERY = 0
    settings.SOURCEBOOK_PAGE_CACHE = 0
    return archive


def _row():
    from sourcebook.authorities.models import Summary

    return Summary.objects.filter(agent__slug="kim-il-sung").first()


def _aggregates(client, url: str) -> list[str]:
    """The queries of one view that count over the person's links."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def _recount(backend) -> None:  # noqa: F811 (the fixture's value)
    env = {**backend, "SOURCEBOOK_SUMMARY_FROM": "2"}  # as this process's settings
    done = run_cli("worker", "--until-idle", env_extra=env)
    assert done.returncode == 0, done.stderr


def test_counted_once_then_read_from_the_kept_counts(client, many):
    first = _aggregates(client, PAGE)
    assert first, "the first view counts"
    row = _row()
    assert row is not None and row.data["document_count"] == 2
    assert [r["role"] for r in row.data["roles"]] == ["participant", "mentioned"]
    assert _aggregates(client, PAGE) == []
    assert _aggregates(client, API) == []
    page = client.get(PAGE).content.decode()
    assert "Documents (2)" in page and NOTE not in page
    assert "Puzanov, Alexander" in page  # named beside him, from the kept counts
    assert client.get(API).json()["counted_as_of"] is None


def test_fewer_documents_are_counted_on_every_view_and_nothing_is_kept(client, many, settings):
    settings.SOURCEBOOK_SUMMARY_FROM = 3
    assert _aggregates(client, PAGE)
    assert _aggregates(client, PAGE)
    assert _row() is None


def test_after_a_change_the_page_says_as_of_when_and_the_worker_counts_again(
    client,
    many,
    backend,  # noqa: F811
):
    client.get(PAGE)
    _ingest("kp-new", "May 1, 1961", "Kim Il Sung met Puzanov again.")
    link("kp-new", many.kim, [("Kim Il Sung", 0)])
    stale = client.get(PAGE)
    page = stale.content.decode()
    assert NOTE in page and "Documents (2)" in page
    assert "no-cache" in stale["Cache-Control"]  # kept by no cache while new counts come
    german = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Die Zahlen auf dieser Seite sind vom" in german
    answer = client.get(API)
    assert answer.json()["counted_as_of"] == _row().counted_at.isoformat()
    assert "no-cache" in answer["Cache-Control"]
    _recount(backend)
    assert _row().data["document_count"] == 3
    page = client.get(PAGE).content.decode()
    assert NOTE not in page and "Documents (3)" in page and "Record kp-new" in page
    assert client.get(API).json()["counted_as_of"] is None


def test_a_withdrawn_document_leaves_the_list_before_any_recount(client, many):
    from sourcebook.archive.models import Document

    assert "Record kp-2" in client.get(PAGE).content.decode()
    Document.objects.filter(public_id="kp-2").update(status=Document.WITHDRAWN)
    page = client.get(PAGE).content.decode()
    assert NOTE in page and "Record kp-2" not in page
    assert "kp-2" not in [d["id"] for d in client.get(API).json()["documents"]]


def test_one_recount_is_asked_for_within_the_interval(client, many, settings):
    from datetime import timedelta

    from sourcebook.authorities.models import Summary
    from sourcebook.scans import jobs

    settings.SOURCEBOOK_SUMMARY_EVERY = 3600
    jobs.queue()[0].flush()
    client.get(PAGE)
    many.links["kim-3"].link = "encoded"  # an editor confirms the candidate link
    many.links["kim-3"].save()
    for _ in range(3):
        assert NOTE in client.get(PAGE).content.decode()
    assert jobs.queue()[0].pending_count() == 0  # counted just now: not asked again yet
    Summary.objects.update(counted_at=_row().counted_at - timedelta(hours=2))
    for _ in range(3):
        assert NOTE in client.get(PAGE).content.decode()
    assert jobs.queue()[0].pending_count() == 1  # several views, one request
    jobs.work(until_idle=True)
    assert _row().data["document_count"] == 3
    assert NOTE not in client.get(PAGE).content.decode()


def test_the_recount_drops_the_row_when_few_documents_are_left(client, many):
    from sourcebook.authorities import summary

    client.get(PAGE)
    many.links["kim-2"].link = "rejected"
    many.links["kim-2"].save()
    summary.recount("person", many.kim.pk)
    assert _row() is None
    page = client.get(PAGE).content.decode()
    assert "Documents (1)" in page and NOTE not in page


def test_the_kept_counts_equal_a_fresh_count(client, many):
    """Everything the page shows from the kept row is what counting now shows."""
    from sourcebook.authorities import profile, summary
    from sourcebook.authorities.kinds import PERSON

    client.get(PAGE)
    kept = summary.counts(PERSON, many.kim)
    assert kept.as_of is None
    assert kept.document_count == profile.document_count(PERSON, many.kim)
    assert kept.roles == profile.roles(PERSON, many.kim)
    assert kept.peers == profile.co_occurring(PERSON, many.kim)
    assert kept.documents == profile.documents(PERSON, many.kim)
    assert kept.mentions == profile.mentions(PERSON, many.kim)


def test_writing_the_kept_counts_is_not_a_change_of_the_archive(client, many):
    from sourcebook.web import generation

    before = generation.current()
    client.get(PAGE)
    assert _row() is not None
    assert generation.current() == before


def test_of_two_processes_seeing_the_same_stale_row_one_asks(client, many):
    """Both read the row before either asked: only the one whose update lands queues."""
    from sourcebook.authorities import summary
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.scans import jobs

    jobs.queue()[0].flush()
    client.get(PAGE)
    seen_by_one, seen_by_other = _row(), _row()
    summary._ask_again(PERSON, many.kim, seen_by_one)
    summary._ask_again(PERSON, many.kim, seen_by_other)
    assert jobs.queue()[0].pending_count() == 1


def test_a_static_edition_brings_the_kept_counts_up_to_date_first(client, many, tmp_path):
    """No worker comes by a static page: the export counts again what is behind."""
    from sourcebook.edition.export import export_site

    client.get(PAGE)
    _ingest("kp-new", "May 1, 1961", "Kim Il Sung met Puzanov again.")
    link("kp-new", many.kim, [("Kim Il Sung", 0)])
    export_site(tmp_path / "edition", search=False, formats=["record"])
    page = (tmp_path / "edition" / "persons" / "kim-il-sung" / "index.html").read_text()
    assert NOTE not in page and "Documents (3)" in page and "Record kp-new" in page


def test_after_an_ingest_the_worker_counts_the_much_named_before_anyone_looks(client, many):
    from sourcebook.cli.documents import _after_ingest
    from sourcebook.scans import jobs

    jobs.queue()[0].flush()
    link("kp-draft", many.lonely, [("Kim Il Sung", 0)])  # two link rows, no public document
    link("kp-3", many.lonely, [("Kim", 0)], link="candidate")
    _after_ingest()  # what `sourcebook ingest` runs once its files are in
    assert _row() is None  # not in the command itself
    jobs.work(until_idle=True)
    assert _row().data["document_count"] == 2
    assert _aggregates(client, PAGE) == []  # the first reader counts nothing
    from sourcebook.authorities.models import Summary

    kept = set(Summary.objects.values_list("agent__slug", flat=True))
    assert kept == {"kim-il-sung", "puzanov"}  # named in 2 and 3 public documents


def test_a_queue_that_is_down_leaves_the_page_served_with_its_kept_counts(client, many, settings):
    """Redis unreachable: the recount cannot be asked for, the page still answers (a warning
    is logged), and the next view asks again."""
    client.get(PAGE)
    link("kp-3", many.kim, [("Kim", 0)])  # a change: the kept counts are behind
    settings.SOURCEBOOK_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(PAGE)
    assert response.status_code == 200 and NOTE in response.content.decode()
    assert _row().requested_at is not None
