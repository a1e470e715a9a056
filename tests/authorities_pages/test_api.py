"""The record JSON's persons, organizations and places; /api/persons search and one person."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_record_json_lists_linked_authorities_with_mentions(client, archive):
    record = client.get("/api/documents/kp-1").json()
    body = archive.body("kp-1")
    kim = next(p for p in record["persons"] if p["id"] == "kim-il-sung")
    first, second = (
        body.index("Kim Il Sung"),
        body.index("Kim Il Sung", body.index("Kim Il Sung") + 1),
    )
    assert kim == {
        "id": "kim-il-sung",
        "name": "Kim Il Sung",
        "link": "encoded",
        "confidence": 1.0,
        "roles": ["participant"],
        "source_ids": ["frus1958-60v18#p_KIS1"],
        "mentions": [
            {"text": 0, "start": first, "end": first + 11, "surface": "Kim Il Sung"},
            {"text": 0, "start": second, "end": second + 11, "surface": "Kim Il Sung"},
        ],
    }
    for m in kim["mentions"]:
        assert record["texts"][m["text"]]["body"][m["start"] : m["end"]] == m["surface"]
    # in order of first mention
    assert [p["id"] for p in record["persons"]] == ["kim-il-sung", "puzanov", "xin-minsheng"]
    assert record["places"] == [
        {
            "id": "pyongyang",
            "name": "Pyongyang",
            "link": "encoded",
            "confidence": 1.0,
            "roles": [],
            "source_ids": [],
            "mentions": [
                {
                    "text": 0,
                    "start": body.index("Pyongyang"),
                    "end": body.index("Pyongyang") + 9,
                    "surface": "Pyongyang",
                }
            ],
        }
    ]
    assert record["organizations"] == []
    kp2 = client.get("/api/documents/kp-2").json()
    assert [(o["id"], o["link"]) for o in kp2["organizations"]] == [("workers-party", "automatic")]


def test_candidates_only_for_editors_rejected_for_nobody(client, archive, editor):
    from sourcebook.archive.models import DocumentAgent

    public = client.get("/api/documents/kp-3")
    assert public.json()["persons"] == []
    client.force_login(editor)
    mine = client.get("/api/documents/kp-3")
    assert [(p["id"], p["link"], p["confidence"]) for p in mine.json()["persons"]] == [
        ("kim-il-sung", "candidate", 0.4)
    ]
    assert "private" in mine["Cache-Control"]
    DocumentAgent.objects.filter(pk=archive.links["kim-3"].pk).update(link="rejected")
    assert client.get("/api/documents/kp-3").json()["persons"] == []


@pytest.mark.parametrize("q", ["김일성", "Kim Il-sŏng", "Kim Il Sung", "kim il-song"])
def test_api_persons_search_in_any_script(client, archive, q):
    found = client.get("/api/persons", {"q": q}).json()
    assert [r["id"] for r in found["results"]] == ["kim-il-sung"]
    assert found["total"] == 1 and found["results"][0]["documents"] == 2


def test_api_persons_defaults_filters_and_bad_input(client, archive):
    ids = [r["id"] for r in client.get("/api/persons").json()["results"]]
    assert ids == ["kim-il-sung", "puzanov", "xin-minsheng"]
    everyone = [r["id"] for r in client.get("/api/persons", {"all": "1"}).json()["results"]]
    assert "lonely" in everyone and "workers-party" not in everyone
    later = client.get("/api/persons", {"from": "1959"}).json()
    assert [(r["id"], r["documents"]) for r in later["results"]] == [("puzanov", 1)]
    for params in (
        {"from": "x"},
        {"page": "0"},
        {"page": "abc"},
        {"from": "1960", "to": "1959"},
        {"q": "Kim\x00"},
    ):
        response = client.get("/api/persons", params)
        assert response.status_code == 400, params
        assert "detail" in response.json()


def test_api_person(client, archive):
    person = client.get("/api/persons/kim-il-sung").json()
    assert person["id"] == "kim-il-sung"
    assert {"name": "김일성", "system": "hangul", "source": "merge"} in person["variants"]
    assert [s["id"] for s in person["source_ids"]] == ["frus1958-60v18#p_KIS1"]
    assert person["external_ids"] == {
        "wikidata": "Q39352",
        "viaf": "66480437",
        "lcnaf": "n50013937",
    }
    assert [(d["id"], d["link"]) for d in person["documents"]] == [
        ("kp-1", "encoded"),
        ("kp-2", "automatic"),
    ]
    assert person["co_occurring"] == [
        {"id": "puzanov", "name": "Puzanov, Alexander", "documents": 2},
        {"id": "xin-minsheng", "name": "Xin Minsheng", "documents": 1},
    ]
    assert client.get("/api/persons/workers-party").status_code == 404


def test_openapi_describes_the_new_parameters(client, archive):
    schema = client.get("/api/openapi.json").json()
    params = {p["name"] for p in schema["paths"]["/api/persons"]["get"]["parameters"]}
    assert {"q", "role", "from", "to", "collection", "all", "page", "page_size"} <= params
    doc = schema["paths"]["/api/documents/{public_id}"]["get"]["description"]
    assert "`persons`" in doc and "mentions" in doc
