"""Honest dates in search (issue 11): undated documents have no span, sort last and stay out of
date ranges unless asked for; a reversed range is refused; year and decade facets add up.

Runs on SQLite and PostgreSQL: the documents are ingested for real and the index is filled
from the database's outbox.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from sourcebook.search.service import DateRangeError, search
from tests.conftest import SHARED

from .conftest import ids
from .corpus import record

pytestmark = pytest.mark.django_db(transaction=True)

VOLUME = SHARED / "corpus" / "frus" / "frus1958-60v18.xml"
# The volume's four editorial notes carry only the volume's span (1958-01-08 to 1960-12-20).
NOTES = {f"frus1958-60v18-d{n}" for n in (221, 222, 226, 229)}


@pytest.fixture
def volume(db):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    outcomes = ingest.ingest_file(VOLUME)
    assert {o.status for o in outcomes} == {"added"}
    indexer.catch_up()
    return [o.id for o in outcomes]


def _all(**params) -> list[str]:
    return ids(search("", page_size=100, **params))


def test_editorial_notes_have_no_date_span(volume):
    from sourcebook.archive.models import Document

    for doc in Document.objects.filter(public_id__in=NOTES):
        assert (doc.date_earliest, doc.date_latest, doc.date_edtf) == (None, None, None)
        assert doc.date_text == ""
    dated = Document.objects.get(public_id="frus1958-60v18-d215")
    assert dated.date_earliest.isoformat() == "1958-02-28"


def test_undated_documents_sort_last_in_both_directions(volume):
    for sort in ("date", "-date"):
        order = _all(sort=sort)
        assert len(order) == 39
        assert set(order[-len(NOTES) :]) == NOTES, sort
        assert not NOTES & set(order[: -len(NOTES)])


def test_date_ranges_leave_undated_out_unless_included(volume):
    whole = _all(date_from="1958", date_to="1960")
    assert len(whole) == 39 - len(NOTES) and not NOTES & set(whole)
    with_undated = _all(date_from="1958", date_to="1960", undated="include")
    assert set(with_undated) == set(volume)
    # one bound is a range too; without a range, undated=include changes nothing
    assert not NOTES & set(_all(date_from="1959-06"))
    assert NOTES <= set(_all(date_from="1959-06", undated="include"))
    assert set(_all(undated="include")) == set(_all())


def test_a_reversed_range_is_an_error_with_one_line(volume):
    with pytest.raises(DateRangeError) as caught:
        search("Korea", date_from="1960", date_to="1958")
    message = str(caught.value)
    assert "\n" not in message and "ends before it starts" in message
    assert "1960" in message and "1958" in message
    # a range of one day, or a month inside a year, is not reversed
    assert search("", date_from="1958-02-28", date_to="1958-02-28").total >= 1
    assert search("", date_from="1958-02", date_to="1958").total >= 1


def test_reversed_range_over_http_api_400_page_notice_and_cli(live_server, volume):
    from tests.support.cli import run_cli
    from tests.support.http import get

    query = urlencode({"q": "Korea", "from": "1960", "to": "1958"})
    status, ctype, body = get(f"{live_server.url}/api/search?{query}")
    assert status == 400 and "ends before it starts" in body
    status, ctype, page = get(f"{live_server.url}/search/?{query}")
    assert status == 400 and ctype.startswith("text/html")
    assert 'class="note error" role="alert">the date range ends before it starts' in page
    assert 'class="result"' not in page
    ok = get(f"{live_server.url}/api/search?" + urlencode({"from": "1958", "to": "1960"}))
    assert ok[0] == 200
    result = run_cli("search", "Korea", "--from", "1960", "--to", "1958")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "ends before it starts" in result.stderr


def test_undated_include_over_http(live_server, volume):
    import json

    from tests.support.http import get

    base = {"from": "1958", "to": "1960", "page_size": "100", "facets": "none"}
    _, _, out = get(f"{live_server.url}/api/search?{urlencode(base)}")
    _, _, inc = get(f"{live_server.url}/api/search?{urlencode({**base, 'undated': 'include'})}")
    assert json.loads(out)["total"] == 35 and json.loads(inc)["total"] == 39
    assert json.loads(inc)["undated"] == "include"
    status, _, page = get(f"{live_server.url}/search/?{urlencode({**base, 'undated': 'include'})}")
    assert status == 200 and '<input type="hidden" name="undated" value="include">' in page


def test_year_and_decade_facets_count_each_document_once(db, tmp_path):
    """Dates over several years count in the year of their earliest date; the counts add up."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    dates = {
        "span-1958-1961": "1958-1961",  # four years: counted in 1958 only
        "around-1959": "c. 1959",  # searched as 1958-1960; counted in 1959, as written
        "years-1959-1960": "1959-1960",
        "october-1960": "October 1960",
        "undated": "n.d.",
    }
    for name, date in dates.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(
            record(
                date=date,
                title=f"Memorandum on Trade across the Yalu ({name})",
                summary="Trade across the Yalu.",
                language="English",
                texts=[("Translation - English", "The delegation discussed trade.")],
            ),
            encoding="utf-8",
        )
        assert [o.status for o in ingest.ingest_file(path)] == ["added"]
    indexer.catch_up()
    r = search("")
    years = {f["value"]: f["count"] for f in r.facets["year"]}
    decades = {f["value"]: f["count"] for f in r.facets["decade"]}
    assert years == {"1958": 1, "1959": 2, "1960": 1}
    assert decades == {"1950s": 3, "1960s": 1}
    assert sum(years.values()) == sum(decades.values()) == r.total - 1  # all but the undated
    narrowed = search("", filters={"year": ["1959"]})
    assert narrowed.total == 2 and sum(f["count"] for f in narrowed.facets["year"]) == 2
