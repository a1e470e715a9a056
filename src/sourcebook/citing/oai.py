"""OAI-PMH 2.0 data provider at ``/oai`` (https://www.openarchives.org/OAI/openarchivesprotocol.html).

Design choices:

* **Datestamps** are ``Document.updated_at`` in UTC, to the second (granularity
  ``YYYY-MM-DDThh:mm:ssZ``). Drafts are invisible (``idDoesNotExist``, never listed).
  Withdrawn documents stay as tombstones and are reported with ``status="deleted"`` and the
  time of withdrawal as datestamp. ``deletedRecord`` is ``transient``, not ``persistent``:
  ``sourcebook purge`` (legal takedowns) removes a record without a trace, so the repository
  cannot promise to report every deletion forever.
* **Resumption tokens** carry a keyset position, never an offset: the last ``(updated_at, id)``
  sent, plus the request's arguments and an ``until`` bound frozen when the list began. Records
  added or changed during a harvest get a newer datestamp than that bound, so they neither shift
  the pages already promised nor appear twice; the next incremental harvest (``from`` = this
  harvest's ``responseDate``) picks them up. Tokens are signed, so a forged or damaged one is a
  ``badResumptionToken``, and they do not expire.
* **Sets** are collections (``setSpec`` = collection slug). With no collections, ``ListSets``
  and ``set=`` answer ``noSetHierarchy``.
* **Metadata formats**: ``oai_dc`` always (:mod:`sourcebook.core.cite.dublin_core`), ``tei``
  whenever a ``tei`` exporter is registered in :mod:`sourcebook.core.formats`.

Settings: ``SOURCEBOOK_OAI_PAGE_SIZE`` (records per page, default 100),
``SOURCEBOOK_OAI_PAGE_CHARS`` (characters of text a ListRecords page holds before it ends
early, default 1,000,000),
``SOURCEBOOK_OAI_REPOSITORY_ID`` (the ``oai:<id>:`` namespace, default the host name of
``SOURCEBOOK_BASE_URL``, else of the request, which ``ALLOWED_HOSTS`` has checked),
``SOURCEBOOK_OAI_REPOSITORY_NAME`` and ``SOURCEBOOK_OAI_ADMIN_EMAIL`` (shown by ``Identify``).
"""

from __future__ import annotations

import datetime as dt
import os
import re

from django.conf import settings
from django.core import signing
from django.db.models import Min, Prefetch, Q
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from sourcebook.archive.models import Collection, Document, Text
from sourcebook.archive.serialize import document_queryset
from sourcebook.core import formats
from sourcebook.core.bounded import text_size
from sourcebook.core.cite import dublin_core
from sourcebook.web.absolute import absolute_url, site_host
from sourcebook.web.downloads import ExportLimitError, export, unavailable
from sourcebook.web.live_count import kept_count

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
TEI = "http://www.tei-c.org/ns/1.0"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_SALT = "sourcebook.oai.resumption"

VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
}


# Published records and the tombstones of withdrawn ones; drafts are never harvested.
HARVESTABLE = (Document.PUBLISHED, Document.WITHDRAWN)
# Purged records vanish without a tombstone, so deletions are not kept forever.
DELETED_RECORD = "transient"


def _harvestable():
    return Document.objects.filter(status__in=HARVESTABLE)


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# Most documents a ListRecords page reads from the database at once (with texts and marks).
READ_AT_ONCE = 16


def page_chars() -> int:
    """Characters of text one ListRecords page holds before it ends early (at least one record
    each): a page of 63 records of 600,000 characters was 47 MB of TEI and 39 s to write."""
    return _count_setting("SOURCEBOOK_OAI_PAGE_CHARS", 1_000_000)


def page_size() -> int:
    return _count_setting("SOURCEBOOK_OAI_PAGE_SIZE", 100)


def _count_setting(name: str, default: int) -> int:
    """A count of at least 1 from Django's settings, else the environment, else ``default``."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, str(default))
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def repository_id(request) -> str:
    configured = getattr(settings, "SOURCEBOOK_OAI_REPOSITORY_ID", None) or os.environ.get(
        "SOURCEBOOK_OAI_REPOSITORY_ID"
    )
    if configured:
        return configured
    return site_host(request)


def oai_identifier(request, public_id: str) -> str:
    return f"oai:{repository_id(request)}:{public_id}"


def _public_id(request, identifier: str) -> str | None:
    prefix = f"oai:{repository_id(request)}:"
    return identifier[len(prefix) :] if identifier.startswith(prefix) else None


# Metadata formats -------------------------------------------------------------------------


def _tei_element(record) -> etree._Element:
    """The TEI of a record, within the export limits (a huge record is written by a child
    process with a time and memory cap); past a limit the record cannot be disseminated."""
    try:
        data = export(formats.exporter("tei"), record)
    except ExportLimitError as exc:
        if exc.kind == "busy":
            raise  # the whole request is a 503 to come back to: never a record left out
        raise OAIError("cannotDisseminateFormat", f"{record.id}: {exc}") from None
    raw = data.encode("utf-8") if isinstance(data, str) else data
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(raw, parser)


def metadata_formats() -> dict[str, dict]:
    out = {
        "oai_dc": {
            "schema": dublin_core.SCHEMA,
            "namespace": dublin_core.OAI_DC,
            "bodies": False,  # the texts' languages only
            "element": lambda request, record: dublin_core.element(
                record, absolute_url(request, "/")
            ),
        }
    }
    if "tei" in formats.export_names():
        out["tei"] = {
            "schema": "https://www.tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd",
            "namespace": TEI,
            "bodies": True,
            "element": lambda request, record: _tei_element(record),
        }
    return out


# Dates --------------------------------------------------------------------------------------

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def datestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(value: str, name: str, *, end: bool) -> tuple[dt.datetime, str]:
    """An OAI ``from``/``until`` value as an aware datetime and its granularity."""
    try:
        if _DAY.match(value):
            day = dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC)
            return (day + dt.timedelta(days=1) if end else day), "day"
        if _SECOND.match(value):
            moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            return (moment + dt.timedelta(seconds=1) if end else moment), "second"
    except ValueError:
        pass
    except OverflowError:  # 9999-12-31 as an exclusive end bound is past datetime.max
        raise OAIError("badArgument", f"{name} is out of the supported range: {value!r}") from None
    raise OAIError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ: {value!r}")


# Requests -----------------------------------------------------------------------------------


def _arguments(request) -> dict[str, str]:
    params = request.POST if request.method == "POST" else request.GET
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        if not verbs:
            raise OAIError("badVerb", "the verb argument is missing")
        if len(verbs) > 1:
            raise OAIError("badVerb", "the verb argument is repeated")
        raise OAIError("badVerb", f"illegal verb {verbs[0]!r}")
    args: dict[str, str] = {}
    for key in params:
        values = params.getlist(key)
        if len(values) > 1:
            raise OAIError("badArgument", f"argument {key!r} is repeated")
        args[key] = values[0]
    verb = args.pop("verb")
    required, optional, exclusive = VERBS[verb]
    allowed = required | optional | ({exclusive} if exclusive else set())
    illegal = sorted(set(args) - allowed)
    if illegal:
        raise OAIError("badArgument", f"illegal argument(s) for {verb}: {', '.join(illegal)}")
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument")
    else:
        missing = sorted(required - set(args))
        if missing:
            raise OAIError("badArgument", f"missing argument(s) for {verb}: {', '.join(missing)}")
    args["verb"] = verb
    return args


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """Arguments are echoed in ``<request>`` and error messages; XML cannot carry control chars."""
    return _NOT_XML.sub("\ufffd", text)


def _envelope(request, args: dict[str, str] | None):
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = datestamp(timezone.now())
    req = etree.SubElement(root, f"{{{OAI}}}request")
    req.text = absolute_url(request, request.path)
    for key, value in sorted((args or {}).items()):
        req.set(_xml_safe(key), _xml_safe(value))
    return root


def _response(root) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _sub(parent, name: str, text: str | None = None, **attrs):
    el = etree.SubElement(parent, f"{{{OAI}}}{name}", **attrs)
    if text is not None:
        el.text = _xml_safe(text)
    return el


@csrf_exempt
def endpoint(request):
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    try:
        args = _arguments(request)
    except OAIError as err:
        root = _envelope(request, None)  # badVerb/badArgument: the request element has no attrs
        _sub(root, "error", err.message, code=err.code)
        return _response(root)
    root = _envelope(request, args)
    try:
        handler = HANDLERS[args["verb"]]
        handler(request, args, root)
    except ExportLimitError as exc:  # busy: OAI-PMH's flow control is 503 with Retry-After
        return unavailable(exc)
    except OAIError as err:
        if err.code in ("badVerb", "badArgument"):
            root = _envelope(request, None)
        else:
            # Keep the request element, drop any partial verb element.
            for child in root[2:]:
                root.remove(child)
        _sub(root, "error", err.message, code=err.code)
    return _response(root)


# Verbs --------------------------------------------------------------------------------------


def identify(request, args, root):
    el = _sub(root, "Identify")
    name = getattr(settings, "SOURCEBOOK_OAI_REPOSITORY_NAME", None) or os.environ.get(
        "SOURCEBOOK_OAI_REPOSITORY_NAME", "Sourcebook"
    )
    email = getattr(settings, "SOURCEBOOK_OAI_ADMIN_EMAIL", None) or os.environ.get(
        "SOURCEBOOK_OAI_ADMIN_EMAIL", f"admin@{repository_id(request)}"
    )
    earliest = _harvestable().aggregate(m=Min("updated_at"))["m"] or timezone.now()
    _sub(el, "repositoryName", name)
    _sub(el, "baseURL", absolute_url(request, request.path))
    _sub(el, "protocolVersion", "2.0")
    _sub(el, "adminEmail", email)
    _sub(el, "earliestDatestamp", datestamp(earliest))
    _sub(el, "deletedRecord", DELETED_RECORD)
    _sub(el, "granularity", GRANULARITY)
    desc = _sub(el, "description")
    ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    ident = etree.SubElement(desc, f"{{{ns}}}oai-identifier", nsmap={None: ns})
    ident.set(
        f"{{{XSI}}}schemaLocation", f"{ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
    )
    etree.SubElement(ident, f"{{{ns}}}scheme").text = "oai"
    etree.SubElement(ident, f"{{{ns}}}repositoryIdentifier").text = repository_id(request)
    etree.SubElement(ident, f"{{{ns}}}delimiter").text = ":"
    etree.SubElement(ident, f"{{{ns}}}sampleIdentifier").text = oai_identifier(request, "208190")


def list_metadata_formats(request, args, root):
    if "identifier" in args:
        public_id = _public_id(request, args["identifier"])
        if public_id is None or not _harvestable().filter(public_id=public_id).exists():
            raise OAIError("idDoesNotExist", f"no record {args['identifier']!r}")
    available = metadata_formats()
    if not available:  # pragma: no cover - oai_dc is always there
        raise OAIError("noMetadataFormats", "no metadata formats for this item")
    el = _sub(root, "ListMetadataFormats")
    for prefix, info in available.items():
        fmt = _sub(el, "metadataFormat")
        _sub(fmt, "metadataPrefix", prefix)
        _sub(fmt, "schema", info["schema"])
        _sub(fmt, "metadataNamespace", info["namespace"])


def _collections():
    return Collection.objects.order_by("slug")


def list_sets(request, args, root):
    if "resumptionToken" in args:
        raise OAIError("badResumptionToken", "ListSets is never split; this token is not ours")
    sets = list(_collections())
    if not sets:
        raise OAIError("noSetHierarchy", "this repository has no sets")
    el = _sub(root, "ListSets")
    for collection in sets:
        s = _sub(el, "set")
        _sub(s, "setSpec", collection.slug)
        _sub(s, "setName", collection.name)
        if collection.description:
            desc = _sub(s, "setDescription")
            dc = dublin_core.OAI_DC
            d = etree.SubElement(
                desc, f"{{{dc}}}dc", nsmap={"oai_dc": dc, "dc": dublin_core.DC, "xsi": XSI}
            )
            d.set(f"{{{XSI}}}schemaLocation", f"{dc} {dublin_core.SCHEMA}")
            etree.SubElement(d, f"{{{dublin_core.DC}}}description").text = collection.description


def _header(request, parent, doc: Document):
    header = _sub(parent, "header")
    if doc.status == Document.WITHDRAWN:
        header.set("status", "deleted")
    _sub(header, "identifier", oai_identifier(request, doc.public_id))
    _sub(header, "datestamp", datestamp(doc.updated_at))
    if doc.collection_id:
        _sub(header, "setSpec", doc.collection.slug)
    return header


def _record(request, parent, doc: Document, prefix: str) -> int:
    """The record of ``doc`` in ``parent``; returns the characters of text it holds."""
    rec = _sub(parent, "record")
    _header(request, rec, doc)
    if doc.status == Document.WITHDRAWN:
        return 0
    meta = metadata_formats()[prefix]
    record = doc.to_record(bodies=meta["bodies"])
    _sub(rec, "metadata").append(meta["element"](request, record))
    return text_size(record)


def _listed_record(request, parent, doc: Document, prefix: str) -> int:
    """A record of a ListRecords page, and the characters of text it held; one that cannot be
    disseminated is left out.

    Why not fail the page: a harvester cannot skip a page, so one record past the export limits
    would stop every harvest at that point for good. The record stays in ListIdentifiers, and
    GetRecord answers ``cannotDisseminateFormat`` with the reason; the page says so in a comment.
    """
    try:
        return _record(request, parent, doc, prefix)
    except OAIError as exc:
        parent.remove(parent[-1])  # the record element begun for it
        note = f" record {doc.public_id} left out: {exc.message} ".replace("--", "- -")
        parent.append(etree.Comment(note))
        return 0


def _check_prefix(prefix: str) -> None:
    if prefix not in metadata_formats():
        known = ", ".join(metadata_formats())
        raise OAIError("cannotDisseminateFormat", f"unknown metadataPrefix {prefix!r} ({known})")


def get_record(request, args, root):
    _check_prefix(args["metadataPrefix"])
    public_id = _public_id(request, args["identifier"])
    docs = document_queryset().filter(status__in=HARVESTABLE)
    doc = docs.filter(public_id=public_id).first() if public_id is not None else None
    if doc is None:
        raise OAIError("idDoesNotExist", f"no record {args['identifier']!r}")
    _record(request, _sub(root, "GetRecord"), doc, args["metadataPrefix"])


def _list_state(args) -> dict:
    """The harvest state from the arguments or from a resumption token."""
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=TOKEN_SALT)
            state["after"] = (dt.datetime.fromisoformat(state["after"][0]), int(state["after"][1]))
            state["until"] = dt.datetime.fromisoformat(state["until"])
            if state.get("from"):
                state["from"] = dt.datetime.fromisoformat(state["from"])
        except (signing.BadSignature, KeyError, ValueError, TypeError, IndexError):
            raise OAIError("badResumptionToken", "the resumptionToken is invalid") from None
        if state.get("verb") != args["verb"]:
            raise OAIError("badResumptionToken", "the resumptionToken belongs to another verb")
        return state
    _check_prefix(args["metadataPrefix"])
    start = until = None
    grains = []
    if "from" in args:
        start, g = _parse_stamp(args["from"], "from", end=False)
        grains.append(g)
    if "until" in args:
        until, g = _parse_stamp(args["until"], "until", end=True)
        grains.append(g)
    if len(set(grains)) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity")
    if start and until and until <= start:
        raise OAIError("badArgument", "from is later than until")
    if "set" in args:
        if not _collections().exists():
            raise OAIError("noSetHierarchy", "this repository has no sets")
    # Freeze the upper bound: what is added during the harvest waits for the next one.
    now = timezone.now()
    until = min(until, now) if until else now
    return {
        "verb": args["verb"],
        "prefix": args["metadataPrefix"],
        "set": args.get("set"),
        "from": start,
        "until": until,
        "after": None,
        "cursor": 0,
        "total": None,
    }


def _page(docs, after: tuple | None, size: int):
    """The next ``size`` of ``docs`` after the keyset position ``after`` (datestamp, id): their
    keys, and the position after the page (None when no record follows it).

    Why ``updated_at >= stamp`` beside the exact condition, and the ids first: the index on
    ``updated_at`` (with the row id after it) gives the harvest's order, but only a plain range
    lets the database seek to the position; behind an OR it read the index from the harvest's
    start on every page. And the records were read as ``id IN (every matching id)``, sorted,
    then cut to a page: 275 ms a page at 200,000 documents, a harvest quadratic in the
    archive (``bench/RESULTS.md``). Now a page reads its own rows. A record purged between the
    two reads is left out, and the position still comes from the ids read.
    """
    if after:
        stamp, pk = after
        docs = docs.filter(updated_at__gte=stamp).filter(
            Q(updated_at__gt=stamp) | Q(updated_at=stamp, id__gt=pk)
        )
    ordered = docs.order_by("updated_at", "id")
    keys = list(ordered.values_list("updated_at", "id")[: size + 1])
    position = keys[size - 1] if len(keys) > size else None
    return keys[:size], position


def _rows(keys: list[tuple], bodies: bool | None):
    """The documents of ``keys`` in their order (a record purged meanwhile is left out).

    ``bodies`` None (headers only): the rows alone, in one read. False (Dublin Core): with
    their texts' languages, in reads of :data:`READ_AT_ONCE`. True (TEI): with texts and marks,
    in reads of 1, 2, 4… up to :data:`READ_AT_ONCE`: a page of long records ends after a record
    or two (:func:`page_chars`), so neither is a page held whole nor are many records read that
    the page will not hold."""
    if bodies is None:
        query, step = Document.objects.all(), len(keys) or 1
    elif bodies:
        query, step = document_queryset(), 1
    else:
        light = Text.objects.only("id", "document_id", "position", "kind", "language", "label")
        query, step = Document.objects.prefetch_related(Prefetch("texts", light)), READ_AT_ONCE
    k = 0
    while k < len(keys):
        ids = [pk for _, pk in keys[k : k + step]]
        found = query.select_related("collection").order_by().in_bulk(ids)
        yield from (found[pk] for pk in ids if pk in found)
        k += step
        step = min(step * 2, READ_AT_ONCE) if bodies else step


def _list(request, args, root, *, with_metadata: bool):
    state = _list_state(args)
    if state["prefix"] not in metadata_formats():
        raise OAIError("badResumptionToken", "the token's metadata format is no longer offered")
    docs = _harvestable().filter(updated_at__lt=state["until"])
    if state["from"]:
        docs = docs.filter(updated_at__gte=state["from"])
    if state["set"]:
        docs = docs.filter(collection__slug=state["set"])
    total = state["total"]
    if total is None:  # a harvest's first request: counted once per state of the archive
        total = kept_count(("oai", state["set"], state["from"], args.get("until")), docs)
    keys, position = _page(docs, state["after"], page_size())
    if not keys and position is None and state["after"] is None:
        raise OAIError("noRecordsMatch", "no records match these arguments")
    el = _sub(root, args["verb"])
    budget, listed = page_chars(), 0
    bodies = metadata_formats()[state["prefix"]]["bodies"] if with_metadata else None
    for doc in _rows(keys, bodies):
        listed += 1
        if not with_metadata:
            _header(request, el, doc)
            continue
        budget -= _listed_record(request, el, doc, state["prefix"])
        if budget <= 0 and (doc.updated_at, doc.pk) != keys[-1]:
            position = (doc.updated_at, doc.pk)  # the page is full: the rest on the next one
            break
    if state["after"] is not None or position is not None:
        token = _sub(el, "resumptionToken", completeListSize=str(max(total, 1)))
        token.set("cursor", str(state["cursor"]))
        if position is not None:
            token.text = signing.dumps(
                {
                    "verb": state["verb"],
                    "prefix": state["prefix"],
                    "set": state["set"],
                    "from": state["from"].isoformat() if state["from"] else None,
                    "until": state["until"].isoformat(),
                    "after": [position[0].isoformat(), position[1]],
                    "cursor": state["cursor"] + listed,
                    "total": total,
                },
                salt=TOKEN_SALT,
                compress=True,
            )


def list_identifiers(request, args, root):
    _list(request, args, root, with_metadata=False)


def list_records(request, args, root):
    _list(request, args, root, with_metadata=True)


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}

__all__ = ["endpoint"]
