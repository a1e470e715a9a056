"""The archive's storage: documents, their texts and apparatus, authorities, sources, history.

Documents keep their common fields as columns (for filtering, sorting and the admin) and map to
and from :class:`sourcebook.core.record.Record` (``to_record``), so every reader and writer works
on the same shape as the database. Two tables make the guarantees of the developers' guide:
``Source`` keeps the exact bytes of every ingested file, and ``Revision`` keeps every version of
every document. ``IndexEvent`` is the transactional outbox: written in the same transaction as the
change it describes, consumed in order by the search indexer.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q

from sourcebook.archive import compression
from sourcebook.core import packing
from sourcebook.core.record import (
    Annotation as AnnotationData,
)
from sourcebook.core.record import (
    ContentEntry,
    DateInfo,
    Record,
    Suggested,
)
from sourcebook.core.record import (
    Text as TextData,
)

from .mentionsfield import MentionsField
from .packedfields import PackedTextField


class Authority(models.Model):
    """Shared fields of authority records (people, places, subjects, collections)."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Fields an editor changed by hand: a volume re-import leaves them and records a SourceChange.
    protected = models.JSONField(default=list, blank=True)
    # External authority files (shown as links): Wikidata QID ``Q11161``, VIAF and LCNAF ids.
    wikidata = models.CharField(max_length=20, blank=True)
    viaf = models.CharField(max_length=40, blank=True)
    lcnaf = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agent(Authority):
    """A person or an organization."""

    PERSON, ORGANIZATION = "person", "organization"
    kind = models.CharField(
        max_length=20, choices=[(PERSON, "Person"), (ORGANIZATION, "Organization")], default=PERSON
    )

    class Meta(Authority.Meta):
        # The lists by name (authorities/listing.py): a page is read along this index and stops
        # after its rows, instead of sorting every person. Not led by ``kind``: PostgreSQL, with
        # statistics that took the table for empty, chose such an index to find one agent by id
        # (``kind = 'person'`` as its condition, the id a filter) inside a nested loop, and the
        # person page's query of co-occurring persons ran for minutes.
        indexes = [models.Index(fields=["name", "slug"], name="agent_name")]


class Place(Authority):
    class Meta(Authority.Meta):
        indexes = [models.Index(fields=["name", "slug"], name="place_name")]


class Subject(Authority):
    pass


class Collection(Authority):
    """A volume, fonds or thematic collection that documents belong to."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)


class NameVariant(models.Model):
    """Another way a name is written (romanization, script, spelling), for search and display."""

    agent = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.CASCADE, related_name="variants"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="variants"
    )
    subject = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.CASCADE, related_name="variants"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="variants"
    )
    name = models.CharField(max_length=500)
    system = models.CharField(
        max_length=50, blank=True, help_text="e.g. pinyin, wade-giles, hangul"
    )
    source = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name


class PackingDictionary(models.Model):
    """A Zstandard dictionary learned from the archive's first sources; never changed or deleted.

    Sources, texts and revisions packed with it name it by id (:mod:`sourcebook.core.packing`);
    they cannot be read without it, so ``sha256`` lets every load check its bytes and
    ``sourcebook check`` report a damaged one (:mod:`sourcebook.archive.compression`).
    """

    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    samples = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"packing dictionary {self.pk} ({len(self.content):,} bytes)"


class Source(models.Model):
    """The exact bytes of an ingested file. Never modified; never deleted with its documents.

    ``data`` holds them packed (:mod:`sourcebook.core.packing`, Zstandard); :meth:`content`
    gives them back byte for byte, and ``sha256`` and ``size`` are those of the exact bytes.
    """

    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=40)
    path = models.TextField()
    size = models.BigIntegerField()
    data = models.BinaryField()
    ingested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.path} ({self.sha256[:12]})"

    @classmethod
    def of(cls, raw: bytes, *, sha256: str, format: str, path: str) -> Source:
        """An unsaved source row for the exact bytes ``raw`` (packed; ``raw`` kept at hand so
        the revisions written with it need not unpack it again)."""
        data = compression.pack(raw)
        source = cls(sha256=sha256, format=format, path=path, size=len(raw), data=data)
        source._raw = bytes(raw)
        return source

    def content(self) -> bytes:
        """The exact bytes of the file as it was ingested."""
        raw = getattr(self, "_raw", None)
        if raw is None:
            raw = self._raw = compression.unpack(self.data)
        return raw

    def verify(self) -> str | None:
        """None if the stored bytes unpack to the recorded size and SHA-256, else what is wrong."""
        try:
            raw = compression.unpack(self.data)
        except packing.PackingError as exc:
            return str(exc)
        if len(raw) != self.size:
            return f"{len(raw):,} bytes stored, {self.size:,} recorded"
        if hashlib.sha256(raw).hexdigest() != self.sha256:
            return "SHA-256 of the stored bytes differs from the recorded one"
        self._raw = raw
        return None


class LiveManager(models.Manager):
    """Documents the public may see: published, not drafts or withdrawn ones.

    The one place that says what "public" means, instead of a filter repeated in every view.
    """

    def get_queryset(self):
        return super().get_queryset().filter(status=Document.PUBLISHED)


# Undated documents last: an expression, not ``nulls_last``, so that an index can hold the order
# (neither SQLite nor an ordinary index orders NULLs last).
UNDATED = ExpressionWrapper(Q(date_earliest__isnull=True), output_field=BooleanField())


class Document(models.Model):
    DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
    STATUSES = [(DRAFT, "draft"), (PUBLISHED, "published"), (WITHDRAWN, "withdrawn")]

    public_id = models.CharField(max_length=200, unique=True)
    title = models.TextField()
    title_lines = models.JSONField(default=list, blank=True)
    date_text = models.CharField(max_length=200, blank=True)
    date_edtf = models.CharField(max_length=100, blank=True, null=True)
    date_earliest = models.DateField(null=True, blank=True, db_index=True)
    date_latest = models.DateField(null=True, blank=True, db_index=True)
    date_approximate = models.BooleanField(default=False)
    doc_type = models.CharField(max_length=200, blank=True, null=True)
    summary = models.TextField(blank=True)
    citation = models.TextField(blank=True)
    permalink = models.URLField(max_length=500, blank=True, null=True)
    archive = models.CharField(max_length=500, blank=True, null=True)
    repository = models.CharField(max_length=500, blank=True, null=True)
    reference = models.CharField(max_length=500, blank=True, null=True)
    locator = models.CharField(max_length=500, blank=True, null=True)
    translators = models.JSONField(default=list, blank=True)
    credits = models.TextField(blank=True)
    funders = models.JSONField(default=list, blank=True)
    original_language = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    contents = models.JSONField(default=list, blank=True)
    suggested = models.JSONField(default=dict, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    agents = models.ManyToManyField(
        Agent, through="DocumentAgent", blank=True, related_name="documents"
    )
    places = models.ManyToManyField(
        Place, through="DocumentPlace", blank=True, related_name="documents"
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="documents")

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Withdrawn; kept as a tombstone"
    )
    status = models.CharField(max_length=20, choices=STATUSES, default=PUBLISHED)
    withdrawn_reason = models.TextField(blank=True)
    # Fields an editor changed by hand: re-ingest leaves them and records a SourceChange.
    protected = models.JSONField(default=list, blank=True)

    objects = models.Manager()
    live = LiveManager()

    class Meta:
        ordering = ["date_earliest", "public_id"]
        base_manager_name = "objects"
        default_manager_name = "objects"
        indexes = [
            # The published documents in DATE_ORDER (the home page, the API's list): a page of
            # them is read from here instead of sorting every document (91 ms at 200,000,
            # then 1 ms). Also the index of the status alone (its first column).
            models.Index(
                "status",
                UNDATED,
                "date_earliest",
                "date_edtf",
                "public_id",
                name="document_status_date_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.title}"

    def get_absolute_url(self) -> str:
        return f"/documents/{self.public_id}/"

    # Mapping to and from the core record --------------------------------------------------

    RECORD_FIELDS = (
        "title",
        "title_lines",
        "doc_type",
        "summary",
        "citation",
        "permalink",
        "archive",
        "repository",
        "reference",
        "locator",
        "translators",
        "credits",
        "funders",
        "original_language",
        "languages",
        "extra",
    )

    def apply_record(self, record: Record) -> None:
        """Copy a record's fields onto this document (texts are stored by the ingest service)."""
        self.public_id = record.id
        for name in self.RECORD_FIELDS:
            setattr(self, name, getattr(record, name))
        self.date_text = record.date.text
        self.date_edtf = record.date.edtf
        self.date_earliest = record.date.earliest
        self.date_latest = record.date.latest
        self.date_approximate = record.date.approximate
        self.contents = [c.to_json() for c in record.contents]
        self.suggested = record.suggested.to_json()

    def to_record(self, *, with_texts: bool = True, bodies: bool = True) -> Record:
        """The document as the framework-free record. ``with_texts=False``: the metadata alone
        (``texts`` empty), for citations and their set downloads, which never read a text and
        must not load a thousand documents' bodies and marks to write a few lines each.
        ``bodies=False``: each text's kind, language and label only (body empty, no marks), for
        Dublin Core, which names the texts' languages and nothing more of them."""
        texts = []
        for text in self.texts.all() if with_texts else ():
            if not bodies:
                texts.append(
                    TextData(kind=text.kind, language=text.language, label=text.label, body="")
                )
                continue
            texts.append(
                TextData(
                    kind=text.kind,
                    language=text.language,
                    label=text.label,
                    body=text.body,
                    annotations=[a.to_data() for a in text.annotations.all()],
                    markup=text.markup,
                    markup_format=text.markup_format,
                )
            )
        return Record(
            id=self.public_id,
            title=self.title,
            title_lines=list(self.title_lines or []),
            date=DateInfo(
                text=self.date_text,
                edtf=self.date_edtf,
                earliest=self.date_earliest,
                latest=self.date_latest,
                approximate=self.date_approximate,
            ),
            doc_type=self.doc_type,
            summary=self.summary,
            citation=self.citation,
            permalink=self.permalink,
            archive=self.archive,
            repository=self.repository,
            reference=self.reference,
            locator=self.locator,
            translators=list(self.translators or []),
            credits=self.credits,
            funders=list(self.funders or []),
            original_language=self.original_language,
            languages=list(self.languages or []),
            contents=[ContentEntry(**c) for c in self.contents or []],
            texts=texts,
            suggested=Suggested(**(self.suggested or {})),
            extra=dict(self.extra or {}),
        )


# Documents in time order: by earliest possible day, then by the date as written in EDTF (which
# carries the time of day when the source gives one), undated documents last on every database.
DATE_ORDER = (UNDATED.asc(), "date_earliest", "date_edtf", "public_id")


class LinkFields(models.Model):
    """How a document came to be linked to an authority, and where the text names it.

    ``link`` says who made the link: the source encoded it (FRUS ``@corresp``), the linker found
    it (``automatic`` at or above the threshold, ``candidate`` below it, for review), or an
    editor ``confirmed`` or ``rejected`` it. Rejected rows are kept so that neither a re-ingest
    nor the linker brings the link back; every public listing leaves them out (:data:`SHOWN`).
    ``mentions`` is a list of ``{"text": i, "start": s, "end": e, "surface": "…"}`` with
    offsets into ``document.texts[i].body``, stored compact (:mod:`.mentionsfield`).

    No index of its own on ``link`` or ``document``: every query that filters on ``link`` also
    names the document or the authority, and the unique index on (document, …) serves lookups
    by document. The two single-column indexes were a sixth of the link tables' size.
    """

    ENCODED, AUTOMATIC, CANDIDATE = "encoded", "automatic", "candidate"
    CONFIRMED, REJECTED = "confirmed", "rejected"
    LINKS = [(k, k) for k in (ENCODED, AUTOMATIC, CANDIDATE, CONFIRMED, REJECTED)]
    SHOWN = (ENCODED, AUTOMATIC, CONFIRMED)  # what pages, facets and the API show
    EDITORIAL = (CONFIRMED, REJECTED)  # decisions no re-ingest or re-link may change

    link = models.CharField(max_length=20, choices=LINKS, default=ENCODED)
    confidence = models.FloatField(default=1.0)
    mentions = MentionsField(default=list, blank=True)
    decided_by = models.CharField(max_length=150, blank=True)

    class Meta:
        abstract = True


class DocumentAgent(LinkFields):
    """A person or organization linked to a document, with the role they play in it."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="agent_links", db_index=False
    )
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="document_links")
    role = models.CharField(max_length=50, blank=True, help_text="sender, recipient, mentioned, …")

    class Meta:
        unique_together = [("document", "agent", "role")]


class DocumentPlace(LinkFields):
    """A place linked to a document (the table Django made for the plain many-to-many before)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="place_links", db_index=False
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="document_links")

    class Meta:
        db_table = "archive_document_places"
        unique_together = [("document", "place")]


class Text(models.Model):
    """A text of a document; ``body`` and ``markup`` are stored compressed, read as ``str``."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20)
    language = models.CharField(max_length=20, blank=True, null=True)
    label = models.CharField(max_length=200, blank=True)
    body = PackedTextField(blank=True)
    markup = PackedTextField(blank=True, null=True)
    markup_format = models.CharField(max_length=20, blank=True, null=True)

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.document.public_id} {self.label or self.kind}"


class Annotation(models.Model):
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="annotations")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(max_length=40, db_index=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    verbatim = models.TextField()
    content = models.TextField(blank=True)
    place = models.CharField(max_length=100, blank=True, null=True)
    target_start = models.PositiveIntegerField(null=True, blank=True)
    target_end = models.PositiveIntegerField(null=True, blank=True)
    attrs = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["text", "position"]

    def to_data(self) -> AnnotationData:
        return AnnotationData(
            type=self.type,
            start=self.start,
            end=self.end,
            text=self.verbatim,
            content=self.content,
            place=self.place,
            target_start=self.target_start,
            target_end=self.target_end,
            attrs=dict(self.attrs or {}),
        )


class Revision(models.Model):
    """One version of a document, as record JSON. The newest is the current state.

    ``snapshot`` is the whole record JSON of the version, packed (:mod:`sourcebook.core.packing`):
    a version that came from a source of at most :data:`BASE_LIMIT` bytes is packed against
    that source's exact bytes (which hold the same texts), any other one on its own. Every
    version is thus a full snapshot that needs no other version to be read: no delta chains.
    :attr:`data` is the record JSON.
    """

    # Sources up to this size serve as the base of their revisions. A larger one (a TEI volume
    # of megabytes holding hundreds of documents) would cost its whole length in compression
    # work per document and its whole unpacking per version read: those revisions stand alone.
    BASE_LIMIT = 256 * 1024

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    snapshot = models.BinaryField()
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    reason = models.CharField(max_length=100, default="ingest")
    # Who made this version: an editor's user name, or "import" for ingest.
    author = models.CharField(max_length=150, default="import")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("document", "version")]
        ordering = ["document", "version"]

    def __init__(self, *args, data: dict | None = None, **kwargs):
        """``Revision(document=…, source=…, data=record_json, …)``: packs ``data``."""
        super().__init__(*args, **kwargs)
        if data is not None:
            self.snapshot = pack_snapshot(data, self._base_source())
            self._data = data

    def _base_source(self) -> Source | None:
        source = self.source
        return source if source is not None and source.size <= self.BASE_LIMIT else None

    @property
    def data(self) -> dict:
        """The record JSON of this version."""
        cached = getattr(self, "_data", None)
        if cached is None:
            base = self.source if packing.needs_base(self.snapshot) else None
            cached = self._data = unpack_snapshot(self.snapshot, base)
        return cached


def pack_snapshot(data: dict, base: Source | None) -> bytes:
    """Record JSON packed, against ``base``'s exact bytes when given."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return compression.pack(text.encode("utf-8"), base.content() if base is not None else None)


def unpack_snapshot(snapshot: bytes, base: Source | None) -> dict:
    if packing.needs_base(snapshot) and base is None:
        raise packing.PackingError("a revision packed against its source has no source")
    return json.loads(compression.unpack(snapshot, base.content() if base is not None else None))


class SourceChange(models.Model):
    """A re-imported source disagrees with a field an editor protected: kept for review.

    ``target`` is ``document``, ``agent`` or ``collection`` and ``target_id`` its primary key,
    so documents and authority records share one review queue. ``resolution`` is empty while
    pending, then ``accepted`` (the source value was applied) or ``dismissed``.
    """

    PENDING, ACCEPTED, DISMISSED = "", "accepted", "dismissed"
    target = models.CharField(max_length=20)
    target_id = models.BigIntegerField()
    field = models.CharField(max_length=100)
    source_value = models.JSONField(null=True)
    current_value = models.JSONField(null=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=20, blank=True, default=PENDING)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["target", "target_id", "resolution"])]


class IndexEvent(models.Model):
    """Outbox row: ``document`` changed (``upsert``) or went away (``delete``).

    Written inside the transaction that changes the document, so the search index can always
    catch up by applying events in ``id`` order; nothing is lost if a process dies after commit.
    """

    UPSERT, DELETE = "upsert", "delete"
    public_id = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=[(UPSERT, "upsert"), (DELETE, "delete")])
    created_at = models.DateTimeField(auto_now_add=True)

    @classmethod
    def upsert_all(cls, public_ids) -> None:
        """Outbox rows for documents whose indexed data changed without a new version of their
        own (an authority's name or variants edited, two authorities merged)."""
        cls.objects.bulk_create(
            [cls(public_id=p, action=cls.UPSERT) for p in dict.fromkeys(public_ids)]
        )

    class Meta:
        ordering = ["id"]
