"""One small archive exported once per test module: four record texts (one Chinese), a TEI
volume with its persons and collection, a draft and a withdrawn document."""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.support.kept import kept_for_module

DRAFT_ID = "draft-kaesong-survey"
DRAFT_TEXT = """March 3, 1961
**Note on the Unreleased Kaesong Border Survey**

Citation:

"Note on the Unreleased Kaesong Border Survey", March 3, 1961, Sourcebook Sample Collection, SSC 1961-03-003.

Summary:

A note that must stay unpublished until an editor publishes it.

Contents:

Translation - English

The survey teams reached the Imjin crossing on the second day.
"""
WITHDRAWN_ID = "sample-khrushchev-c1957"
VOLUME = SAMPLES / "frus1961-63v22.xml"
FORMATS = "record,tei,json,bibtex,ris,csl-json,dc"
# Pages per part of the search index in the shared edition: the 68 indexed pages in 7 parts.
SEARCH_PART = 10


def load_archive(tmp: Path) -> None:
    from sourcebook.archive import ingest, publication
    from sourcebook.archive.models import Document

    for path in [*sorted(SAMPLES.glob("*.txt")), VOLUME]:
        assert all(o.status == "added" for o in ingest.ingest_file(path)), path
    draft = tmp / f"{DRAFT_ID}.txt"
    draft.write_text(DRAFT_TEXT, encoding="utf-8")
    assert [o.status for o in ingest.ingest_file(draft, status="draft")] == ["added"]
    doc = Document.objects.get(public_id=WITHDRAWN_ID)
    publication.withdraw(doc, "Duplicate of another record", "Ana Editor")


@pytest.fixture(scope="module")
def edition(django_db_setup, django_db_blocker, tmp_path_factory):
    """The exported folder (under ``served/edition``, so a server on ``served`` puts it below
    a path prefix), with the archive it came from still in the database."""
    from sourcebook.edition import pagefind
    from sourcebook.edition.export import export_site

    root = tmp_path_factory.mktemp("served")
    folder = root / "edition"
    part = pagefind.PART
    pagefind.PART = SEARCH_PART  # a search index in parts, as a large archive's is
    with kept_for_module(django_db_blocker):
        load_archive(root)
        try:
            summary = export_site(
                folder, base_url="https://example.org/edition", formats=FORMATS.split(",")
            )
        finally:
            pagefind.PART = part
        try:
            yield folder, summary
        finally:
            shutil.rmtree(root, ignore_errors=True)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_server(edition):
    """A plain static HTTP server (no Sourcebook behind it) over the edition's parent folder:
    the edition is at ``<url>/edition/``."""
    folder, _summary = edition
    handler = partial(_Quiet, directory=str(folder.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
