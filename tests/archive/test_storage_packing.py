"""Packed storage: sources, texts and revisions are compressed and come back exactly.

Real databases (SQLite, or PostgreSQL with DATABASE_URL), the real ingest service and the real
``sourcebook`` command; the stored columns are read with SQL to prove they are compressed.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from django.db import connection

from sourcebook.core import packing
from tests.conftest import SEED
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
LETTER = REPO / "tests" / "tei" / "fixtures" / "letters" / "escher-bundesrat-1856.xml"
VOLUME = REPO / "src" / "sourcebook" / "samples" / "frus1958-60v18.xml"


def _stored(table: str, column: str, pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def _odd_sources() -> dict[str, bytes]:
    rng = random.Random(13)
    return {
        "empty": b"",
        "one-byte": b"\xfa",
        "utf16-bom": "Zhou Enlai 周恩来\r\n".encode("utf-16"),
        "headers-first": b"\xf8\xf9\xfa\xff\xfe\x00binary",
        "latin-1": "Caf\xe9 au Z\xfcrich\r\n".encode("latin-1"),
        "random": rng.randbytes(70_000),
        "large-text": SEED.read_bytes() * 600,  # about 5 MB, far beyond the base limit
    }


@pytest.mark.parametrize("name", list(_odd_sources()))
def test_source_bytes_come_back_byte_for_byte(name):
    from sourcebook.archive.models import Source

    raw = _odd_sources()[name]
    digest = hashlib.sha256(raw).hexdigest()
    Source.of(raw, sha256=digest, format="test", path=f"{name}.bin").save()
    stored = Source.objects.get(path=f"{name}.bin")
    assert stored.content() == raw
    assert stored.verify() is None
    if len(raw) > 1000 and name != "random":
        assert len(_stored("archive_source", "data", stored.pk)) < len(raw) / 2


def test_ingested_text_is_compressed_and_exact(tmp_path):
    """A record file with a BOM and CRLF: stored compressed, read back exactly; texts and the
    revision compressed too, and the revision packed against its source."""
    from sourcebook.archive.models import Document, Revision, Text

    raw = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    path = tmp_path / "wcda-208190.txt"
    path.write_bytes(raw)
    assert run_cli("ingest", "--no-index", str(path)).returncode == 0
    out = tmp_path / "back.txt"
    result = run_cli("source", "208190", "-o", str(out), process=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == raw
    doc = Document.objects.get(public_id="208190")
    stored = _stored("archive_source", "data", doc.source_id)
    assert stored[:1] == packing.ZSTD and len(stored) < len(raw) / 2
    text = doc.texts.first()
    assert _stored("archive_text", "body", text.pk)[:1] == packing.ZSTD
    assert Text.objects.get(pk=text.pk).body == text.body and "\r" not in text.body
    revision = Revision.objects.get(document=doc)
    snapshot = _stored("archive_revision", "snapshot", revision.pk)
    assert snapshot[:1] == packing.ZSTD_BASE
    assert len(snapshot) < len(json.dumps(revision.data).encode()) / 4
    assert revision.data == doc.to_record().to_json()


def test_non_utf8_tei_source_and_every_version(tmp_path):
    """A TEI letter in ISO-8859-1 with CRLF: the exact bytes of each version's source come
    back; history and exports show every version."""
    from sourcebook.archive.models import Document

    xml = LETTER.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    first = xml.replace("\n", "\r\n").encode("latin-1", "xmlcharrefreplace")
    assert b"\xfc" in first  # ü as one Latin-1 byte: not UTF-8
    path = tmp_path / "letter.xml"
    path.write_bytes(first)
    assert run_cli("ingest", "--no-index", str(path)).returncode == 0
    second = first.replace(b"Z\xfcrich", b"Z\xfcrich (Stadt)", 1)
    assert second != first
    path.write_bytes(second)
    assert run_cli("ingest", "--no-index", str(path)).returncode == 0
    doc = Document.objects.get()
    assert doc.version == 2
    for version, raw in ((1, first), (2, second)):
        result = run_cli("source", doc.public_id, "--version", str(version), "-o", str(path))
        assert result.returncode == 0, result.stderr
        assert path.read_bytes() == raw
    history = json.loads(run_cli("history", doc.public_id, "--json").stdout)
    assert [v["version"] for v in history] == [1, 2]
    assert "Zürich (Stadt)" not in json.dumps(history[0]["record"], ensure_ascii=False)
    assert "Zürich (Stadt)" in json.dumps(history[1]["record"], ensure_ascii=False)
    tei = run_cli("export", doc.public_id, "--format", "tei", "--version", "1")
    assert tei.returncode == 0 and "Zürich" in tei.stdout


def test_large_volume_revisions_stand_alone_and_export_exactly(tmp_path):
    """A FRUS volume (over the base limit): its revisions are packed on their own, the volume's
    bytes come back exactly, and the record text export equals the stored version's."""
    from sourcebook.archive.models import Document, Revision

    assert VOLUME.stat().st_size > Revision.BASE_LIMIT
    assert run_cli("ingest", "--no-index", str(VOLUME)).returncode == 0
    doc = Document.objects.filter(source__path=str(VOLUME)).order_by("pk").first()
    out = tmp_path / "volume.xml"
    assert run_cli("source", doc.public_id, "-o", str(out)).returncode == 0
    assert out.read_bytes() == VOLUME.read_bytes()
    for revision in Revision.objects.filter(source=doc.source)[:20]:
        assert _stored("archive_revision", "snapshot", revision.pk)[:1] == packing.ZSTD
    revision = Revision.objects.get(document=doc)
    assert revision.data == doc.to_record().to_json()
    live = run_cli("export", doc.public_id, "--format", "record").stdout
    pinned = run_cli("export", doc.public_id, "--format", "record", "--version", "1").stdout
    assert live and live == pinned


def test_edit_versions_stay_readable(seed_doc):
    """An edit (no source) is a standalone snapshot; the version before it still reads."""
    from sourcebook.archive.editing import edit_document
    from sourcebook.archive.models import Revision

    edit_document(seed_doc, {"title": "Edited title"}, "editor", "a correction")
    one, two = Revision.objects.filter(document=seed_doc).order_by("version")
    assert _stored("archive_revision", "snapshot", two.pk)[:1] == packing.ZSTD
    assert two.data["title"] == "Edited title" and one.data["title"] != "Edited title"


def test_check_finds_a_damaged_source(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))
    from sourcebook.archive.models import Document

    assert run_cli("ingest", str(SEED)).returncode == 0
    ok = run_cli("check", "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["sources"] == {"checked": 1, "damaged": 0, "sample": []}
    doc = Document.objects.get(public_id="208190")
    raw = SEED.read_bytes()
    with connection.cursor() as cursor:  # the same size, one byte changed: only SHA-256 sees it
        bad = packing.pack(raw[:-2] + b"?" + raw[-1:])
        cursor.execute("UPDATE archive_source SET data = %s WHERE id = %s", [bad, doc.source_id])
    result = run_cli("check", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["sources"]["damaged"] == 1
    assert report["sources"]["sample"][0]["problem"].startswith("SHA-256")
    text = run_cli("check")
    assert "1 of 1 damaged" in text.stdout
    refused = run_cli("source", "208190")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: ") and "restore from a backup" in refused.stderr


def test_packing_refuses_damage():
    with pytest.raises(packing.PackingError):
        packing.unpack(b"\x01plain")
    with pytest.raises(packing.PackingError):
        packing.unpack(packing.ZSTD + b"not a frame")
    with pytest.raises(packing.PackingError):
        data = random.Random(1).randbytes(1000)
        packed = packing.pack(data, base=data)
        assert packed[:1] == packing.ZSTD_BASE and len(packed) < 100
        packing.unpack(packed)  # without its base
