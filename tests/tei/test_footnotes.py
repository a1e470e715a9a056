"""Footnotes of a TEI text on its page: each note once, in document order, linked both ways.

Why a check over whole volumes: a note inside a list item or a table cell was listed again for
every level of list or table around it (22 documents of the demo's FRUS volumes), each copy's
back link pointing at a call-out that is not on the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sourcebook.core.tei.html import render
from sourcebook.core.tei.safe_xml import TEI_NS, parser
from tests.support.footnotes import footnotes, problems

NESTED = Path(__file__).parent / "fixtures" / "notes" / "nested-notes.xml"


def source_labels(markup: str) -> list[str]:
    """The ``n`` of each footnote of a document div, in document order: every note but the
    source note in the document's head and inline notes (shown where they stand)."""
    div = etree.fromstring(markup.encode("utf-8"), parser())
    head = div[0] if etree.QName(div[0]).localname == "head" else None
    return [
        note.get("n")
        for note in div.iter(f"{{{TEI_NS}}}note")
        if not (head is not None and head in note.iterancestors())
        and "inline" not in (note.get("place"), note.get("rend"))
    ]


def test_notes_in_lists_nested_lists_and_table_cells_are_listed_once():
    page = render(NESTED.read_text(encoding="utf-8"))
    notes, callouts = footnotes(page)
    assert notes == [
        ("fn-1", "1", "See footnote 1, Document 225.", "#fn-1-ref"),
        ("fn-2", "2", "See footnote 2, Document 225.", "#fn-2-ref"),
        (
            "fn-3",
            "3",
            "The Joint Chiefs of Staff recommended adoption of the “majority view”.",
            "#fn-3-ref",
        ),
        ("fn-4", "4", "The Bureau of the Budget proposed other language.", "#fn-4-ref"),
        ("fn-5", "5", "Not further identified.", "#fn-5-ref"),
        ("fn-6", "6", "As listed in reference D.", "#fn-6-ref"),
        ("fn-7", "7", "Delivered in 1958.", "#fn-7-ref"),
    ]
    assert callouts == [(f"fn-{n}-ref", f"#fn-{n}", str(n)) for n in range(1, 8)]
    # The call-outs stand where the notes stood: in the items, the nested item and the cells.
    assert '<li><span class="tei-label">(1)</span> Subject to review<sup class="fn-ref"' in page
    assert '<th>Item<sup class="fn-ref" id="fn-6-ref">' in page
    assert '<td>M–47 tanks<sup class="fn-ref" id="fn-7-ref">' in page
    assert page.count("Source: Department of State, S/P Files") == 1


def test_every_document_of_the_volumes_lists_its_notes_once_in_source_order(records):
    seen, wrong = 0, {}
    for record in records.values():
        for text in record.texts:
            if text.markup_format != "tei":
                continue
            page = render(text.markup)
            labels = [n[1] for n in footnotes(page)[0]]
            found = problems(page)
            if labels != source_labels(text.markup):
                found.append(f"notes {labels}, source {source_labels(text.markup)}")
            if found:
                wrong[record.id] = found
            seen += len(labels)
    assert wrong == {}
    # Every footnote of the three volumes was looked at (counted with one XPath over the files:
    # notes in document divs, not inline, not in the document's own head: 173 + 138 + 50).
    assert seen == 361


def _ingest_nested(tmp_path) -> str:
    """The fixture's document as the one document of a volume, ingested; its page's URL."""
    from sourcebook.archive import ingest

    div = NESTED.read_text(encoding="utf-8").split("-->", 1)[1]
    volume = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" xml:id="frus-notes">'
        '<teiHeader><fileDesc><titleStmt><title type="complete">Notes test volume</title>'
        '</titleStmt><publicationStmt><idno type="frus">frus-notes</idno></publicationStmt>'
        "<sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader><text><body>"
        f'<div type="chapter" xml:id="ch1"><head>Chapter One</head>{div}</div>'
        "</body></text></TEI>\n"
    )
    path = tmp_path / "frus-notes.xml"
    path.write_text(volume, encoding="utf-8")
    assert {o.status for o in ingest.ingest_file(path)} == {"added"}
    return "/documents/frus-notes-d232/"


def _page_notes(client, url: str) -> tuple[list[str], list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    return [n[1] for n in footnotes(page)[0]], problems(page)


@pytest.mark.django_db
def test_the_page_of_an_archive_ingested_before_the_fix_lists_each_note_once(
    client, settings, tmp_path
):
    """The texts' HTML is cached per version (``web.pagecache``): a row rendered before the
    fix, copies and all, is stale and rendered again, with no re-ingest or command."""
    from sourcebook.web.models import RenderedPage

    settings.SOURCEBOOK_PAGE_CACHE = 0
    url = _ingest_nested(tmp_path)
    assert _page_notes(client, url) == (["1", "2", "3", "4", "5", "6", "7"], [])
    # The row as the renderer before the fix left it (format 5): note 5 listed twice.
    cached = RenderedPage.objects.get(document__public_id="frus-notes-d232")
    text = cached.texts[0]
    copy = '<li id="fn-9" value="5"><span class="fn-n">5</span> Not further identified. '
    text["html"] = text["html"].replace(
        "</ol>", f'{copy}<a class="fn-back" href="#fn-9-ref">↩</a></li></ol>'
    )
    text["format"] = 5
    cached.save()
    assert _page_notes(client, url) == (["1", "2", "3", "4", "5", "6", "7"], [])
