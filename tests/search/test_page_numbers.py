"""A results page past the last (an old link, a typed number) goes to the last page instead of
showing "9,981–9,980 of 25 documents" and "Page 500 of 2"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_past_the_last_goes_to_the_last(client, corpus):
    response = client.get("/search/", {"q": "cotton", "page": "99999"})
    assert response.status_code == 302 and response["Location"] == "/search/?q=cotton"
    assert 'data-id="embassy-c1957"' in client.get(response["Location"]).content.decode()
    everything = client.get("/search/", {"page": "3", "sort": "date"})
    assert everything.status_code == 302 and everything["Location"] == "/search/?sort=date"


def test_a_page_within_the_results_is_shown(client, corpus):
    response = client.get("/search/", {"q": "cotton", "page": "1"})
    assert response.status_code == 200
