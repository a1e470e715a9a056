"""What the interface-language tests share: a page read in one language as a tree, the folded
text of what an XPath finds, and a FRUS volume of one document written and ingested."""

from __future__ import annotations

from lxml import html as lxml_html

from tests.hostile.links_support import TEI_NS, write


def tree(client, url: str, language: str):
    """``url`` read with ``Accept-Language: language`` (200 expected), parsed."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    return lxml_html.fromstring(response.content.decode())


def texts(page, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in page.xpath(xpath)]


def one_document_volume(tmp_path, volume: str, paragraph: str) -> None:
    """Ingest volume ``volume`` whose one document (``<volume>-d1``) has ``paragraph`` (TEI
    markup inside ``<p>``) as its text."""
    from sourcebook.archive import ingest

    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" xml:id="{volume}">'
        f'<teiHeader><fileDesc><titleStmt><title type="complete">Volume {volume}</title>'
        f'</titleStmt><publicationStmt><idno type="frus">{volume}</idno></publicationStmt>'
        "<sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader><text><body>"
        '<div type="chapter" xml:id="ch1"><head>Chapter One</head>'
        '<div type="document" xml:id="d1" n="1" subtype="historical-document">'
        "<head>1. Memorandum of Conversation</head>"
        '<dateline><date when="1958-01-01">January 1, 1958</date></dateline>'
        f"<p>{paragraph}</p></div></div></body></text></TEI>\n"
    )
    path = write(tmp_path, f"{volume}.xml", text)
    assert {o.status for o in ingest.ingest_file(path)} == {"added"}
