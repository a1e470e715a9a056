"""Records for the limits tests: real record text, ingested through the real ingest service."""

from __future__ import annotations

from sourcebook.archive import ingest
from sourcebook.core import recordtext
from sourcebook.core.formats import ParsedSource

PARAGRAPH = (
    "The Ambassador said that the delegation had received the telegram of 12 May [handwritten: "
    "seen by the Minister] and would answer after consulting Beijing. He asked whether the "
    "Soviet side would send the specialists [illegible] before the end of the year.\n\n"
)


def record_text(public_id: str, body: str, title: str = "Record Of A Long Conversation") -> str:
    return (
        f'May 1, 1960\n**{title}**\n\nCitation:\n\n"{title}", May 1, 1960, Test Archive, '
        f"TA 1.\n\nContents:\n\nTranslation - English\n\n{body}"
    )


def add_record(public_id: str, paragraphs: int = 1, body: str | None = None):
    """Ingest a record whose text is ``paragraphs`` realistic paragraphs (or ``body``)."""
    text = record_text(public_id, body if body is not None else PARAGRAPH * paragraphs)
    record = recordtext.parse(text, f"{public_id}.txt", public_id)
    ingest.store(ParsedSource("record-text", [record]), text.encode(), f"{public_id}.txt")
    return record
