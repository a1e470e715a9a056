"""Ingest through the real CLI on a real database: statuses, versions, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from tests.support.cli import run_cli, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_ingest_json_and_unchanged_on_second_run():
    first = run_cli("ingest", "--json", str(SEED))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {
        "path": str(SEED),
        "id": "208190",
        "status": "added",
        "error": None,
    }
    before = snapshot()
    second = run_cli("ingest", "--json", str(SEED))
    assert json.loads(second.stdout)["status"] == "unchanged"
    assert snapshot() == before


def test_changed_file_updates_and_keeps_old_version(tmp_path):
    from sourcebook.archive.models import Document, Revision, Source

    path = tmp_path / "wcda-208190.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("ingest", str(path)).returncode == 0
    path.write_text(
        SEED.read_text(encoding="utf-8").replace(
            "North Korean and Chinese officials", "North Korean and Chinese consular officials"
        ),
        encoding="utf-8",
    )
    result = run_cli("ingest", "--json", str(path))
    assert json.loads(result.stdout)["status"] == "updated"
    doc = Document.objects.get(public_id="208190")
    assert doc.version == 2
    assert doc.summary.startswith("North Korean and Chinese consular officials")
    old, new = Revision.objects.filter(document=doc).order_by("version")
    assert old.data["summary"].startswith("North Korean and Chinese officials")
    assert new.data["summary"].startswith("North Korean and Chinese consular")
    # Both versions' exact bytes are kept.
    assert Source.objects.count() == 2
    assert old.source.content() == SEED.read_bytes()
    history = run_cli("history", "208190", "--json")
    assert [v["version"] for v in json.loads(history.stdout)] == [1, 2]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n \n\t\n", "empty file"),
        ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("untitled.txt", b"October 11, 1959\n\nCitation:\n\nSomething.\n", "no title"),
        ("huge.txt", b"October 11, 1959\n**Title**\n\n" + b"x" * 3000, "over the limit"),
    ],
)
def test_bad_files_fail_cleanly_and_change_nothing(tmp_path, name, content, reason):
    assert run_cli("ingest", str(SEED)).returncode == 0
    before = snapshot()
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("ingest", str(bad), env_extra={"SOURCEBOOK_MAX_FILE_SIZE": "2000"})
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
    assert len(errors) == 1, result.stderr
    assert reason in errors[0]
    assert snapshot() == before


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a-bad.txt").write_bytes(b"")
    (tmp_path / "b-good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("ingest", "--json", str(tmp_path))
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["path"]).name, r["status"]) for r in rows] == [
        ("a-bad.txt", "failed"),
        ("b-good.txt", "added"),
    ]
    assert rows[0]["error"].startswith(str(tmp_path / "a-bad.txt"))


def test_globs_folders_and_missing_paths(tmp_path):
    result = run_cli("ingest", "--json", str(SAMPLES / "sample-*.txt"), str(tmp_path / "nope"))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert sorted(r["status"] for r in rows) == ["added", "added", "added", "failed"]


def test_show_and_export_round_trip():
    assert run_cli("ingest", str(SEED)).returncode == 0
    shown = json.loads(run_cli("show", "208190", "--json").stdout)
    assert shown["id"] == "208190"
    assert shown["source"]["sha256"] and shown["source"]["format"] == "record-text"
    exported = run_cli("export", "208190", "--format", "record").stdout
    assert exported.strip("\n") == SEED.read_text(encoding="utf-8").strip("\n")
    as_json = json.loads(run_cli("export", "208190", "--format", "json").stdout)
    assert as_json["citation"] == shown["citation"]
    missing = run_cli("show", "999")
    assert missing.returncode == 1 and "no document with id '999'" in missing.stderr
