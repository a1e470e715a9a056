"""Hostile and broken XML through the real CLI: one-line refusal, non-zero exit, DB unchanged."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sourcebook.core.errors import RecordError
from sourcebook.core.tei.safe_xml import parse_tei
from tests.support.cli import run_cli

from .conftest import volume_path

pytestmark = pytest.mark.django_db(transaction=True)

TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>'
TEI_CLOSE = "</p></body></text></TEI>"


def snapshot_all() -> dict:
    """Every row of every table of our apps (archive and authorities)."""
    from django.apps import apps

    state = {}
    for label in ("archive", "authorities"):
        for model in apps.get_app_config(label).get_models():
            state[model.__name__] = sorted(
                json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()
            )
    return state


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'<!ENTITY x "fetched">')

    def log_message(self, *args):
        pass


@pytest.fixture
def http_trap():
    """A real HTTP server: any fetch a parser makes would show up in ``hits``."""
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    server.shutdown()


def _cases(secret, trap_url):
    laughs = (
        '<!DOCTYPE TEI [<!ENTITY a "lol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    full = volume_path("frus1961-63v22").read_bytes()
    return {
        "xxe.xml": (
            f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            f"{TEI_OPEN}&xxe;{TEI_CLOSE}",
            "declares entities",
        ),
        "laughs.xml": (
            f'<?xml version="1.0"?>\n{laughs}\n{TEI_OPEN}&j;{TEI_CLOSE}',
            "declares entities",
        ),
        "external-dtd.xml": (
            f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "{trap_url}/tei.dtd">\n{TEI_OPEN}x{TEI_CLOSE}',
            "external DTD",
        ),
        "network-entity.xml": (
            f'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY % e SYSTEM "{trap_url}/e.ent"> %e;]>\n'
            f"{TEI_OPEN}x{TEI_CLOSE}",
            "declares entities",
        ),
        "undeclared-entity.xml": (f"{TEI_OPEN}&undeclared;{TEI_CLOSE}", "not well-formed XML"),
        "malformed.xml": (f"{TEI_OPEN}<hi>unclosed{TEI_CLOSE}", "not well-formed XML"),
        "truncated.xml": (full[: len(full) // 2].decode("utf-8", "ignore"), "not well-formed XML"),
        "not-tei.xml": (
            '<?xml version="1.0"?>\n<html><body>hi</body></html>',
            "not a TEI document",
        ),
        "wrong-namespace.xml": ("<TEI><text/></TEI>", "not a TEI document"),
    }


def test_each_hostile_file_is_refused_and_nothing_is_written(tmp_path, http_trap):
    from sourcebook.archive.models import Document

    trap_url, hits = http_trap
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    assert run_cli("ingest", str(volume_path("frus1961-63v22"))).returncode == 0
    before = snapshot_all()
    assert Document.objects.count() == 18
    for name, (content, reason) in _cases(secret, trap_url).items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = run_cli("ingest", str(path))
        assert result.returncode == 1, (name, result.stderr)
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        error = lines[0]
        assert error.startswith(f"{path}:") and reason in error, (name, error)
        assert (
            "Traceback" not in result.stderr and "TOP-SECRET" not in result.stderr + result.stdout
        )
        assert lines[1].startswith("0 added"), lines
        assert snapshot_all() == before, name
    assert hits == [], "the parser fetched something over the network"


def test_a_batch_goes_on_past_a_hostile_file(tmp_path):
    bad = tmp_path / "a-bad.xml"
    bad.write_text('<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI/>')
    good = volume_path("frus1961-63v22")
    result = run_cli("ingest", "--json", str(bad), str(good))
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["status"] == "failed" and "declares entities" in rows[0]["error"]
    assert [r["status"] for r in rows[1:]] == ["added"] * 18


def test_errors_name_the_line():
    with pytest.raises(RecordError) as exc:
        parse_tei(
            b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>\n</TEI>',
            "x.xml",
        )
    assert exc.value.line == 4 and str(exc.value).startswith("x.xml:4: not well-formed XML")
    with pytest.raises(RecordError) as exc:
        parse_tei(b"\n\n<root/>", "y.xml")
    assert str(exc.value) == (
        "y.xml:3: not a TEI document: the root element is <root> (no namespace), expected <TEI> "
        "or <teiCorpus> in http://www.tei-c.org/ns/1.0"
    )


def test_xinclude_of_an_existing_file_is_not_resolved(tmp_path):
    """A valid TEI file may carry xi:include; it imports, and the included file stays outside."""
    from sourcebook.archive.models import Document, Source

    secret = tmp_path / "secret.xml"
    secret.write_text('<p xmlns="http://www.tei-c.org/ns/1.0">TOP-SECRET-CONTENT</p>')
    path = tmp_path / "with-include.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" '
        'xml:id="inc"><teiHeader><fileDesc><titleStmt><title>Include</title></titleStmt>'
        "</fileDesc></teiHeader><text><body><p>Before.</p>"
        f'<xi:include href="{secret}"/><xi:include href="http://127.0.0.1:9/x.xml"/>'
        "<p>After.</p></body></text></TEI>"
    )
    result = run_cli("ingest", "--json", str(path))
    assert result.returncode == 0, result.stderr
    doc = Document.objects.get(public_id="inc")
    record = doc.to_record()
    assert record.texts[0].body == "Before.\n\nAfter."
    assert "TOP-SECRET" not in json.dumps(record.to_json())
    assert b"TOP-SECRET" not in Source.objects.get().content()
    from sourcebook.core import formats

    assert "TOP-SECRET" not in formats.exporter("tei").write(record)
    assert "xi:include" not in formats.exporter("tei").write(record)
