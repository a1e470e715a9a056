"""The archive record as plain data, shared by every format reader and writer.

Why a framework-free dataclass: readers (record text, TEI), writers (record text, TEI, citations,
JSON) and the Django layer all speak this one shape, so each can be tested without a database and a
new format only has to map to and from it.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DateInfo:
    """A document date as written, with its EDTF form and the range of days it may denote."""

    text: str = ""
    edtf: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "edtf": self.edtf,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "approximate": self.approximate,
        }


@dataclass
class Annotation:
    """One item of editorial apparatus inside a text.

    ``start``/``end`` are character offsets of the item as written in the body (brackets
    included), so ``body[start:end] == text`` always holds and the reading text is never altered.
    ``target_start``/``target_end`` mark the words the item comments on, when it comments on
    any (the name an alternate form glosses, the line a seal or stamp covers, the reading an
    ``[?]`` doubts).
    """

    type: str
    start: int
    end: int
    text: str
    content: str = ""
    place: str | None = None
    target_start: int | None = None
    target_end: int | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        # Built by hand: ``asdict`` deep-copies and was a tenth of ingest time.
        data = {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "content": self.content,
            "place": self.place,
            "target_start": self.target_start,
            "target_end": self.target_end,
        }
        if self.attrs:
            data["attrs"] = copy.deepcopy(self.attrs)
        return data


@dataclass
class ContentEntry:
    """One line of a record's Contents section (``Translation - English``, ``Original Scan``)."""

    kind: str  # translation | transcript | scan | original
    language: str | None
    label: str

    def to_json(self) -> dict[str, Any]:
        # Written out, not ``asdict``: every revision snapshot calls this, and asdict's deep
        # copy of every value cost more than the rest of the snapshot.
        return {"kind": self.kind, "language": self.language, "label": self.label}


@dataclass
class Text:
    """A translation, transcript or original of a document, with its body exactly as written."""

    kind: str
    language: str | None
    label: str
    body: str
    annotations: list[Annotation] = field(default_factory=list)
    # Formats with structure (TEI) may keep the structured body beside the plain one.
    markup: str | None = None
    markup_format: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "language": self.language,
            "label": self.label,
            "body": self.body,
            "annotations": [a.to_json() for a in self.annotations],
        }
        if self.markup is not None:
            data["markup"] = self.markup
            data["markup_format"] = self.markup_format
        return data


@dataclass
class Suggested:
    """What a title suggests about the document: never stored as fact, only offered to editors."""

    doc_type: str | None = None
    sender: str | None = None
    recipient: str | None = None
    participants: list[str] = field(default_factory=list)
    subject: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {  # written out, as ContentEntry's
            "doc_type": self.doc_type,
            "sender": self.sender,
            "recipient": self.recipient,
            "participants": list(self.participants),
            "subject": self.subject,
        }


@dataclass(frozen=True)
class CitedVersion:
    """The version of a record a citation names: its number, the day it was made, and the URL
    that shows exactly that version. Set on a record built from a stored revision so every
    citation format can say "version 3 of 4 December 2026"; never part of the record JSON."""

    number: int
    date: dt.date
    url: str | None = None


@dataclass
class Record:
    """A parsed archive record.

    ``title`` is the title with line breaks folded to spaces; ``title_lines`` keeps the breaks
    as written so the record can be written back exactly. ``extra`` carries what a particular
    source format knows beyond the common fields (TEI: place, persons, volume position).
    """

    id: str
    title: str
    date: DateInfo = field(default_factory=DateInfo)
    title_lines: list[str] = field(default_factory=list)
    doc_type: str | None = None
    summary: str = ""
    citation: str = ""
    permalink: str | None = None
    archive: str | None = None
    repository: str | None = None
    reference: str | None = None
    locator: str | None = None
    translators: list[str] = field(default_factory=list)
    credits: str = ""
    funders: list[str] = field(default_factory=list)
    original_language: str = ""
    languages: list[str] = field(default_factory=list)
    contents: list[ContentEntry] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    suggested: Suggested = field(default_factory=Suggested)
    extra: dict[str, Any] = field(default_factory=dict)
    cited_version: CitedVersion | None = None

    def to_json(self) -> dict[str, Any]:
        """The record JSON of the API and ``show --json`` (without storage keys like ``source``)."""
        return {
            "id": self.id,
            "title": self.title,
            "title_lines": list(self.title_lines),
            "date": self.date.to_json(),
            "doc_type": self.doc_type,
            "summary": self.summary,
            "citation": self.citation,
            "permalink": self.permalink,
            "archive": self.archive,
            "repository": self.repository,
            "reference": self.reference,
            "locator": self.locator,
            "languages": list(self.languages),
            "original_language": self.original_language,
            "translators": list(self.translators),
            "credits": self.credits,
            "funders": list(self.funders),
            "contents": [c.to_json() for c in self.contents],
            "texts": [t.to_json() for t in self.texts],
            "suggested": self.suggested.to_json(),
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        """Inverse of :meth:`to_json`; used for stored revisions and stored snapshots."""
        date = data.get("date") or {}
        return cls(
            id=data["id"],
            title=data.get("title", ""),
            title_lines=list(data.get("title_lines") or []),
            date=DateInfo(
                text=date.get("text", ""),
                edtf=date.get("edtf"),
                earliest=dt.date.fromisoformat(date["earliest"]) if date.get("earliest") else None,
                latest=dt.date.fromisoformat(date["latest"]) if date.get("latest") else None,
                approximate=bool(date.get("approximate")),
            ),
            doc_type=data.get("doc_type"),
            summary=data.get("summary", ""),
            citation=data.get("citation", ""),
            permalink=data.get("permalink"),
            archive=data.get("archive"),
            repository=data.get("repository"),
            reference=data.get("reference"),
            locator=data.get("locator"),
            translators=list(data.get("translators") or []),
            credits=data.get("credits", ""),
            funders=list(data.get("funders") or []),
            original_language=data.get("original_language", ""),
            languages=list(data.get("languages") or []),
            contents=[ContentEntry(**c) for c in data.get("contents") or []],
            texts=[
                Text(
                    kind=t["kind"],
                    language=t.get("language"),
                    label=t.get("label", ""),
                    body=t.get("body", ""),
                    annotations=[Annotation(**a) for a in t.get("annotations") or []],
                    markup=t.get("markup"),
                    markup_format=t.get("markup_format"),
                )
                for t in data.get("texts") or []
            ],
            suggested=Suggested(**(data.get("suggested") or {})),
            extra=dict(data.get("extra") or {}),
        )
