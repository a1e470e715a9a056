"""Shared by the publication-state tests: an archive ingested and indexed, an editor, OAI."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SAMPLES, SHARED

OAI_XSD = SHARED / "schemas" / "OAI-PMH.xsd"
NS = {"o": "http://www.openarchives.org/OAI/2.0/"}
TXT = sorted(SAMPLES.glob("*.txt"))
VOLUME = SAMPLES / "frus1961-63v22.xml"


@pytest.fixture
def index(tmp_path, monkeypatch) -> Path:
    """A search index of this test's own (the CLI subprocesses inherit it)."""
    path = tmp_path / "index"
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(path))
    return path


@pytest.fixture
def archive(index):
    """The bundled record-text samples, published and indexed; returns their ids."""
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    ids = []
    for path in TXT:
        outcomes = ingest.ingest_file(path, status="published")
        assert [o.status for o in outcomes] == ["added"], outcomes
        ids.append(outcomes[0].id)
    indexer.catch_up()
    return ids


def editor():
    """A signed-in editor as the accounts part defines one: the change_document permission."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("ana", "ana@example.org", "a long pass phrase")
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    return user


def page_text(body: bytes | str) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def oai(client, **params) -> etree._Element:
    """An OAI-PMH response, valid against the official schema."""
    response = client.get("/oai", params)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    schema = etree.XMLSchema(etree.parse(str(OAI_XSD)))
    assert schema.validate(root), schema.error_log
    return root


def search_ids(q: str) -> list[str]:
    from sourcebook.search import indexer
    from sourcebook.search.service import search

    indexer.catch_up()
    return [r["id"] for r in search(q, page_size=100).results]


def indexed_ids() -> set[str]:
    from sourcebook.search import indexer

    engine = indexer.get_engine()
    engine.refresh()
    return {engine.stored_id(entry.address) for entry in engine.walk()}
