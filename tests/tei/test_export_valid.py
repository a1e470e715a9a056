"""Every document of the demo corpus, and every collection, exported as TEI and validated
against the shared tei_all schema with the real validator (jing), in one batch."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import SAMPLES
from tests.support.cli import run_cli
from tests.support.http import get

from .conftest import SCHEMA

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("jing"), reason="jing is not installed"),
]


def jing(paths) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["jing", str(SCHEMA), *map(str, paths)], capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def demo_corpus():
    from sourcebook.archive import ingest

    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    assert {p.suffix for p in files} == {".txt", ".xml"}
    for path in files:
        outcomes = ingest.ingest_file(path)
        assert all(o.status == "added" for o in outcomes), outcomes
    return files


def test_every_demo_document_and_collection_validates(demo_corpus, tmp_path):
    from sourcebook.archive.models import Collection, Document
    from sourcebook.authorities.queries import corpus_tei
    from sourcebook.core import formats

    exporter = formats.exporter("tei")
    assert (exporter.extension, exporter.media_type) == ("tei.xml", "application/tei+xml")
    written = []
    docs = list(Document.objects.all())
    assert len(docs) == 4 + 68 + 39 + 18
    for doc in docs:
        path = tmp_path / f"{doc.public_id}.tei.xml"
        path.write_text(exporter.write(doc.to_record()), encoding="utf-8")
        written.append(path)
    for coll in Collection.objects.all():
        path = tmp_path / f"corpus-{coll.slug}.tei.xml"
        path.write_text(corpus_tei(coll), encoding="utf-8")
        written.append(path)
    assert len(written) == len(docs) + 3
    result = jing(written)
    assert result.returncode == 0, result.stdout[:3000]
    # The validator really validates: a broken file fails.
    bad = tmp_path / "bad.tei.xml"
    bad.write_text(written[0].read_text().replace("<teiHeader>", "<teiHeader><bogus/>", 1))
    assert jing([bad]).returncode != 0


def test_record_text_apparatus_is_encoded_the_tei_way(demo_corpus):
    from sourcebook.archive.models import Document
    from sourcebook.core import formats

    tei = formats.exporter("tei").write(Document.objects.get(public_id="208190").to_record())
    for fragment in (
        '<supplied reason="editorial">North</supplied>',
        "<choice><orig>Ri Chang-jeong</orig><reg>Ri Chang Jong</reg></choice>",
        '<note type="handwritten" place="left-margin">',
        '<note type="seal">',
        "<funder>Henry Luce Foundation</funder>",
        "<respStmt><resp>translated by</resp><name>David Cowhig</name></respStmt>",
        "<institution>Wilson Center Digital Archive</institution>",
        "<repository>PRC FMA</repository><idno>118-01026-01</idno>",
        '<date when="1959-10-11">October 11, 1959</date>',
        '<language ident="zh">Chinese</language>',
    ):
        assert fragment in tei, fragment
    zhou = formats.exporter("tei").write(
        Document.objects.get(public_id="sample-zhou-kim-1958").to_record()
    )
    assert '<gap reason="illegible">' in zhou and '<pb n="1"/>' in zhou


def test_export_over_cli_and_http(demo_corpus, live_server, tmp_path):
    out = tmp_path / "d1.tei.xml"
    result = run_cli("export", "frus1955-57v03-d1", "--format", "tei", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert '<idno type="sourcebook">frus1955-57v03-d1</idno>' in out.read_text()
    status, ctype, body = get(f"{live_server.url}/documents/frus1955-57v03-d1.tei.xml")
    assert status == 200 and ctype.startswith("application/tei+xml")
    assert body == out.read_text()
    corpus = tmp_path / "v22.tei.xml"
    result = run_cli("export-collection", "frus1961-63v22", "-o", str(corpus), process=True)
    assert result.returncode == 0, result.stderr
    status, ctype, body = get(f"{live_server.url}/collections/frus1961-63v22.tei.xml")
    assert status == 200 and body == corpus.read_text()
    assert body.count("<TEI>") == 18 and "<teiCorpus" in body
    listing = run_cli("export-collection", "--list")
    assert "frus1955-57v03\t68\t" in listing.stdout
    missing = run_cli("export-collection", "nope")
    assert missing.returncode != 0 and "no collection 'nope'" in missing.stderr
    assert jing([out, corpus]).returncode == 0
