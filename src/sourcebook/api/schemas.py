"""What each JSON API route answers, as models for the OpenAPI schema (``/api/openapi.json``).

These describe; they never shape an answer. django-ninja's ``response=`` would pass every answer
through its model and drop any field the model does not name: a record JSON is a historian's
whole record, so a field missing here must fail a test (``tests/web/test_openapi.py`` checks
real answers against the schema with openapi-core), never vanish from the API. Every object we
build is ``extra="forbid"`` (``additionalProperties: false``), so the check also catches a field
added to an answer but not to its model. Open by nature, and said so: a record's ``extra``
(what one source format knows beyond the common fields), a TEI annotation's ``attrs``, CSL-JSON.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Closed):
    """Any 4xx answer: one line saying what was wrong (a list for a parameter of the wrong type)."""

    detail: str | list[dict[str, Any]]


class Tombstone(Closed):
    """410 Gone: what a withdrawn record still says, enough to resolve an old citation."""

    id: str
    status: Literal["withdrawn"]
    reason: str
    withdrawn_at: str | None
    citation: str


# The record JSON -------------------------------------------------------------------------------


class RecordDate(Closed):
    text: str
    edtf: str | None
    earliest: str | None = Field(description="ISO date, the earliest the date can mean")
    latest: str | None
    approximate: bool


class Annotation(Closed):
    type: str
    start: int = Field(description="character offset into the text's body; body[start:end] == text")
    end: int
    text: str
    content: str
    place: str | None
    target_start: int | None
    target_end: int | None
    attrs: dict[str, Any] | None = Field(None, description="only when the source gives any")


class ContentEntry(Closed):
    kind: str
    language: str | None
    label: str


class RecordText(Closed):
    kind: str = Field(description="translation, transcript or original")
    language: str | None
    label: str
    body: str = Field(description="the text exactly as written")
    annotations: list[Annotation]
    markup: str | None = Field(None, description="the structured body (TEI), when kept")
    markup_format: str | None = None


class Suggested(Closed):
    doc_type: str | None
    sender: str | None
    recipient: str | None
    participants: list[str]
    subject: str | None


class Record(Closed):
    """The record JSON (``formats.md``): every field a source gave, as written."""

    id: str
    title: str
    title_lines: list[str]
    date: RecordDate
    doc_type: str | None
    summary: str
    citation: str
    permalink: str | None
    archive: str | None
    repository: str | None
    reference: str | None
    locator: str | None
    languages: list[str]
    original_language: str
    translators: list[str]
    credits: str
    funders: list[str]
    contents: list[ContentEntry]
    texts: list[RecordText]
    suggested: Suggested
    extra: dict[str, Any] = Field(description="what one source format knows beyond the rest")


class StoredSource(Closed):
    sha256: str
    format: str
    path: str
    ingested_at: str


class CollectionRef(Closed):
    id: str
    title: str


class SourceChange(Closed):
    field: str
    source_value: Any


class Mention(Closed):
    text: int = Field(description="index into texts")
    start: int
    end: int
    surface: str


class LinkedAuthority(Closed):
    id: str
    name: str
    link: Literal["encoded", "automatic", "confirmed", "candidate"]
    confidence: float
    roles: list[str]
    source_ids: list[str]
    mentions: list[Mention]


class Related(Closed):
    id: str
    relation: Literal["replies_to", "replied_by", "same_file"]


class Document(Record):
    """``/api/documents/<id>``: the record JSON with storage, state and links."""

    source: StoredSource | None
    version: int
    status: Literal["published", "draft", "withdrawn"]
    withdrawn_reason: str | None = Field(None, description="withdrawn records (editors) only")
    withdrawn_at: str | None = None
    updated_at: str
    collection: CollectionRef | None
    url: str
    versions_url: str
    protected: list[str] = Field(description="fields an editor changed: kept from re-import")
    pending_source_changes: list[SourceChange]
    persons: list[LinkedAuthority]
    organizations: list[LinkedAuthority]
    places: list[LinkedAuthority]
    related: list[Related]


class ListedDate(Closed):
    text: str
    edtf: str | None


class ListedDocument(Closed):
    id: str
    title: str
    date: ListedDate
    url: str


class DocumentList(Closed):
    total: int
    page: int | None = Field(description="null on a page read by cursor")
    page_size: int
    next: str | None = Field(description="the URL of the next page, null after the last")
    results: list[ListedDocument]


# Versions and citations ------------------------------------------------------------------------


class VersionMeta(Closed):
    version: int
    created_at: str
    author: str
    note: str
    url: str
    page_url: str


class Version(VersionMeta):
    """A stored version: the record JSON as it was then (a version stored before a field was
    added to the record JSON lacks it, so none of the record's fields is required here)."""

    model_config = ConfigDict(extra="allow")
    current_version: int
    is_current: bool
    versions_url: str


class Citations(Closed):
    id: str
    styles: dict[str, str] = Field(description="style name → citation as text")
    html: dict[str, str]
    labels: dict[str, str] = Field(description="style name → its name for people")
    csl: dict[str, Any] = Field(description="CSL-JSON, as Zotero and citeproc read it")


# Search ----------------------------------------------------------------------------------------


class FacetValue(Closed):
    value: str
    count: int


class MatchedReading(Closed):
    text: str
    reading: str


class Hit(Closed):
    id: str
    title: str
    date: str
    date_edtf: str | None
    date_earliest: str | None
    date_latest: str | None
    date_approximate: bool
    date_match_approximate: bool
    doc_type: str | None
    url: str
    score: float
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end] offsets into snippet")
    snippet_html: str
    snippet_source: str
    title_highlights: list[list[int]]
    title_html: str
    matched_variants: list[str]
    matched_readings: list[MatchedReading]


class SearchResults(Closed):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    sort: str
    date_from: str | None = Field(alias="from")
    date_to: str | None = Field(alias="to")
    undated: str
    filters: dict[str, list[str]]
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    facets_estimated: bool
    facet_sample_rate: int | None
    notes: list[str]
    pending: int = Field(description="documents changed but not yet searchable")
    took_ms: float


# Persons and collections -----------------------------------------------------------------------


class ListedPerson(Closed):
    id: str
    slug: str
    name: str
    description: str
    documents: int
    url: str


class PersonList(Closed):
    total: int
    page: int
    page_size: int
    results: list[ListedPerson]


class Variant(Closed):
    name: str
    system: str
    source: str


class PersonSourceId(Closed):
    id: str
    volume: str
    xml_id: str
    name: str
    description: str


class MergeProposal(Closed):
    with_: str = Field(alias="with")
    reason: str
    descriptions_agree: bool | None
    status: str


class RoleCount(Closed):
    role: str
    documents: int


class PersonDocument(Closed):
    id: str
    title: str
    date: str
    date_edtf: str | None
    url: str
    roles: list[str]
    link: str


class Peer(Closed):
    id: str
    name: str
    documents: int


class Person(Closed):
    id: str
    slug: str
    name: str
    kind: str
    description: str
    variants: list[Variant]
    external_ids: dict[str, str] = Field(description="wikidata, viaf, lcnaf: those set")
    source_ids: list[PersonSourceId]
    merge_proposals: list[MergeProposal]
    roles: list[RoleCount]
    document_count: int
    documents: list[PersonDocument]
    co_occurring: list[Peer]
    counted_as_of: str | None = Field(
        description="null when the counts are of the archive as it is; else when they were "
        "made (ISO 8601): a person named in many documents has them kept, and counted again "
        "in the background after a change"
    )
    url: str


class ListedCollection(Closed):
    slug: str
    title: str
    documents: int
    url: str


class CollectionList(Closed):
    results: list[ListedCollection]


class Editor(BaseModel):
    model_config = ConfigDict(extra="allow")  # as the volume's TEI header gives them
    name: str


class Chapter(Closed):
    id: str | None
    title: str | None
    documents: list[ListedDocument]


class CollectionDetail(Closed):
    slug: str
    title: str
    description: str
    volume_id: str | None
    editors: list[Editor]
    publication_date: str | None
    publisher: str | None
    permalink: str | None
    chapters: list[Chapter]
    page: int
    pages: int
    total: int
    tei: str
    url: str
