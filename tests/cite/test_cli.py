"""cite, export and export-set through the real command."""

from __future__ import annotations

import json

import bibtexparser
import pytest
import rispy

from sourcebook.archive import ingest
from tests.conftest import SAMPLES
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def _ingest_samples():
    for path in sorted(SAMPLES.glob("*.txt")):
        ingest.ingest_file(path)


def test_cite_styles(db):
    _ingest_samples()
    out = run_cli("cite", "208190", process=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == (
        '"Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs '
        'Department", October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33. '
        "Translated by David Cowhig.\n"
    )
    chicago = run_cli("cite", "208190", "--style", "chicago").stdout
    assert chicago.startswith("Chinese Embassy in North Korea, “Cable,")
    data = json.loads(run_cli("cite", "208190", "--json").stdout)
    assert data["chicago"] == chicago.strip()
    everything = run_cli("cite", "208190", "--style", "all").stdout
    for label in ("Archive:", "Chicago (note):", "Chicago (bibliography):", "MLA:", "APA:"):
        assert label in everything
    bad = run_cli("cite", "nope")
    assert bad.returncode == 1 and bad.stderr.startswith("error: no document with id 'nope'")
    assert run_cli("cite", "208190", "--style", "harvard").returncode == 2


def test_export_formats_and_sets(db, tmp_path):
    _ingest_samples()
    listing = run_cli("export", "--formats").stdout
    for name in ("bibtex", "ris", "csl-json", "dc", "pdf"):
        assert f"{name}\t" in listing
    ris = run_cli("export", "208190", "--format", "ris").stdout
    assert rispy.loads(ris)[0]["type_of_reference"] == "MANSCPT"
    out = run_cli("export-set", "--format", "bibtex", process=True)
    assert out.returncode == 0, out.stderr
    keys = [e.key for e in bibtexparser.parse_string(out.stdout).entries]
    assert keys == [
        "sample-khrushchev-c1957",
        "sample-zhou-kim-1958",
        "208190",
        "sample-undated-letter",  # undated last, on every database
    ]
    assert "4 of 4 documents exported as bibtex" in out.stderr
    target = tmp_path / "set.json"
    out = run_cli(
        "export-set", "208190", "sample-undated-letter", "--format", "csl-json", "-o", str(target)
    )
    assert out.returncode == 0, out.stderr
    assert [i["id"] for i in json.loads(target.read_text())] == ["208190", "sample-undated-letter"]
    out = run_cli("export-set", "--from", "1958", "--to", "1958", "--format", "ris")
    assert [e["id"] for e in rispy.loads(out.stdout)] == [
        "sample-khrushchev-c1957",
        "sample-zhou-kim-1958",
    ]
    bad = run_cli("export-set", "208190", "nope")
    assert bad.returncode == 1 and "'nope'" in bad.stderr
    assert run_cli("export-set", "--from", "soon").returncode == 1
