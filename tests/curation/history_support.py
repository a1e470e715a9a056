"""Shared by the history tests: the seed in three versions, and page text helpers."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils import timezone

from sourcebook.archive import ingest
from sourcebook.archive.models import Document, Revision
from tests.conftest import SEED, SHARED

FRUS = SHARED / "corpus" / "frus" / "frus1961-63v22.xml"
OLD_TITLE = "Cable, Chinese Embassy in North Korea to the"
NEW_TITLE = "Telegram, Chinese Embassy in North Korea to the"


def _ingest_changed(tmp_path, name: str, *replacements: tuple[str, str]) -> None:
    """Ingest a copy of the seed with ``replacements`` applied, as a corrected re-export."""
    text = SEED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name / SEED.name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert [o.status for o in ingest.ingest_file(path)] == ["updated"]


@pytest.fixture(name="three_versions")
def three_versions_fixture(seed_doc, tmp_path):
    """The seed in three versions: as ingested; title and a sentence changed; summary changed,
    with version 3 credited to an editor (the editing service belongs to another part of this
    issue, so its author and note are set on the revision directly)."""
    title_change = (OLD_TITLE, NEW_TITLE)
    body_change = (
        "handling of illegal border crossers",
        "handling of unauthorized border crossers",
    )
    _ingest_changed(tmp_path, "v2", title_change, body_change)
    summary = ("discuss what to do with Koreans", "discuss how to treat Koreans")
    _ingest_changed(tmp_path, "v3", title_change, body_change, summary)
    Revision.objects.filter(document=seed_doc, version=3).update(
        author="ada", note="Summary reworded after checking the original"
    )
    return Document.objects.get(public_id="208190")


def page_text(response) -> str:
    """The visible text of a page, spaces folded (tags removed, entities decoded)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def today() -> str:
    day = timezone.localdate()
    return f"{day.day} {day.strftime('%B')} {day.year}"
