"""Merged-away person URLs answer 301 to the authority that kept the records (live server)."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from .support import V03, V22, agent_of, copy_volume, ingest

pytestmark = pytest.mark.django_db(transaction=True)


def _get(base: str, path: str) -> tuple[int, str]:
    """Status and Location, without following redirects."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.request("GET", path)
    resp = conn.getresponse()
    resp.read()
    return resp.status, resp.getheader("Location") or ""


def test_a_merged_slug_answers_301_along_chains(live_server, tmp_path):
    from sourcebook.authorities.merge import merge_slugs

    for volume in (V03, V22):
        ingest(copy_volume(tmp_path, volume))
    a = agent_of(f"{V03}#p_TTF1").slug  # Tsiang, Tingfu F.
    b = agent_of(f"{V22}#p_TT1").slug  # Tsiang, Ting-fu
    c = agent_of(f"{V22}#p_RD1").slug  # Rusk, Dean: a chain, not history
    merge_slugs(a, b, "ed")
    assert _get(live_server.url, f"/persons/{a}/") == (301, f"/persons/{b}/")
    merge_slugs(b, c, "ed")
    assert _get(live_server.url, f"/persons/{a}/") == (301, f"/persons/{c}/")
    assert _get(live_server.url, f"/persons/{b}/") == (301, f"/persons/{c}/")
    assert _get(live_server.url, f"/persons/{c}/")[0] == 200
    assert _get(live_server.url, "/persons/nobody-at-all/")[0] == 404
    # The API's person URL moves with the page.
    assert _get(live_server.url, f"/api/persons/{a}") == (301, f"/api/persons/{c}")
    assert _get(live_server.url, f"/api/persons/{c}")[0] == 200
    assert _get(live_server.url, "/api/persons/nobody-at-all")[0] == 404
