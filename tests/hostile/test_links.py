"""Links from records: hostile permalinks and ref targets never become links, in any output.

Real TEI files ingested through the real CLI; the page through Django's test client; exports
through the document download route and the CLI; OAI through the endpoint. Both databases.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from sourcebook.core import links
from tests.support.cli import run_cli

from .links_support import single_tei, write

pytestmark = pytest.mark.django_db(transaction=True)

# (payload, a piece of it that must still be shown as text)
PAYLOADS = [
    ("javascript:alert(document.domain)", "alert(document.domain)"),
    ("JaVaScRiPt:alert(document.cookie)", "alert(document.cookie)"),
    (" \t\njavascript:alert(2)", "alert(2)"),
    ("java\tscript:alert(3)", "alert(3)"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "PHNjcmlwdD5hbGVydCgx"),
    ("vbscript:msgbox(4)", "msgbox(4)"),
    ("//evil.example/x", "evil.example/x"),
    ("http://user:pass@evil.example/", "user:pass@evil.example"),
    ('https://ok.example/a"onmouseover="alert(5)', "onmouseover"),
]
BAD = re.compile(r"javascript|vbscript|data:text|evil\.example|user:pass|onmouseover", re.I)


class _Links(HTMLParser):
    """Every URL-valued attribute of a page, and the content of citation meta tags."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src", "action", "formaction", "data"):
            if values.get(name) is not None:
                self.urls.append(values[name])
        if tag == "meta" and (values.get("name") or "").endswith("_url"):
            self.urls.append(values.get("content") or "")


def page_urls(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(script)
        parser.urls += [data[k] for k in ("url", "sameAs") if k in data]
    return parser.urls


def assert_safe_urls(html: str) -> None:
    for url in page_urls(html):
        relative = url.startswith(("/", "#", "?")) and not url.startswith("//")
        assert relative or links.is_web_url(url), url
        assert not BAD.search(url), url


@pytest.fixture
def hostile(tmp_path):
    """Each payload as the permalink (idno type=URI) of its own TEI file, ingested in one batch."""
    for n, (payload, _) in enumerate(PAYLOADS):
        write(tmp_path, f"evil-{n}.xml", single_tei(f"evil-{n}", uri=payload))
    result = run_cli("ingest", str(tmp_path))
    return result


def test_ingest_keeps_hostile_permalinks_as_text_with_a_warning(hostile):
    from sourcebook.archive.models import Document

    assert hostile.returncode == 0, hostile.stderr
    warnings = [line for line in hostile.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(PAYLOADS), hostile.stderr
    for n, (_, shown) in enumerate(PAYLOADS):
        assert any(f"document evil-{n}: permalink" in w for w in warnings)
        doc = Document.objects.get(public_id=f"evil-{n}")
        assert doc.permalink is None
        assert shown in doc.extra["permalink_text"]  # kept, as text


def test_page_never_links_a_hostile_permalink(hostile, client):
    for n, (_, shown) in enumerate(PAYLOADS):
        response = client.get(f"/documents/evil-{n}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert_safe_urls(html)
        assert 'class="permalink unlinked"' in html
        # shown as text, escaped
        assert shown.replace('"', "&quot;") in html


@pytest.mark.parametrize("extension", ["ris", "bib", "csl.json", "dc.xml"])
def test_exports_never_carry_a_hostile_permalink(hostile, client, extension):
    for n in range(len(PAYLOADS)):
        response = client.get(f"/documents/evil-{n}.{extension}")
        assert response.status_code == 200
        assert not BAD.search(response.content.decode()), (n, extension)
    ids = ",".join(f"evil-{n}" for n in range(len(PAYLOADS)))
    if extension in ("ris", "bib", "csl.json"):
        body = client.get(f"/export.{extension}?ids={ids}").content.decode()
        assert "evil-0" in body or "Memorandum" in body
        assert not BAD.search(body)


def test_cli_exports_and_pdf_never_carry_a_hostile_permalink(hostile):
    for fmt in ("ris", "bibtex", "csl-json", "dc"):
        out = run_cli("export", "evil-0", "--format", fmt)
        assert out.returncode == 0 and out.stdout, out.stderr
        assert not BAD.search(out.stdout), fmt
    from sourcebook.archive.models import Document
    from sourcebook.core.cite import pdf

    for n in range(len(PAYLOADS)):
        html = pdf.html_document(Document.objects.get(public_id=f"evil-{n}").to_record())
        assert_safe_urls(html)


def test_oai_dc_never_carries_a_hostile_permalink(hostile, client):
    body = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").content.decode()
    assert "evil-0" in body
    assert not BAD.search(body)


def test_records_stored_before_the_check_are_checked_again_at_render(tmp_path, client):
    """Permalinks already in the database (or written by a path that bypasses ingest)."""
    from sourcebook.archive.models import Document

    write(tmp_path, "old.xml", single_tei("old-1", uri="https://example.org/documents/1"))
    assert run_cli("ingest", str(tmp_path / "old.xml")).returncode == 0
    for payload, shown in PAYLOADS:
        Document.objects.filter(public_id="old-1").update(permalink=payload)
        html = client.get("/documents/old-1/").content.decode()
        assert_safe_urls(html)
        assert shown.replace('"', "&quot;") in html
        for extension in ("ris", "bib", "csl.json", "dc.xml"):
            body = client.get(f"/documents/old-1.{extension}").content.decode()
            assert not BAD.search(body), (payload, extension)
        record = Document.objects.get(public_id="old-1").to_record()
        from sourcebook.core.cite import pdf

        assert_safe_urls(pdf.html_document(record))
    out = run_cli("export", "old-1", "--format", "ris")
    assert out.returncode == 0 and not BAD.search(out.stdout)


def test_tei_exports_write_a_hostile_permalink_as_text_only(hostile, client):
    """TEI consumers link ``idno[@type='URI']``: only a permalink that passes the policy is one;
    the rest is kept as ``idno[@type='permalink-text']`` (OAI TEI included)."""
    from lxml import etree

    tei = {"t": "http://www.tei-c.org/ns/1.0"}
    for n, (payload, _) in enumerate(PAYLOADS):
        for url in (
            f"/documents/evil-{n}.tei.xml",
            f"/oai?verb=GetRecord&metadataPrefix=tei&identifier=oai:testserver:evil-{n}",
        ):
            root = etree.fromstring(client.get(url).content)
            assert not root.xpath("//t:idno[@type='URI']", namespaces=tei), (n, url)
            kept = root.xpath("//t:idno[@type='permalink-text']/text()", namespaces=tei)
            assert kept == [" ".join(payload.split())], (n, url, kept)  # as the reader kept it


def test_ref_targets_in_tei_are_not_linked_unless_http(tmp_path, client):
    write(tmp_path, "ref.xml", single_tei("ref-1", target="javascript:alert(document.domain)"))
    write(tmp_path, "ok.xml", single_tei("ref-2", target="https://history.state.gov/x"))
    result = run_cli("ingest", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "ref-1: link target" in result.stderr
    assert "ref-2" not in result.stderr
    html = client.get("/documents/ref-1/").content.decode()
    assert_safe_urls(html)
    assert "the minutes" in html  # the words stay
    html = client.get("/documents/ref-2/").content.decode()
    assert 'href="https://history.state.gov/x"' in html


def test_allowed_identifier_schemes(tmp_path, client, monkeypatch):
    """SOURCEBOOK_URL_SCHEMES: doi links through doi.org, urn is shown as text, both kept."""
    monkeypatch.setenv("SOURCEBOOK_URL_SCHEMES", "doi,urn")
    write(tmp_path, "doi.xml", single_tei("doi-1", uri="doi:10.1000/182"))
    write(tmp_path, "urn.xml", single_tei("urn-1", uri="urn:nbn:de:101:1-201102033592"))
    result = run_cli("ingest", str(tmp_path), env_extra={"SOURCEBOOK_URL_SCHEMES": "doi,urn"})
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    html = client.get("/documents/doi-1/").content.decode()
    assert 'href="https://doi.org/10.1000/182"' in html
    html = client.get("/documents/urn-1/").content.decode()
    assert "urn:nbn:de:101:1-201102033592" in html
    assert_safe_urls(html)
    assert "urn:nbn" not in " ".join(page_urls(html))
    ris = client.get("/documents/doi-1.ris").content.decode()
    assert "UR  - https://doi.org/10.1000/182" in ris
    # Without the setting the same identifier is text, with a warning.
    write(tmp_path, "doi.xml", single_tei("doi-2", uri="doi:10.1000/183"))
    result = run_cli("ingest", str(tmp_path / "doi.xml"), env_extra={"SOURCEBOOK_URL_SCHEMES": ""})
    assert "warning: " in result.stderr


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://history.state.gov/historicaldocuments/frus1958-60v18/d1", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("https://例え.jp/パス", True),
        ("javascript:alert(1)", False),
        ("https:/missing-slash.example", False),
        ("https://", False),
        ("https://a.example\\@evil.example", False),
        ("https://a.example:port/", False),
        ("https://a.example/\u202eexe.txt", False),
        ("https://a.example/" + "x" * 600, False),
    ],
)
def test_link_policy(value, expected):
    assert links.is_web_url(value) is expected
    assert links.is_allowed(value, frozenset()) is expected


class _Citations(HTMLParser):
    """The tags inside each ``<p class="citation">`` of the cite box."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and ("class", "citation") in attrs:
            self.depth = 1
        elif self.depth:
            self.tags.append((tag, dict(attrs)))
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def test_cite_box_keeps_only_the_markup_csl_produces(tmp_path, client):
    """Tags in record text show as text in every style; only CSL's own italics survive."""
    title = 'Memo <b>bold</b> <span style="color:red">red</span> <i>open &lt;sup&gt;'
    tei = single_tei("markup-1").replace(
        "<title>Memorandum of Conversation</title>",
        "<title>" + title.replace("&", "&amp;").replace("<", "&lt;") + "</title>",
    )
    write(tmp_path, "markup.xml", tei)
    assert run_cli("ingest", str(tmp_path)).returncode == 0
    html = client.get("/documents/markup-1/").content.decode()
    parser = _Citations()
    parser.feed(html)
    allowed = {("i", ()), ("b", ()), ("sup", ()), ("sub", ())}
    for tag, attrs in parser.tags:
        key = (tag, tuple(sorted(attrs.items())))
        assert key in allowed or key == ("span", (("style", "font-variant:small-caps;"),)), key
    assert ("b", {}) not in parser.tags and ("span", {"style": "color:red"}) not in parser.tags
    text = "".join(parser.text)
    assert text.count("<b>bold</b>") >= 4  # shown as text in Chicago, MLA, APA…
    assert "&lt;sup&gt;" in text  # record text stays exactly as written, even entities
    # APA italicises the title: that tag is CSL's own, and balanced.
    assert ("i", {}) in parser.tags
