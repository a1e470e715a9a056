"""/api/search and /search/ over real HTTP, and changes made by another process becoming
searchable through a running `sourcebook serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest

from tests.support.cli import _database_env, run_cli
from tests.support.http import get, get_json

from .corpus import record


def api(live_server, **params) -> dict:
    pairs = []
    for k, v in params.items():
        for item in v if isinstance(v, list) else [v]:
            pairs.append(("from" if k == "from_" else k, item))
    return get_json(f"{live_server.url}/api/search?{urlencode(pairs)}")


@pytest.mark.django_db(transaction=True)
def test_api_contract(live_server, corpus):
    data = api(live_server, q="Khrushchev", from_="1959-10-11", to="1959-10-11")
    assert data["total"] == 1
    [r] = data["results"]
    for key in ("id", "title", "date", "snippet", "highlights", "snippet_html", "matched_variants"):
        assert key in r
    assert r["id"] == "khrushchev-mao-1959"
    assert r["date"] == "October 1959" and r["date_match_approximate"] is True
    s, e = r["highlights"][0]
    assert r["snippet"][s:e] == "Khrushchev"
    assert set(data["facets"]) >= {"year", "decade", "doc_type", "language", "person", "has"}
    assert data["facets"]["language"] == [{"value": "Russian", "count": 1}]

    # Facets combine (repeat the parameter), sort and pages work.
    data = api(live_server, q="", translator="Sarah Park", sort="-date")
    assert [r["id"] for r in data["results"]] == ["kim-jong-il-1975", "kim-pyongyang-1958"]
    data = api(live_server, translator="Sarah Park", decade="1970s")
    assert [r["id"] for r in data["results"]] == ["kim-jong-il-1975"]
    data = api(live_server, sort="date", page=2, page_size=5)
    assert data["page"] == 2 and len(data["results"]) == 4 and data["total"] == 9

    # Garbage is never an error.
    for q in ['"unbalanced', "OR", "title:", "((", "-", "a" * 3000]:
        status, _, _ = get(f"{live_server.url}/api/search?{urlencode({'q': q})}")
        assert status == 200, q
    data = api(live_server, q="cotton", from_="soon", sort="weird")
    assert data["total"] == 2 and len(data["notes"]) == 2

    # Documented in the OpenAPI schema, with the "from" parameter under its own name.
    schema = get_json(f"{live_server.url}/api/openapi.json")
    params = {p["name"] for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "from", "to", "sort", "page"} <= params


@pytest.mark.django_db(transaction=True)
def test_search_page_html_without_javascript(live_server, corpus):
    status, ctype, body = get(f"{live_server.url}/search/?q=cotton&from=1956&to=1958")
    assert status == 200 and ctype.startswith("text/html")
    assert "1–1 of 1 document" in body
    assert 'data-id="embassy-c1957"' in body
    assert "<mark>cotton</mark>" in body
    assert "approximate date match" in body
    # Facet links carry the whole state.
    assert 'href="?q=cotton&amp;from=1956&amp;to=1958&amp;language=Russian"' in body
    # Header search box on every page.
    status, _, home = get(f"{live_server.url}/")
    assert 'action="/search/"' in home
    # Hostile query text comes back escaped.
    status, _, body = get(f"{live_server.url}/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 200 and "<script>alert(1)" not in body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_cli_ingest_is_found_through_a_running_server(tmp_path, index_dir):
    port = _free_port()
    env = {**os.environ, **_database_env(), "SOURCEBOOK_INDEX": str(index_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "sourcebook", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"{base}/api/search?q=x")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.2)
        path = tmp_path / "fresh-1961.txt"
        path.write_text(
            record(
                date="August 13, 1961",
                title="Telegram on the Berlin Sector Border",
                summary="The sector border is closed overnight.",
                language="German",
                texts=[("Translation - English", "Barbed wire was laid along the sector border.")],
            )
        )
        out = run_cli("ingest", str(path))
        assert out.returncode == 0, out.stderr

        def found() -> bool:
            return [r["id"] for r in get_json(f"{base}/api/search?q=barbed")["results"]] == [
                "fresh-1961"
            ]

        _eventually(found)

        # A change the running server learns of only from the outbox (no CLI hook ran):
        # its background indexer applies it without any search request.
        from sourcebook.archive import ingest
        from sourcebook.search import indexer

        path.write_text(path.read_text().replace("Barbed wire", "Concrete"))
        assert ingest.ingest_file(path)[0].status == "updated"
        latest = indexer.latest_event_id()
        engine = indexer.get_engine()
        _eventually(lambda: engine.refresh() is not None and engine.position() == latest)
        assert [r["id"] for r in get_json(f"{base}/api/search?q=concrete")["results"]] == [
            "fresh-1961"
        ]
        assert get_json(f"{base}/api/search?q=barbed")["total"] == 0
    finally:
        server.terminate()
        server.wait(timeout=30)


def _eventually(check, timeout: float = 20.0) -> None:
    """Poll until ``check()`` holds (a deadline against hangs, not a speed assertion)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not visible before the deadline"
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_api_facets_parameter(live_server, corpus):
    data = api(live_server, q="cotton", facets="decade,language")
    assert set(data["facets"]) == {"decade", "language"}
    data = api(live_server, q="cotton", facets="none")
    assert data["facets"] == {} and data["total"] == 2
    # Facets no document has come back empty, without being counted.
    data = api(live_server, q="cotton")
    assert data["facets"]["collection"] == [] and data["facets"]["language"]
