"""Small real TEI files for the link, id and authority tests (written to disk, ingested by the CLI)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from tests.conftest import SEED

TEI_NS = "http://www.tei-c.org/ns/1.0"


def single_tei(record_id: str, *, uri: str | None = None, target: str | None = None) -> str:
    """One TEI document as Sourcebook's TEI export writes it: id, permalink, one text."""
    uri_el = f'<idno type="URI">{escape(uri)}</idno>' if uri is not None else ""
    ref = f"<ref target={quoteattr(target)}>the minutes</ref>" if target is not None else "notes"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc>'
        "<titleStmt><title>Memorandum of Conversation</title></titleStmt>"
        f'<publicationStmt><idno type="sourcebook">{escape(record_id)}</idno>{uri_el}'
        "</publicationStmt><sourceDesc><p>Archive copy.</p></sourceDesc></fileDesc>"
        '<profileDesc><creation><date when="1958-10-11">October 11, 1958</date></creation>'
        "</profileDesc></teiHeader><text><body><p>The Ambassador called. See "
        f"{ref}.</p></body></text></TEI>\n"
    )


def volume_tei(volume: str, persons: list[tuple[str, str, str]], documents: int = 1) -> str:
    """A documentary edition volume: a persons list (id, name, description) and documents that
    mention the first person."""
    items = "".join(
        f'<item><hi rend="strong"><persName xml:id="{pid}">{escape(name)}</persName>,</hi> '
        f"{escape(desc)}</item>"
        for pid, name, desc in persons
    )
    first = persons[0][0] if persons else "p_none"
    docs = "".join(
        f'<div type="document" xml:id="d{n}" n="{n}" subtype="historical-document">'
        f"<head>{n}. Memorandum of Conversation</head>"
        f'<dateline><date when="1958-01-{n:02d}">January {n}, 1958</date></dateline>'
        f'<p>Present: <persName corresp="#{first}">the Ambassador</persName>.</p></div>'
        for n in range(1, documents + 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" xml:id="{volume}">'
        f'<teiHeader><fileDesc><titleStmt><title type="complete">Volume {escape(volume)}</title>'
        f'</titleStmt><publicationStmt><idno type="frus">{escape(volume)}</idno>'
        "</publicationStmt><sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>"
        f'<text><front><div type="section" xml:id="persons"><head>Persons</head>'
        f'<list type="names">{items}</list></div></front>'
        f'<body><div type="chapter" xml:id="ch1"><head>Chapter One</head>{docs}</div></body>'
        "</text></TEI>\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def seed_copy(folder: Path) -> Path:
    """The real seed record (id 208190), copied."""
    return write(folder, "wcda-208190.txt", SEED.read_text(encoding="utf-8"))
