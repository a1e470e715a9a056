"""Letters from correspondence editions: ``correspDesc``, the letter's own title, the manuscript.

Editions such as the Alfred Escher Briefedition, the Carl-Maria-von-Weber-Gesamtausgabe or
the Van Gogh letters put what a reader looks for first (who wrote to whom, from where, when)
in the header's ``profileDesc/correspDesc``::

    <correspAction type="sent"><persName ref="…">Alfred Escher</persName>
      <placeName>Zürich</placeName><date when="1856-07-14"/></correspAction>
    <correspAction type="received"><orgName>Bundesrat</orgName>
      <placeName>Bern</placeName></correspAction>

and give the file two titles: the edition's (``title[@level='s']``/``'m'``, often first) and
the letter's (``level='a'``). Without this module a letter came in with the edition's title and
no date, sender, recipient or place. Framework-free: called by the TEI reader on single files.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ..dates import parse_bound, parse_date
from ..record import DateInfo, Record
from .flatten import local, plain, ref_id
from .safe_xml import TEI_NS

_NS = {"t": TEI_NS}
# Titles that name the edition, series or journal, not the document (TEI @level / @type).
_EDITION_LEVELS = {"s", "m", "j", "u"}
_EDITION_TYPES = {"series", "sub-series", "edition", "collection", "desc", "sub"}
_SENT = {"sent", "sending", "sender"}
_RECEIVED = {"received", "receiving", "addressee", "recipient", "forwarded", "redirected"}


def _xp(el: etree._Element, xpath: str) -> list:
    return el.xpath(xpath, namespaces=_NS)


def own_title(tei: etree._Element) -> str | None:
    """The document's own title: ``title[@level='a']``, else the first title of the titleStmt
    that is not the edition's (by ``@level``/``@type``, or equal to the ``seriesStmt`` title),
    else the first ``head`` of the body; None when the file names only its edition."""
    titles = _xp(tei, "t:teiHeader/t:fileDesc/t:titleStmt/t:title")
    series = {plain(t) for t in _xp(tei, "t:teiHeader/t:fileDesc/t:seriesStmt/t:title")}
    for t in titles:
        if t.get("level") == "a" and plain(t):
            return plain(t)
    for t in titles:
        text = plain(t)
        if not text or text in series:
            continue
        if t.get("level") in _EDITION_LEVELS or t.get("type") in _EDITION_TYPES:
            continue
        return text
    head = _xp(tei, "t:text/t:body//t:head[normalize-space()][1]")
    return plain(head[0]) if head else None


def edition_title(tei: etree._Element) -> str | None:
    """The edition the file belongs to (kept as ``extra["edition"]``), if the header names it."""
    for t in _xp(tei, "t:teiHeader/t:fileDesc/t:titleStmt/t:title"):
        if (t.get("level") in _EDITION_LEVELS or t.get("type") in _EDITION_TYPES) and plain(t):
            return plain(t)
    series = _xp(tei, "t:teiHeader/t:fileDesc/t:seriesStmt/t:title[normalize-space()]")
    return plain(series[0]) if series else None


def _iso(value: str | None, *, end: bool) -> dt.date | None:
    """``1856``, ``1856-07`` or ``1856-07-14`` (a time after the day is ignored) as its first or
    last day; None for anything else."""
    if not value:
        return None
    try:
        return parse_bound(value.strip()[:10], end=end)
    except ValueError:
        return None


def letter_date(el: etree._Element | None) -> DateInfo:
    """A ``correspAction/date``: ``@when`` (day, month or year), ``@notBefore``/``@notAfter``
    or ``@from``/``@to`` (both: a range; one: an open EDTF interval with no span, since half a
    range cannot be placed on a timeline), else the words if they are a date."""
    if el is None:
        return DateInfo()
    text = plain(el)
    when = el.get("when")
    if when and _iso(when, end=False):
        lo, hi = _iso(when, end=False), _iso(when, end=True)
        return DateInfo(text=text or when, edtf=when.strip()[:10], earliest=lo, latest=hi)
    lo_raw = el.get("notBefore") or el.get("from")
    hi_raw = el.get("notAfter") or el.get("to")
    lo, hi = _iso(lo_raw, end=False), _iso(hi_raw, end=True)
    if lo and hi and lo <= hi:
        edtf = f"{lo_raw.strip()[:10]}/{hi_raw.strip()[:10]}"
        return DateInfo(text=text or edtf, edtf=edtf, earliest=lo, latest=hi)
    if lo and not hi_raw:
        return DateInfo(text=text, edtf=f"{lo_raw.strip()[:10]}/..")
    if hi and not lo_raw:
        return DateInfo(text=text, edtf=f"../{hi_raw.strip()[:10]}")
    if text:
        try:
            return parse_date(text)
        except ValueError:
            pass
    return DateInfo(text=text)


def _party(el: etree._Element) -> dict:
    kind = "organization" if local(el) == "orgName" else "person"
    out = {"name": plain(el), "kind": kind}
    ref = el.get("ref") or el.get("key") or el.get("corresp")
    if ref:
        out["ref"] = ref.split()[0]
    return out


def _action(action: etree._Element) -> dict:
    parties = [_party(p) for p in _xp(action, "t:persName | t:orgName | t:name") if plain(p)]
    places = [plain(p) for p in _xp(action, "t:placeName | t:settlement") if plain(p)]
    date_el = next(iter(_xp(action, "t:date")), None)
    return {
        "parties": parties,
        "place": places[0] if places else None,
        "date": letter_date(date_el),
    }


def correspondence(tei: etree._Element) -> dict | None:
    """``{"sent": {...}, "received": {...}}`` from the first ``correspDesc``, each with
    ``parties`` [{name, kind, ref}], ``place`` and ``date`` (a :class:`DateInfo`); None
    without one."""
    desc = next(iter(_xp(tei, "t:teiHeader/t:profileDesc/t:correspDesc")), None)
    if desc is None:
        return None
    out: dict[str, dict] = {}
    for action in _xp(desc, "t:correspAction"):
        kind = (action.get("type") or "").lower()
        key = "sent" if kind in _SENT else "received" if kind in _RECEIVED else None
        if key and key not in out:
            out[key] = _action(action)
    return out or None


def apply(tei: etree._Element, record: Record) -> None:
    """Put a letter's correspondence, own title and edition on ``record`` (read from ``tei``)."""
    title = own_title(tei)
    if title:
        record.title, record.title_lines = title, [title]
    edition = edition_title(tei)
    if edition and edition != record.title:
        record.extra["edition"] = edition
    corresp = correspondence(tei)
    if corresp is None:
        return
    sent, received = corresp.get("sent") or {}, corresp.get("received") or {}
    date = sent.get("date") or DateInfo()
    if not date.edtf and received.get("date"):
        date = received["date"]
    if date.edtf or date.text:
        record.date = date
    record.doc_type = record.doc_type or "Letter"
    names = {
        key: ", ".join(p["name"] for p in part.get("parties", []))
        for key, part in (("sent", sent), ("received", received))
    }
    record.suggested.sender = names["sent"] or record.suggested.sender
    record.suggested.recipient = names["received"] or record.suggested.recipient
    if sent.get("place"):
        record.extra["place"] = sent["place"]
    record.extra["correspondence"] = {
        key: {
            "parties": part.get("parties", []),
            "place": part.get("place"),
            "date": part["date"].to_json() if _dated(part.get("date")) else None,
        }
        for key, part in (("sent", sent), ("received", received))
        if part
    }
    _add_persons(record, corresp)


def _dated(date: DateInfo | None) -> bool:
    return date is not None and bool(date.edtf or date.text)


def _add_persons(record: Record, corresp: dict) -> None:
    """Correspondents with an in-file id join ``extra["persons"]`` as sender or recipient."""
    persons = {p["id"]: p for p in record.extra.get("persons") or [] if p.get("id")}
    for key, role in (("sent", "sender"), ("received", "recipient")):
        for party in (corresp.get(key) or {}).get("parties", []):
            pid = ref_id(party.get("ref"))
            if party["kind"] != "person" or not pid:
                continue
            entry = persons.setdefault(pid, {"id": pid, "roles": []})
            entry["name"] = party["name"]  # the edition's form, not the signature's
            entry["roles"] = sorted(set(entry.get("roles") or []) | {role})
    if persons:
        record.extra["persons"] = sorted(persons.values(), key=lambda p: p["id"])
