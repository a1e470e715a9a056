"""Batched ingest: many files per transaction, with the guarantees of one file at a time."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED

pytestmark = pytest.mark.django_db(transaction=True)


def _corpus(folder: Path, copies: int) -> list[Path]:
    """``copies`` files made from the bundled samples, each with its own id (the seed's copies
    get permalink ids 700000 + i, the others are named by their file, ``doc-001``)."""
    samples = sorted(SAMPLES.glob("*.txt"))
    paths = []
    for i in range(copies):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        text = re.sub(r"document/\d+", f"document/{700000 + i}", text)
        path = folder / f"doc-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _rows(public_id: str) -> dict:
    """Everything stored for a document, without database ids and timestamps."""
    from sourcebook.archive.models import Document

    doc = Document.objects.get(public_id=public_id)
    texts = [
        {
            "text": {k: v for k, v in t.items() if k not in ("id", "document_id")},
            "annotations": [
                {k: v for k, v in a.items() if k not in ("id", "text_id")}
                for a in doc.texts.get(pk=t["id"]).annotations.values()
            ],
        }
        for t in doc.texts.values()
    ]
    revisions = [(r.version, r.data, r.reason) for r in doc.revisions.all() if r.data]
    fields = {
        k: v
        for k, v in Document.objects.filter(pk=doc.pk).values()[0].items()
        if k not in ("id", "source_id", "created_at", "updated_at")
    }
    return {"fields": fields, "texts": texts, "revisions": revisions}


def test_batches_write_exactly_what_one_file_at_a_time_writes(tmp_path):
    from django.db import transaction

    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document, IndexEvent

    paths = _corpus(tmp_path, 9)
    outcomes = [o for batch in ingest.ingest_files(paths, batch_size=4) for o in batch]
    assert [o.status for o in outcomes] == ["added"] * 9
    assert [o.path for o in outcomes] == [str(p) for p in paths]
    batched = {o.id: _rows(o.id) for o in outcomes}
    assert IndexEvent.objects.count() == 9

    with transaction.atomic():
        Document.objects.all().delete()
    for path in paths:
        assert [o.status for o in ingest.ingest_file(path)] == ["added"]
    single = {o.id: _rows(o.id) for o in outcomes}
    assert batched == single
    assert sum(len(r["texts"][0]["annotations"]) for r in batched.values()) > 20


def test_a_batch_mixes_new_unchanged_updated_and_bad_files_in_file_order(tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document, Revision

    paths = _corpus(tmp_path, 5)
    assert [o.status for o in ingest.ingest_file(paths[1])] == ["added"]
    assert [o.status for o in ingest.ingest_file(paths[2])] == ["added"]
    paths[2].write_text(paths[2].read_text(encoding="utf-8") + "\nA later addition.\n")
    twin = tmp_path / "doc-099.txt"  # the seed's copy: the same permalink id as doc-003
    twin.write_text(paths[3].read_text(encoding="utf-8").replace("1959", "1960", 1))
    paths[4].write_bytes(b"")
    batch = [paths[0], paths[1], paths[2], paths[3], paths[4], twin]

    outcomes = [o for per_file in ingest.ingest_files(batch) for o in per_file]

    assert [(Path(o.path).name, o.status) for o in outcomes] == [
        ("doc-000.txt", "added"),
        ("doc-001.txt", "unchanged"),
        ("doc-002.txt", "updated"),
        ("doc-003.txt", "added"),
        ("doc-004.txt", "failed"),
        ("doc-099.txt", "updated"),
    ]
    assert outcomes[3].id == outcomes[5].id == "700003"
    assert "empty file" in outcomes[4].error
    assert Document.objects.get(public_id=outcomes[2].id).version == 2
    assert Revision.objects.filter(document__public_id="700003").count() == 2
    assert Document.objects.get(public_id="700003").date_text.endswith("1960")


def test_a_batch_that_fails_as_a_whole_falls_back_to_one_file_at_a_time(tmp_path):
    """A file whose write breaks the combined transaction fails alone; the others land."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    paths = _corpus(tmp_path, 4)
    calls = []

    def hook(parsed, source, outcomes):
        calls.append(parsed.records[0].id)
        if parsed.records[0].id == "doc-002":
            from sourcebook.core.errors import RecordError

            raise RecordError("refused by a source hook")

    ingest.SOURCE_HOOKS.append(hook)
    try:
        outcomes = [o for per_file in ingest.ingest_files(paths) for o in per_file]
    finally:
        ingest.SOURCE_HOOKS.remove(hook)
    assert [o.status for o in outcomes] == ["added", "added", "failed", "added"]
    assert "refused by a source hook" in outcomes[2].error
    assert sorted(Document.objects.values_list("public_id", flat=True)) == [
        "700003",
        "doc-000",
        "doc-001",
    ]
    assert calls.count("doc-002") == 2  # once in the batch, once on its own


def test_cli_ingest_of_a_folder_reports_every_file(tmp_path):
    from tests.support.cli import run_cli

    _corpus(tmp_path, 12)
    (tmp_path / "doc-005.txt").write_bytes(b"\x00\x01binary")
    result = run_cli("ingest", "--json", str(tmp_path))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [r["status"] for r in rows].count("added") == 11
    assert rows[5]["status"] == "failed" and "binary" in rows[5]["error"]
    again = run_cli("ingest", "--json", str(tmp_path), str(SEED))
    statuses = [json.loads(line)["status"] for line in again.stdout.splitlines()]
    assert statuses.count("unchanged") == 11 and statuses[-1] == "added"


def test_a_batch_ends_at_its_bytes_as_well_as_at_its_files(tmp_path):
    """A batch is held in memory whole, so large files (TEI volumes of several MB) make short
    batches: one ends when its files reach ``batch_bytes``, whatever their number. Seen from
    outside: when a file's outcome comes, every file of its batch is committed, none after."""
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    paths = _corpus(tmp_path, 9)
    sizes = [p.stat().st_size for p in paths]
    bound = sum(sizes[:3])
    ends, held = [], 0  # the number of files written when each batch commits
    for n, size in enumerate(sizes, 1):
        held += size
        if held >= bound or n == len(sizes):
            ends, held = [*ends, n], 0
    expected = [next(end for end in ends if end >= n) for n in range(1, 10)]
    committed = [
        Document.objects.count()
        for _ in ingest.ingest_files(paths, batch_size=200, batch_bytes=bound)
    ]
    assert committed == expected and len(set(committed)) >= 3
    assert Document.objects.count() == 9
