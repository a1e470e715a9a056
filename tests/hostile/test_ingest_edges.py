"""Input checks at the edges of ingest, through the real CLI on both databases: record ids,
collection ids, FIFOs, symlinks out of the folder, and error messages that quote files."""

from __future__ import annotations

import json
import os

import pytest

from tests.support.cli import run_cli
from tests.tei.conftest import volume_path
from tests.tei.test_hostile import snapshot_all

from .links_support import seed_copy, single_tei, volume_tei, write

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "SECRET-MARKER-7f3a9c"

BAD_IDS = {
    "../../x": "path separator",
    "x" * 10_000: "over 200",
    "a&#13;&#10;Set-Cookie: x=1": "characters other than",
    "a/b": "path separator",
    "a#b?c": "characters other than",
    "a\\b": "path separator",
    "..": "'..'",
    "-rf": "does not start with a letter or digit",
}


def _bad_id_file(folder, n: int, record_id: str):
    # The id goes in raw (the CR/LF case is written as character references on purpose).
    text = single_tei("PLACEHOLDER").replace(">PLACEHOLDER<", f">{record_id}<")
    return write(folder, f"bad-{n}.xml", text)


def test_bad_record_ids_are_refused_one_line_each_and_the_batch_goes_on(tmp_path):
    for n, record_id in enumerate(BAD_IDS):
        _bad_id_file(tmp_path, n, record_id)
    seed_copy(tmp_path)
    before = snapshot_all()
    result = run_cli("ingest", "--json", str(tmp_path))
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    failed = {row["path"]: row["error"] for row in rows if row["status"] == "failed"}
    assert len(failed) == len(BAD_IDS)
    for n, reason in enumerate(BAD_IDS.values()):
        error = failed[str(tmp_path / f"bad-{n}.xml")]
        assert "\n" not in error and "\r" not in error and len(error) < 400, error
        assert error.startswith(str(tmp_path / f"bad-{n}.xml") + ": the record id")
        assert reason in error, error
    assert [row["id"] for row in rows if row["status"] == "added"] == ["208190"]
    after = snapshot_all()
    from sourcebook.archive.models import Document

    assert list(Document.objects.values_list("public_id", flat=True)) == ["208190"]
    assert after["Source"] != before["Source"]  # only the good file was written
    assert len(after["Source"]) == len(before["Source"]) + 1


def test_real_ids_pass(tmp_path):
    """Ids as they come: WCDA numbers, FRUS volume-document ids, dotted xml:ids."""
    for name, record_id in (("a", "frus1958-60v18-d213"), ("b", "doc.1_a:2"), ("c", "文書-1")):
        write(tmp_path, f"{name}.xml", single_tei(record_id))
    seed_copy(tmp_path)
    result = run_cli("ingest", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_volume_whose_id_differs_only_in_case_does_not_take_over(tmp_path):
    from sourcebook.archive.models import Collection

    assert run_cli("ingest", str(volume_path("frus1961-63v22"))).returncode == 0
    coll = Collection.objects.get(slug="frus1961-63v22")
    title, data = coll.name, coll.data
    before = snapshot_all()
    text = volume_path("frus1961-63v22").read_text(encoding="utf-8")
    hostile = text.replace("frus1961-63v22", "FRUS1961-63V22").replace(
        "Foreign Relations of the United States, 1961–1963", "Taken Over"
    )
    path = write(tmp_path, "takeover.xml", hostile)
    result = run_cli("ingest", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    error = next(line for line in lines if "clashes" in line)
    assert error.startswith(f"{path}: the volume id 'FRUS1961-63V22' clashes with the collection")
    assert snapshot_all() == before  # no documents, no persons, no collection change
    coll.refresh_from_db()
    assert (coll.name, coll.data) == (title, data)
    assert Collection.objects.count() == 1


def test_the_same_volume_id_is_an_update(tmp_path):
    from sourcebook.archive.models import Collection

    write(tmp_path, "v1.xml", volume_tei("edition-a", [("p_A1", "Smith, John", "Consul")]))
    assert run_cli("ingest", str(tmp_path / "v1.xml")).returncode == 0
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    text = volume_tei("edition-a", [("p_A1", "Smith, John", "Consul")], documents=2)
    write(moved, "v1-revised.xml", text)
    result = run_cli("ingest", str(moved / "v1-revised.xml"))
    assert result.returncode == 0, result.stderr
    coll = Collection.objects.get(slug="edition-a")
    assert [len(ch["documents"]) for ch in coll.data["chapters"]] == [2]


def test_a_fifo_named_directly_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("ingest", str(fifo), str(seed_copy(tmp_path)))
    assert result.returncode == 1
    assert f"{fifo}: a FIFO (named pipe), not a file" in result.stderr
    assert "1 added" in result.stderr


def test_a_device_is_refused(tmp_path):
    result = run_cli("ingest", "/dev/zero")
    assert result.returncode == 1
    assert "/dev/zero: a device, not a file" in result.stderr


@pytest.fixture
def tree_with_escape(tmp_path):
    """An upload folder holding a good record, a symlink to a secret outside it, a symlink to a
    file inside it, and a symlinked folder pointing outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = write(outside, "shadow", f"root:$6${SECRET}$abcdefgh:19000:0:99999:7:::\n")
    tree = tmp_path / "upload"
    tree.mkdir()
    seed = seed_copy(tree)
    (tree / "secret.txt").symlink_to(secret)
    (tree / "same.txt").symlink_to(seed)
    (tree / "etc").symlink_to(outside, target_is_directory=True)
    return tree


def test_symlinks_out_of_the_folder_are_not_followed(tree_with_escape):
    result = run_cli("ingest", "--json", str(tree_with_escape))
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    refused = {row["path"]: row["error"] for row in rows if row["status"] == "failed"}
    assert set(refused) == {str(tree_with_escape / "secret.txt"), str(tree_with_escape / "etc")}
    assert all("outside the folder being ingested" in e for e in refused.values())
    assert all("--follow-symlinks" in e for e in refused.values())
    # The link inside the tree reaches the same file: ingested once.
    assert [row["id"] for row in rows if row["status"] == "added"] == ["208190"]


def test_follow_symlinks_reads_them_but_never_quotes_them(tree_with_escape):
    result = run_cli("ingest", "--follow-symlinks", str(tree_with_escape))
    assert result.returncode == 1  # the secret is not record text
    assert SECRET not in result.stdout + result.stderr
    # (reached twice, through secret.txt and etc/shadow: read once, reported once)
    assert result.stderr.count(":1: expected a date or a **title**") == 1


def test_errors_never_quote_the_file(tmp_path):
    path = write(tmp_path, "notes.txt", f"password = {SECRET}\nmore\n")
    result = run_cli("ingest", str(path))
    assert result.returncode == 1
    assert SECRET not in result.stderr
    assert f"{path}:1: expected a date" in result.stderr


def test_a_glob_does_not_follow_symlinks_out_of_its_folder(tree_with_escape):
    result = run_cli("ingest", str(tree_with_escape / "*.txt"))
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert f"{tree_with_escape / 'secret.txt'}: symlink to a file or folder outside" in (
        result.stderr
    )
    assert "1 added" in result.stderr
