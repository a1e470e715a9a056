"""``sourcebook edit`` and ``sourcebook changes`` through the real CLI, against the test database."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED
from tests.curation.test_edits_service import NEW_TITLE, changed_seed
from tests.support.cli import run_cli, snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ingested():
    result = run_cli("ingest", str(SEED))
    assert result.returncode == 0, result.stderr


def show(public_id: str = "208190") -> dict:
    result = run_cli("show", public_id, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_edit_sets_fields_as_a_new_version(ingested, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text(show()["texts"][0]["body"] + "\n\n[Editor's note: see the scan.]\n")
    result = run_cli(
        "edit",
        "208190",
        "--set",
        f"title={NEW_TITLE}",
        "--set",
        "languages=Chinese; Korean",
        "--set-file",
        f"texts.0.body={body}",
        "--note",
        "Catalogue title, languages, a note",
        "--as",
        "ann",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "208190\tversion 2\n"
    data = show()
    assert (data["title"], data["languages"], data["version"]) == (NEW_TITLE, ["zh", "ko"], 2)
    assert data["protected"] == ["languages", "texts.0.body", "title"]
    assert data["texts"][0]["annotations"][-1]["type"] == "editor_note"
    from sourcebook.archive.models import Revision

    rev = Revision.objects.get(document__public_id="208190", version=2)
    assert (rev.author, rev.note) == ("ann", "Catalogue title, languages, a note")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "date=the eleventh"], "error: 208190: date: not a date: 'the eleventh'"),
        (["--set", "colour=red"], "error: 208190: colour: unknown field 'colour'"),
        (["--set", "title"], "error: --set 'title': write it as FIELD=VALUE"),
        (["--set", "texts.0.body=[unclosed"], "error: 208190: texts.0.body: apparatus: line 1"),
    ],
)
def test_a_bad_field_or_value_is_one_line_and_changes_nothing(ingested, args, message):
    before = snapshot()
    result = run_cli("edit", "208190", "--set", f"title={NEW_TITLE}", *args, "--note", "x")
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert snapshot() == before


def test_a_batch_is_all_or_nothing(ingested):
    result = run_cli("ingest", "src/sourcebook/samples/sample-zhou-kim-1958.txt")
    assert result.returncode == 0, result.stderr
    before = snapshot()
    result = run_cli("edit", "208190", "nosuchid", "--set", "repository=PRC FMA", "--note", "x")
    assert result.returncode == 1 and "no document with id 'nosuchid'" in result.stderr
    assert snapshot() == before


def test_changes_lists_and_accepts(ingested, tmp_path):
    assert run_cli("edit", "208190", "--set", f"title={NEW_TITLE}", "--note", "t").returncode == 0
    copy = changed_seed(tmp_path, title="The source's title", summary="Officials discuss.")
    assert run_cli("ingest", str(copy)).returncode == 0
    listed = run_cli("changes", "208190")
    number = listed.stdout.split("\t")[0]
    assert listed.stdout == f"{number}\tdocument 208190\ttitle\tThe source's title\n"
    assert json.loads(run_cli("changes", "--json").stdout)[0]["source_value"] == (
        "The source's title"
    )
    bad = run_cli("changes", "accept", "999999")
    assert bad.returncode == 1 and "no source change 999999" in bad.stderr
    result = run_cli("changes", "accept", number, "--as", "bob")
    assert result.returncode == 0, result.stderr
    data = show()
    assert (data["title"], data["protected"], data["pending_source_changes"]) == (
        "The source's title",
        [],
        [],
    )
    again = run_cli("changes", "dismiss", number)
    assert again.returncode == 1 and "already accepted by bob" in again.stderr
    assert run_cli("changes").stderr == "no source changes to review\n"
