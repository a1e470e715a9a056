"""`sourcebook check --versions`: every stored version readable, each document as its newest
version says; a page at a time, so a problem on a page edge is found and one damaged text does
not hide the rest of its page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection

from sourcebook.archive import versions_check
from sourcebook.archive.models import Document, Revision, Text
from sourcebook.core import packing
from sourcebook.search import indexer
from tests.support.cli import run_cli

from .test_ops_check import add_documents, folder  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def index_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))


def _problems(report) -> dict[str, str]:
    return {p["id"]: p["problem"] for p in report.problems}


def _store_raw_body(public_id: str, value: bytes) -> None:
    """Bytes into a text's column as they are (the field would pack them as a text)."""
    pks = list(Text.objects.filter(document__public_id=public_id).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for pk in pks:
            cursor.execute("UPDATE archive_text SET body = %s WHERE id = %s", [value, pk])


def test_ingested_and_edited_documents_are_their_newest_versions(folder, seed_doc):  # noqa: F811
    from sourcebook.archive.editing import edit_document

    add_documents(folder, 3)
    edit_document(seed_doc, {"summary": "An editor's summary."}, "editor", "corrected")
    edit_document(Document.objects.get(pk=seed_doc.pk), {"title": "A new title"}, "editor")
    indexer.catch_up()
    result = run_cli("check", "--versions")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        "versions: 6 stored versions of 4 documents read; each document is what its newest "
        "version says"
    ) in result.stdout


def test_a_change_without_a_version_is_found(folder):  # noqa: F811
    ids = add_documents(folder, 3)
    indexer.catch_up()
    Text.objects.filter(document__public_id=ids[1]).update(body="Changed in SQL.")
    Document.objects.filter(public_id=ids[2]).update(summary="Changed in SQL too.")
    report = versions_check.verify_versions()
    assert report.documents == 3 and report.versions == 3
    assert _problems(report) == {
        ids[1]: "differs from its newest version 1 in: texts",
        ids[2]: "differs from its newest version 1 in: summary",
    }
    result = run_cli("check", "--versions")
    assert result.returncode == 1
    assert "versions: 2 problems in 3 documents" in result.stdout
    assert "versions: documents read 3 of 3" in result.stderr  # progress: stderr only
    assert "documents read 3 of 3" not in result.stdout
    assert f"  {ids[1]}: differs from its newest version 1 in: texts" in result.stdout
    # The pointer names a heading the docs have.
    assert "see docs/operations.md#checking-every-version:" in result.stdout
    operations = (Path(__file__).parents[2] / "docs" / "operations.md").read_text()
    assert "\n### Checking every version\n" in operations


def test_damaged_versions_and_texts_each_named_past_page_edges(folder, monkeypatch):  # noqa: F811
    monkeypatch.setattr(versions_check, "PAGE", 4)
    ids = add_documents(folder, 10)
    garbage = packing.ZSTD + b"not a zstandard frame"
    Revision.objects.filter(document__public_id__in=[ids[3], ids[4]]).update(snapshot=garbage)
    _store_raw_body(ids[8], garbage)
    Document.objects.filter(public_id=ids[7]).update(version=2)
    Revision.objects.filter(document__public_id=ids[9]).delete()
    problems = _problems(versions_check.verify_versions())
    assert sorted(problems) == [ids[3], ids[4], ids[7], ids[8], ids[9]]
    assert problems[ids[3]].startswith("version 1 cannot be read: damaged compressed value")
    assert problems[ids[8]].startswith("its texts cannot be read: damaged compressed value")
    assert problems[ids[7]] == "the document is at version 2, its newest stored version is 1"
    assert problems[ids[9]] == "no version is stored"
    # ids[9] shares its page with the damaged text: it was still read, one by one.
    assert versions_check.verify_versions().documents == 10


def test_a_version_packed_against_its_source_needs_that_source(folder):  # noqa: F811
    ids = add_documents(folder, 1)
    revision = Revision.objects.get(document__public_id=ids[0])
    assert packing.needs_base(revision.snapshot)  # small sources are the base of their versions
    assert versions_check.verify_versions().problem_count == 0
    Revision.objects.filter(pk=revision.pk).update(source=None)
    problems = _problems(versions_check.verify_versions())
    assert problems[ids[0]] == (
        "version 1 cannot be read: a revision packed against its source has no source"
    )


def test_json_report_and_no_versions_without_the_flag(folder):  # noqa: F811
    ids = add_documents(folder, 2)
    indexer.catch_up()
    Text.objects.filter(document__public_id=ids[0]).update(body="Changed in SQL.")
    plain = json.loads(run_cli("check", "--json").stdout)
    assert "versions" not in plain and plain["ok"] is True
    result = run_cli("check", "--json", "--versions")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["versions"] == {
        "documents": 2,
        "versions": 2,
        "problems": 1,
        "sample": [{"id": ids[0], "problem": "differs from its newest version 1 in: texts"}],
    }
