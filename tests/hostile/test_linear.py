"""Issue 14: no text costs quadratic time, and a text with too many annotations is refused.

The scaling tests are hang guards, not timing assertions: each payload runs in a child process
killed after ``TIMEOUT`` seconds, sized so that the code before the fix needed minutes (measured
growth ×16 per ×4 input) while linear code needs a second or two. The figures themselves are in
``bench/hostile.py`` and ``bench/RESULTS.md``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sourcebook.core.apparatus import TooManyAnnotations, annotate
from tests.support.cli import run_cli, snapshot

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def _run(payload: str, module: str = "linear_payloads") -> dict:
    """The summary of ``<module>.<payload>()``, computed in a child under ``TIMEOUT``."""
    code = f"import json; from tests.hostile import {module} as p; print(json.dumps(p.{payload}()))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{payload}: still running after {TIMEOUT} s (quadratic in the input?)")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_uncertain_dense_record_text_ingests_with_every_target():
    result = _run("uncertain_dense")
    assert result == {"count": 40_000, "types": ["uncertain"], "targets": ["word"]}


def test_page_markers_among_brackets():
    assert _run("markers_among_brackets") == {"supplied": 60_000, "page": 60_000}


def test_uncertain_items_after_one_long_word():
    assert _run("long_word_then_uncertain") == {"count": 60_000, "targets": [[0, 60_000]]}


def test_seals_on_one_line():
    n = 200_000
    assert _run("seals_on_one_line") == {
        "count": n,
        # each seal's text ends where the next seal begins: here, none has any (issue 11)
        "first": [None, None, 7 * n],
        "last": [None, None],  # nothing after the last seal
    }


def test_contents_line_with_a_long_run_of_spaces():
    result = _run("contents_line_of_spaces")
    assert result == {"contents": 0, "texts": 1, "body_start": "Translation - English"}


def test_many_distinct_contents_labels():
    assert _run("many_contents_labels") == {"contents": 50_000}


def test_tei_body_dense_with_uncertain_items_renders_for_the_page():
    assert _run("tei_page_view") == {"marked": 16_000}


def test_one_long_paragraph_exports_to_tei():
    assert _run("tei_long_paragraph_export") == {"unclear": 30_000, "supplied": 30_000}


def test_many_foreign_elements_export_to_tei():
    assert _run("tei_foreign_export") == {"attachments": 15_000}


def test_many_glossary_terms_flatten():
    assert _run("tei_many_terms") == {"terms": 160_000, "last": "t159999"}


def test_original_language_with_a_long_run_of_spaces():
    assert _run("language_line_of_spaces") == {"languages": ["zh", "ko"]}


def test_language_lookup_is_not_quadratic_in_the_name():
    """langcodes' name lookup is quadratic: 300,000 spaces took 8 s, 600,000 took 32 s, so
    1,500,000 needed minutes before names were cut to ``MAX_NAME``."""
    assert _run("language_name_of_spaces") == {"code": "zh"}


def test_title_with_a_long_run_of_spaces():
    assert _run("title_with_a_long_run_of_spaces") == {
        "sender": "Soviet Embassy",
        "recipient": "Foreign Ministry",
    }


def test_handwritten_note_with_a_long_run_of_spaces():
    assert _run("handwritten_note_with_spaces") == {
        "types": ["handwritten"],
        "places": ["left margin"],
    }


def test_renditions_that_name_their_words():
    assert _run("renditions_on_one_line") == {"rendition": 60_000, "last": "x"}


def test_one_bracket_with_many_inner_items():
    assert _run("one_bracket_with_many_inner_items") == {
        "type": "handwritten",
        "inner": 100_000,
        "kinds": ["omission"],
    }


def test_transliterated_items():
    assert _run("transliterated_items") == {"original_term": 30_001}


# The annotation limit ---------------------------------------------------------------------------


def test_annotate_stops_at_the_limit_and_counts_the_rest():
    body = "word [?] (p. 2) " * 30
    with pytest.raises(TooManyAnnotations) as err:
        annotate(body, "en", limit=59)
    assert err.value.count == 60
    assert str(err.value) == (
        "<input>: a text holds 60 apparatus items, over the limit of 59 "
        "(raise it with SOURCEBOOK_MAX_ANNOTATIONS)"
    )
    assert len(annotate(body, "en", limit=60)) == 60


def _record_file(path: Path, brackets: int) -> Path:
    head = (REPO / "src" / "sourcebook" / "samples" / "wcda-208190.txt").read_text(encoding="utf-8")
    head = head.split("Translation - English", 1)[0]
    path.write_text(
        head + "Translation - English\n" + "The harvest [?] was late. " * brackets + "\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db(transaction=True)
def test_ingest_refuses_a_file_over_the_default_limit(tmp_path):
    path = _record_file(tmp_path / "dense.txt", 20_001)
    before = snapshot()
    result = run_cli("ingest", str(path))
    assert result.returncode == 1
    assert (
        f"{path}: a text holds 20,001 apparatus items, over the limit of 20,000 "
        "(raise it with SOURCEBOOK_MAX_ANNOTATIONS)\n"
    ) in result.stdout + result.stderr
    assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_limit_is_configurable_and_applies_to_tei(tmp_path):
    from sourcebook.archive.models import Document

    under = _record_file(tmp_path / "under.txt", 5)
    tei = tmp_path / "notes.xml"
    tei.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        "<title>Notes</title></titleStmt><publicationStmt><p/></publicationStmt>"
        '<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body xml:id="notes">'
        '<p>One<note n="1">a</note> two<note n="2">b</note> [three] <pb n="4"/>four [?]</p>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    env = {"SOURCEBOOK_MAX_ANNOTATIONS": "4"}
    result = run_cli("ingest", "--json", str(under), str(tei), env_extra=env)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 1
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert rows[0]["error"] == (
        f"{under}: a text holds 5 apparatus items, over the limit of 4 "
        "(raise it with SOURCEBOOK_MAX_ANNOTATIONS)"
    )
    # two footnotes and a page break from the markup, two brackets in the words
    assert rows[1]["error"] == (
        f"{tei}: a text holds 5 apparatus items, over the limit of 4 "
        "(raise it with SOURCEBOOK_MAX_ANNOTATIONS)"
    )
    assert not Document.objects.exists()
    again = run_cli(
        "ingest", "--json", str(under), str(tei), env_extra={"SOURCEBOOK_MAX_ANNOTATIONS": "5"}
    )
    assert [json.loads(line)["status"] for line in again.stdout.splitlines()] == ["added", "added"]


def test_duplicate_ids_in_a_large_volume_are_found_in_one_pass():
    result = _run("duplicate_ids")
    assert "two documents with the id 'd0'" in result["error"]
