"""Sources, texts and revisions packed with a dictionary learned from the archive's first sources.

The threshold is lowered from 1,000 sources to 12 so that a small ingest crosses it; each
test reads the bytes back in a new process too, which knows no dictionary until it loads it.
"""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from django.db import connection

from sourcebook.core import packing
from tests.search.corpus import record
from tests.support.cli import run_cli, run_process

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = (
    "border delegation cotton trade embassy consul minister treaty river famine refugees".split()
)


def _records(folder, n: int, seed: int = 1959) -> list:
    rng, paths = random.Random(seed), []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(120))
        path = folder / f"cable-{i:03d}.txt"
        text = record(
            date=f"October {i % 28 + 1}, 1959",
            title=f"Cable {i} on the {rng.choice(WORDS)}",
            summary=f"The {rng.choice(WORDS)} and the {rng.choice(WORDS)}.",
            language="Russian",
            texts=[
                ("Translation - English", body),
                ("Transcript - Russian", f"Телеграмма № {i}: «{body[:90]}» — Громыко."),
            ],
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def low_threshold(monkeypatch):
    from sourcebook.archive import compression

    monkeypatch.setattr(compression, "TRAIN_AT", 12)
    monkeypatch.setattr(compression, "SIZE", 4096)


def _ingest(paths):
    from sourcebook.archive import ingest

    outcomes = [o for batch in ingest.ingest_files(paths, batch_size=5) for o in batch]
    assert {o.status for o in outcomes} == {"added"}, outcomes


def test_past_the_threshold_new_rows_are_packed_with_the_dictionary(tmp_path, low_threshold):
    from sourcebook.archive.models import Document, PackingDictionary, Revision, Source, Text

    paths = _records(tmp_path, 30)
    _ingest(paths)
    [dictionary] = PackingDictionary.objects.all()
    assert dictionary.samples == 12 and 0 < len(dictionary.content) <= 4096
    headers = [bytes(s.data[:1]) for s in Source.objects.order_by("pk")]
    # batches of 5: the dictionary is learned before the batch after the 12th source
    assert headers[:15] == [packing.ZSTD] * 15 and headers[15:] == [packing.ZSTD_DICT] * 15
    for path in paths:  # every source gives back its exact bytes
        source = Source.objects.get(path=str(path))
        assert source.content() == path.read_bytes()
        assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    late = Document.objects.get(source__path=str(paths[-1]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM archive_text WHERE document_id = %s", [late.pk])
        assert {bytes(row[0])[:1] for row in cursor.fetchall()} == {packing.ZSTD_DICT}
    assert "Громыко" in Text.objects.filter(document=late).order_by("position")[1].body
    assert Revision.objects.get(document=late).data["title"] == late.title


def test_another_process_reads_them_and_check_passes(tmp_path, low_threshold, monkeypatch):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(tmp_path / "index"))
    paths = _records(tmp_path, 20)
    _ingest(paths)
    assert run_process("index", "--quiet").returncode == 0
    from sourcebook.archive.models import Source

    assert bytes(Source.objects.get(path=str(paths[-1])).data[:1]) == packing.ZSTD_DICT
    shown = run_process("source", "cable-019")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.encode("utf-8") == paths[-1].read_bytes()
    check = run_process("check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    report = json.loads(check.stdout)
    assert report["sources"] == {"checked": 20, "damaged": 0, "sample": []}
    assert report["dictionaries"] == {"checked": 1, "damaged": []}


def test_an_edit_after_the_threshold_keeps_exact_text(tmp_path, low_threshold):
    from sourcebook.archive.models import Document

    _ingest(_records(tmp_path, 20))
    body = tmp_path / "body.txt"
    words = " ".join(WORDS[i % len(WORDS)] for i in range(60))
    body.write_text(f"Исправлено редактором: «граница» — 1959. {words}\n", encoding="utf-8")
    edited = run_cli("edit", "cable-019", "--set-file", f"texts.0.body={body}", "--note", "fix")
    assert edited.returncode == 0, edited.stderr
    doc = Document.objects.get(public_id="cable-019")
    assert doc.texts.order_by("position")[0].body == body.read_text(encoding="utf-8")
    assert doc.revisions.get(version=2).data["texts"][0]["body"] == body.read_text("utf-8")
    with connection.cursor() as cursor:  # the edited text and its version: with the dictionary
        cursor.execute(
            "SELECT body FROM archive_text WHERE document_id = %s AND position = 0", [doc.pk]
        )
        assert bytes(cursor.fetchone()[0])[:1] == packing.ZSTD_DICT
        cursor.execute(
            "SELECT snapshot FROM archive_revision WHERE document_id = %s AND version = 2",
            [doc.pk],
        )
        assert bytes(cursor.fetchone()[0])[:1] == packing.ZSTD_DICT


def test_an_edit_survives_reingest_and_withdrawal_keeps_every_version(tmp_path, low_threshold):
    from sourcebook.archive.models import Document

    paths = _records(tmp_path, 20)
    _ingest(paths)
    edited = run_cli("edit", "cable-019", "--set", "title=Cable 19, title corrected", "--note", "n")
    assert edited.returncode == 0, edited.stderr
    first_bytes = paths[-1].read_bytes()
    paths[-1].write_text(
        paths[-1]
        .read_text("utf-8")
        .replace("Transcript - Russian\n\n", "Transcript - Russian\n\nНовое. "),
        "utf-8",
    )
    from sourcebook.archive import ingest

    [outcome] = [o for batch in ingest.ingest_files([paths[-1]]) for o in batch]
    assert outcome.status == "updated", outcome
    doc = Document.objects.get(public_id="cable-019")
    assert doc.title == "Cable 19, title corrected"  # the editor's field, protected
    assert "Новое." in doc.texts.order_by("position")[1].body
    assert run_cli("withdraw", "cable-019", "--reason", "Rights").returncode == 0
    doc.refresh_from_db()
    assert doc.status == Document.WITHDRAWN
    versions = list(doc.revisions.order_by("version"))
    assert [r.version for r in versions] == [1, 2, 3]
    assert versions[0].source.content() == first_bytes
    assert versions[2].source.content() == paths[-1].read_bytes()
    assert [r.data["title"] for r in versions][1:] == ["Cable 19, title corrected"] * 2
    assert packing.dictionary_of(versions[1].snapshot) is not None  # the edit's, with it
    assert packing.dictionary_of(versions[2].source.data) is not None  # the re-ingested source


def test_a_damaged_dictionary_is_reported_not_read_as_other_bytes(tmp_path, low_threshold):
    from sourcebook.archive.models import PackingDictionary

    _ingest(_records(tmp_path, 20))
    with connection.cursor() as cursor:
        row = PackingDictionary.objects.get()
        damaged = bytearray(row.content)
        damaged[len(damaged) // 2] ^= 0xFF
        cursor.execute(
            "UPDATE archive_packingdictionary SET content = %s WHERE id = %s",
            [bytes(damaged), row.pk],
        )
    check = run_process("check", "--json")
    assert check.returncode == 1
    sources = json.loads(check.stdout)["sources"]
    assert sources["damaged"] == 5  # the last batch, packed with the dictionary
    problem = f"packing dictionary {row.pk} is damaged (SHA-256 differs); restore from a backup"
    assert {s["problem"] for s in sources["sample"]} == {problem}
    assert json.loads(check.stdout)["dictionaries"] == {
        "checked": 1,
        "damaged": [{"id": row.pk, "problem": problem}],
    }
    assert problem in run_process("check").stdout


def test_dictionaries_at_the_core():
    line = "Cable {}: the delegation discussed the border with the consul. Граница {}. "
    samples = [(line.format(i, i * 7) * 3).encode() for i in range(200)]
    one, other = packing.train(samples, 2048, ident=300), packing.train(samples[::-1], 1024)
    data = "Cable 7: the delegation discussed the border. Граница 7 — «ok».".encode()
    packed = packing.pack(data, dictionary=one)
    assert packed[:1] == packing.ZSTD_DICT and packing.dictionary_of(packed) == 300
    assert len(packed) < len(packing.pack(data))
    assert packing.unpack(packed, dictionaries={300: one}.__getitem__) == data
    with pytest.raises(packing.PackingError, match="dictionary 300"):
        packing.unpack(packed)
    with pytest.raises(packing.PackingError):  # the wrong dictionary: refused, never other bytes
        packing.unpack(packed, dictionaries=lambda _ident: other)
    assert packing.unpack(packing.pack(b"", dictionary=one)) == b""  # raw: no dictionary needed


def test_the_dictionary_table_cannot_be_migrated_away_while_used(
    tmp_path, low_threshold, back_to_latest
):
    from django.db.migrations.executor import MigrationExecutor

    from sourcebook.archive.models import Source

    paths = _records(tmp_path, 20)
    _ingest(paths)
    executor = MigrationExecutor(connection)
    with pytest.raises(RuntimeError, match="cannot be undone"):
        executor.migrate([("archive", "0005_compact_link_mentions")])
    assert Source.objects.get(path=str(paths[-1])).content() == paths[-1].read_bytes()


def test_repack_rewrites_older_rows_exactly_and_only_once(tmp_path, monkeypatch):
    from sourcebook.archive import compression, repack
    from sourcebook.archive.models import Document, PackingDictionary, Source, Text

    paths = _records(tmp_path, 20)
    _ingest(paths)  # the default threshold (1,000): no dictionary, all packed alone
    assert not PackingDictionary.objects.exists()
    texts = {t.pk: (t.body, t.markup) for t in Text.objects.all()}
    refused = run_cli("repack")
    assert refused.returncode == 1 and "1,000 source files" in refused.stderr

    monkeypatch.setattr(compression, "TRAIN_AT", 12)  # in this process: the service itself
    monkeypatch.setattr(compression, "SIZE", 4096)
    report = repack.repack().to_json()
    assert report["repacked"]["sources"] == 20 and report["repacked"]["texts"] > 0
    assert report["bytes_after"] < report["bytes_before"]
    for path in paths:
        source = Source.objects.get(path=str(path))
        assert bytes(source.data[:1]) == packing.ZSTD_DICT
        assert source.content() == path.read_bytes()
    assert {t.pk: (t.body, t.markup) for t in Text.objects.all()} == texts
    for doc in Document.objects.all():
        assert doc.revisions.get(version=1).data["title"] == doc.title
    again = run_process("repack", "--json")  # a new process finds the dictionary stored
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["repacked"] == {"sources": 0, "texts": 0, "versions": 0}


def test_repack_leaves_a_damaged_source_and_an_edit_made_meanwhile(
    tmp_path, low_threshold, monkeypatch
):
    from sourcebook.archive import compression, repack
    from sourcebook.archive.models import Source, Text

    paths = _records(tmp_path, 20)
    monkeypatch.setattr(compression, "TRAIN_AT", 1_000)
    _ingest(paths)  # no dictionary yet: every row is repackable
    monkeypatch.setattr(compression, "TRAIN_AT", 12)
    first = Source.objects.order_by("pk").first()
    raw = paths[0].read_bytes()
    with connection.cursor() as cursor:  # same size, one byte changed
        bad = packing.pack(raw[:-2] + b"?" + raw[-1:])
        cursor.execute("UPDATE archive_source SET data = %s WHERE id = %s", [bad, first.pk])
    edited = Text.objects.filter(document__source=first).order_by("pk").first()
    real = repack._smaller

    def edit_while_repacking(value, raw, dictionary):  # an editor saves between read and write
        if value == packing.pack_text(edited.body):  # the text's row, being read
            Text.objects.filter(pk=edited.pk).update(body="An editor's correction, kept.")
        return real(value, raw, dictionary)

    monkeypatch.setattr(repack, "_smaller", edit_while_repacking)
    report = repack.repack()
    assert report.damaged == [first.sha256]
    assert bytes(Source.objects.get(pk=first.pk).data) == bad  # left exactly as it was
    assert Text.objects.get(pk=edited.pk).body == "An editor's correction, kept."
    result = run_process("repack")
    assert result.returncode == 1 and f"damaged source {first.sha256}" in result.stderr


def test_new_values_never_depend_on_a_damaged_dictionary(tmp_path, low_threshold, monkeypatch):
    """Packed alone, or with a dictionary learned anew: readable by a process that never saw
    the damaged one intact."""
    from sourcebook.archive import compression
    from sourcebook.archive.models import PackingDictionary, Source

    first = tmp_path / "first"
    first.mkdir()
    _ingest(_records(first, 20))
    row = PackingDictionary.objects.get()
    PackingDictionary.objects.filter(pk=row.pk).update(content=bytes(row.content)[:-1] + b"!")
    monkeypatch.setattr(compression, "RECHECK_S", 0)
    later = []
    for i, path in enumerate(_records(tmp_path, 3, seed=7)):
        later.append(path.rename(path.with_name(f"later-{i}.txt")))
    _ingest(later)
    compression.forget()
    for path in later:
        source = Source.objects.get(path=str(path))
        assert packing.dictionary_of(source.data) != row.pk
        assert source.content() == path.read_bytes()


def test_a_process_notices_its_dictionary_ids_now_name_others(tmp_path, low_threshold, monkeypatch):
    """A database restored under a running process: the same id, other bytes."""
    from sourcebook.archive import compression
    from sourcebook.archive.models import PackingDictionary

    _ingest(_records(tmp_path, 20))
    old = compression.current()
    other = packing.train(
        [f"Memorandum {i} for the Secretary. ".encode() * 9 for i in range(90)], 1024
    )
    PackingDictionary.objects.filter(pk=old.ident).update(
        content=other.content, sha256=hashlib.sha256(other.content).hexdigest()
    )
    monkeypatch.setattr(compression, "RECHECK_S", 0)
    now = compression.current()
    assert now.ident == old.ident and now.content == other.content
    assert compression.get(old.ident).content == other.content


def test_repack_goes_on_past_a_value_it_cannot_read(tmp_path, low_threshold, monkeypatch):
    """A damaged frame (not only a wrong SHA-256) is named and left; the rest is repacked."""
    from sourcebook.archive import compression, repack
    from sourcebook.archive.models import Source, Text

    paths = _records(tmp_path, 20)
    monkeypatch.setattr(compression, "TRAIN_AT", 1_000)
    _ingest(paths)
    monkeypatch.setattr(compression, "TRAIN_AT", 12)
    first = Source.objects.order_by("pk").first()
    text = Text.objects.order_by("pk").last()
    with connection.cursor() as cursor:
        for table, column, pk in (
            ("archive_source", "data", first.pk),
            ("archive_text", "body", text.pk),
        ):
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE id = %s",
                [packing.ZSTD + b"not a frame" * 9, pk],
            )
    report = repack.repack()
    assert report.damaged == [first.sha256]
    assert report.unreadable == [f"texts row {text.pk}"]
    assert report.rows["sources"] == 19 and report.rows["texts"] > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM archive_text WHERE id = %s", [text.pk])
        assert bytes(cursor.fetchone()[0]) == packing.ZSTD + b"not a frame" * 9  # left as it was
    result = run_process("repack")
    assert result.returncode == 1 and f"texts row {text.pk}" in result.stderr


def test_when_no_readable_source_is_left_to_learn_from(tmp_path, low_threshold):
    """Every early source packed with the one dictionary, and that dictionary damaged: an
    ingest still writes new files (packed alone), and repack says what is wrong in one line."""
    from sourcebook.archive import compression, repack
    from sourcebook.archive.models import PackingDictionary, Source

    first = tmp_path / "first"
    first.mkdir()
    _ingest(_records(first, 20))
    repack.repack()  # now the first 15 sources are packed with the dictionary too
    row = PackingDictionary.objects.get()
    PackingDictionary.objects.filter(pk=row.pk).update(content=bytes(row.content)[:-1] + b"!")
    compression.forget()
    later = [
        p.rename(p.with_name(f"later-{i}.txt")) for i, p in enumerate(_records(tmp_path, 3, 7))
    ]
    _ingest(later)
    compression.forget()
    for path in later:
        assert Source.objects.get(path=str(path)).content() == path.read_bytes()
    assert PackingDictionary.objects.count() == 1  # nothing readable to learn a new one from
    refused = run_process("repack")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-1] == (
        f"error: packing dictionary {row.pk} is damaged (SHA-256 differs); restore from a "
        "backup; nothing was repacked"
    )
