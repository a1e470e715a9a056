"""TEI sources to records: whole FRUS volumes, single TEI documents, our own TEI exports.

Why one reader for all TEI: ``sourcebook ingest`` sniffs any XML file and hands it here. A file
with ``div[@type='document']`` is a documentary edition (FRUS and editions encoded like it): one
record per document div, the volume as the collection, its persons and terms lists as
authorities. A ``teiCorpus`` is read member by member (our collection export). Any other TEI
file is one record. Everything goes through :mod:`.safe_xml`, so hostile XML never gets here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from lxml import etree

from ..cite.published import volume_data
from ..dates import parse_date
from ..errors import RecordError
from ..formats import ParsedSource
from ..record import DateInfo, Record, Text
from ..recordtext import slugify
from ..titles import suggest
from . import letters
from .flatten import T, flatten, local, norm, plain, ref_id
from .safe_xml import TEI_NS, XML_NS, parse_tei

FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XID = f"{{{XML_NS}}}id"
PERMALINK = "https://history.state.gov/historicaldocuments/{volume}/{doc}"

CLASSIFICATIONS = (
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
    "Restricted",
    "Eyes Only",
    "No classification marking",
)
_CLASSIFICATION = re.compile(
    r"^(?:" + "|".join(re.escape(c) for c in CLASSIFICATIONS) + r")\b[^.]*\.?", re.I
)


_NS = {"t": TEI_NS, "frus": FRUS_NS}


def _xp(el: etree._Element, xpath: str) -> list:
    return el.xpath(xpath, namespaces=_NS)


def _first(el: etree._Element, xpath: str) -> etree._Element | None:
    found = el.xpath(xpath, namespaces=_NS)
    return found[0] if found else None


# Source notes --------------------------------------------------------------------------------


# A file series and its file number without a comma between: "Central Files 793.551/2-2261",
# "State–JCS Meetings: Lot 61 D 417".
_FILES_THEN_NUMBER = re.compile(r"^(.*\bFiles)(?::\s*|\s+)(\S*\d.*)$|^(.+?):\s*(Lot\s+\d.*)$")


def _unbracketed(text: str) -> str:
    """A note the editors bracketed whole ("[Source: Department of State, INR–NIE Files.
    Secret.]"), without its brackets: else "[Source: Department of State" became the archive."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        return text[1:-1]
    return text


def parse_source_note(text: str) -> dict[str, str | None]:
    """``Source: Department of State, Central Files, 793.00/1-355. Secret; Priority.`` parsed.

    The first sentence is the citation of the archival original: its first comma part is the
    archive, trailing parts with a digit are the file reference, the rest the repository
    (series, files, lot). A following sentence that starts with a security classification
    (Secret, Top Secret, Confidential, Official Use Only…) is the classification, with any
    handling words after it (``Secret; Priority``).
    """
    body = re.sub(r"^\s*Source:\s*", "", _unbracketed(norm(text))).strip()
    out: dict[str, str | None] = {
        "text": norm(text).strip(),
        "archive": None,
        "repository": None,
        "reference": None,
        "classification": None,
    }
    # Split off the citation: the first ". " followed by a capital that is not an abbreviation.
    m = re.search(r"(?<!\bNo)(?<!\bp)(?<!\bpp)(?<![A-Z])\.\s+(?=[A-Z(])", body)
    citation, rest = (body[: m.start()], body[m.end() :]) if m else (body.rstrip("."), "")
    parts = [p.strip() for p in re.split(r",\s+", citation) if p.strip()]
    if parts:
        out["archive"] = parts[0]
        ref: list[str] = []
        while len(parts) > 1 and re.search(r"\d", parts[-1]):
            ref.insert(0, parts.pop())
        if len(parts) == 1 and ref:  # "Central Files 793.551/2-2261": no comma before the file
            series = _FILES_THEN_NUMBER.match(ref[0])
            if series:
                parts.append(series.group(1) or series.group(3))
                ref[0] = series.group(2) or series.group(4)
        out["reference"] = ", ".join(ref) or None
        out["repository"] = ", ".join(parts[1:]) or None
    c = _CLASSIFICATION.match(rest.strip())
    if c:
        out["classification"] = c.group(0).strip().rstrip(".")
    return out


# Dates ------------------------------------------------------------------------------------------


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_info(
    date_el: etree._Element | None,
    *,
    range_min: str | None = None,
    range_max: str | None = None,
    volume_span: tuple[dt.date, dt.date] | None = None,
) -> DateInfo:
    """The dateline ``date`` (``@when``, ``@notBefore``/``@notAfter``, ``@from``/``@to``, or its
    words), else FRUS's ``doc-dateTime-min/max`` range.

    A range that is just the volume's own span (``volume_span``, from the header's content
    date) is no date: FRUS gives it to undated editorial notes, and taking it as theirs would
    sort them among dated documents and let every range search in the volume find them.
    """
    text = plain(date_el) if date_el is not None else ""
    if date_el is not None:
        when = date_el.get("when")
        if when and _day(when):
            day = _day(when)
            return DateInfo(text=text or day.isoformat(), edtf=when, earliest=day, latest=day)
        lo = date_el.get("notBefore") or date_el.get("from")
        hi = date_el.get("notAfter") or date_el.get("to")
        if lo and hi and _day(lo) and _day(hi):
            a, b = _day(lo), _day(hi)
            try:  # the words may say more than the range ("c. 1957" is approximate)
                written = parse_date(text)
                if (written.earliest, written.latest) == (a, b):
                    return written
            except ValueError:
                pass
            edtf = a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"
            return DateInfo(text=text, edtf=edtf, earliest=a, latest=b)
        if text:
            try:
                return parse_date(text)
            except ValueError:
                pass
    if range_min and range_max and _day(range_min) and _day(range_max):
        a, b = _day(range_min), _day(range_max)
        if volume_span is not None and (a, b) == volume_span and a != b:
            return DateInfo(text=text)
        if a == b:
            return DateInfo(
                text=text, edtf=range_min if text else a.isoformat(), earliest=a, latest=b
            )
        return DateInfo(text=text, edtf=f"{a.isoformat()}/{b.isoformat()}", earliest=a, latest=b)
    return DateInfo(text=text)


# Volume-level reading ---------------------------------------------------------------------------


def _header(root: etree._Element) -> dict:
    titles = {
        t.get("type") or "main": plain(t) for t in _xp(root, "t:teiHeader//t:titleStmt/t:title")
    }
    editors = [
        {"name": plain(e), "role": e.get("role") or ""}
        for e in _xp(root, "t:teiHeader//t:titleStmt/t:editor")
    ]
    pub = _first(root, "t:teiHeader//t:publicationStmt")
    pub_date = ""
    publisher = pub_place = ""
    if pub is not None:
        d = _first(pub, "t:date[@type='publication-date']")
        if d is None:
            d = _first(pub, "t:date")
        pub_date = plain(d) if d is not None else ""
        p = _first(pub, "t:publisher")
        publisher = plain(p) if p is not None else ""
        pp = _first(pub, "t:pubPlace")
        pub_place = plain(pp) if pp is not None else ""
    title = titles.get("complete") or titles.get("main") or next(iter(titles.values()), "")
    return {
        "title": title,
        "titles": titles,
        "editors": editors,
        "publisher": publisher,
        "pub_place": pub_place,
        "publication_date": pub_date,
    }


def _volume_span(root: etree._Element) -> tuple[dt.date, dt.date] | None:
    """The first and last day the volume's documents cover (``date[@type='content-date']``)."""
    el = _first(root, "t:teiHeader//t:publicationStmt/t:date[@type='content-date']")
    if el is None:
        return None
    lo, hi = _day(el.get("notBefore") or ""), _day(el.get("notAfter") or "")
    return (lo, hi) if lo and hi else None


def _volume_id(root: etree._Element, path: str | None) -> str:
    idno = _first(root, "t:teiHeader//t:publicationStmt/t:idno[@type='frus']")
    if idno is not None and plain(idno):
        return plain(idno)
    if root.get(XID):
        return root.get(XID)
    if path:
        return slugify(PurePath(path).stem.removesuffix(".tei"))
    raise RecordError("the TEI volume has no id (xml:id on <TEI> or an idno)")


def _list_entries(root: etree._Element, tag: str) -> list[dict]:
    """Persons (``persName[@xml:id]``) or terms (``term[@xml:id]``) of the front matter lists."""
    out = []
    for el in _xp(root, f"t:text/t:front//t:item[.//t:{tag}[@xml:id]]"):
        entry = _first(el, f".//t:{tag}[@xml:id]")
        name = plain(entry)
        full = plain(el)
        desc = full[len(name) :].lstrip(" ,").strip() if full.startswith(name) else full
        item = {"id": entry.get(XID), "name": name.rstrip(","), "description": desc}
        see = _first(el, f".//t:{tag}[@corresp]")
        if see is not None and re.match(r"^see\b", desc, re.I):
            item["see"] = ref_id(see.get("corresp"))
        out.append(item)
    return out


def _front_matter(root: etree._Element) -> dict:
    out = {}
    for div in _xp(root, "t:text/t:front/t:div[@xml:id]"):
        key = div.get(XID)
        if key in ("persons", "terms", "toc"):
            continue
        head = _first(div, "t:head")
        out[key] = {
            "title": plain(head) if head is not None else key,
            "text": "\n\n".join(plain(p) for p in _xp(div, ".//t:p") if plain(p))[:20000],
        }
    tp = _first(root, "t:text/t:front/t:titlePage")
    if tp is not None:
        out["title-page"] = {"title": "Title page", "text": plain(tp)}
    return out


def _container(div: etree._Element, kind: str) -> etree._Element | None:
    for anc in div.iterancestors(f"{T}div"):
        if anc.get("type") == kind:
            return anc
    return None


def _doc_type(title_text: str, subtype: str | None) -> str | None:
    if subtype == "editorial-note" or re.match(r"^\d+\.\s*Editorial Note", title_text):
        return "Editorial Note"
    bare = re.sub(r"^\d+[a-z]?\.\s*", "", title_text)
    s = suggest(bare)
    if s.doc_type:
        return s.doc_type
    m = re.match(r"^([A-Z][\w’'-]*(?:\s+(?:of|from|to|by|on|for|the|[A-Z][\w’'-]*)){0,5})", bare)
    if m:
        words = re.split(r"\s+(?:From|to|Between|by|of the|for the|Prepared)\b", m.group(1))[0]
        return words.strip() or None
    return None


def _surname_index(persons: dict[str, dict]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for pid, person in persons.items():
        if person.get("see"):
            continue
        name = re.sub(r"\([^)]*\)", "", person.get("name") or "")
        key = (name.split(",")[0] if "," in name else name.split(" ")[0]).strip().lower()
        if key:
            index.setdefault(key, []).append(pid)
    return index


def _unlinked(names: dict[str, int], persons: dict[str, dict]) -> list[dict]:
    """``persName`` without ``@corresp``: kept with the list entries they could be, never
    linked by guess (bare "Rhee" is Syngman or Francesca Rhee in the same volume)."""
    if not names:
        return []
    index = _surname_index(persons)
    out = []
    for name, count in sorted(names.items()):
        words = name.replace(".", " ").split()
        keys = {words[0].lower(), words[-1].lower()} if words else set()
        candidates = sorted({pid for k in keys for pid in index.get(k, [])})
        out.append({"name": name, "count": count, "candidates": candidates[:6]})
    return out


def read_document(
    div: etree._Element,
    *,
    volume: str | None,
    record_id: str,
    collection: dict | None,
    persons: dict[str, dict],
    sequence: int | None = None,
    volume_span: tuple[dt.date, dt.date] | None = None,
) -> Record:
    """One ``div[@type='document']`` as a record (the shape every document of a volume takes)."""
    xml_id = div.get(XID)
    head = _first(div, "t:head")
    title = plain(head) if head is not None else (div.get("n") or record_id)
    source_note = None
    head_persons: dict[str, set[str]] = {}
    if head is not None:
        notes = _xp(head, "t:note")
        if notes:
            source_note = notes[0]
        for p in _xp(head, ".//t:persName"):
            pid = ref_id(p.get("corresp"))
            if not pid:
                continue
            role = {"from": "sender", "to": "recipient"}.get(p.get("type") or "", "mentioned")
            head_persons.setdefault(pid, set()).add(role)
    dateline = _first(div, "t:opener/t:dateline | t:dateline")
    date_el = _first(dateline, ".//t:date") if dateline is not None else None
    date = date_info(
        date_el,
        range_min=div.get(f"{{{FRUS_NS}}}doc-dateTime-min"),
        range_max=div.get(f"{{{FRUS_NS}}}doc-dateTime-max"),
        volume_span=volume_span,
    )
    place_el = _first(dateline, ".//t:placeName") if dateline is not None else None
    place = plain(place_el) if place_el is not None else None

    flat = flatten(div, skip={head} if head is not None else None)
    # Notes inside the head other than the source note (rare) are kept at the start.
    roles: dict[str, set[str]] = {}
    for pid, r in head_persons.items():
        roles.setdefault(pid, set()).update(r)
    for pid, r in flat.persons.items():
        roles.setdefault(pid, set()).update(r)
    if source_note is not None:
        for p in _xp(source_note, ".//t:persName"):
            pid = ref_id(p.get("corresp"))
            if pid:
                roles.setdefault(pid, set()).add("mentioned")
    names = dict(flat.person_names)
    person_list = [
        {
            "id": pid,
            "name": (persons.get(pid) or {}).get("name") or names.get(pid, pid),
            "roles": sorted(r),
        }
        for pid, r in sorted(roles.items())
    ]
    terms = list(flat.terms)
    if head is not None:
        for g in _xp(head, ".//t:gloss[@target]"):
            tid = ref_id(g.get("target"))
            if tid and tid not in terms:
                terms.insert(0, tid)

    unlinked = _unlinked(flat.unlinked, persons)
    source = parse_source_note(plain(source_note)) if source_note is not None else {}
    extra: dict = {
        "format": "tei",
        "xml_id": xml_id,
        "number": div.get("n"),
        "subtype": div.get("subtype"),
        "place": place,
        "persons": person_list,
        "terms": terms,
        "unlinked_persons": unlinked,
    }
    if source_note is not None:
        extra["source_note"] = source.get("text")
        extra["classification"] = source.get("classification")
    if sequence is not None:
        extra["sequence"] = sequence
    if volume:
        extra["volume"] = volume
    if collection:
        extra["volume_title"] = collection.get("title")
        extra["published_in"] = volume_data(collection, div.get("n"))
        chapter = _container(div, "chapter")
        if chapter is not None:
            ch_head = _first(chapter, "t:head")
            extra["chapter"] = {
                "id": chapter.get(XID),
                "title": plain(ch_head) if ch_head is not None else "",
            }
        comp = _container(div, "compilation")
        if comp is not None:
            c_head = _first(comp, "t:head")
            extra["compilation"] = {
                "id": comp.get(XID),
                "title": plain(c_head) if c_head is not None else "",
            }
    extra = {k: v for k, v in extra.items() if v not in (None, "", [])}

    citation = ""
    permalink = None
    if volume and collection and xml_id:
        citation = f"{collection.get('title')}, Document {div.get('n') or xml_id}"
        if volume.startswith("frus"):
            permalink = PERMALINK.format(volume=volume, doc=xml_id)
    markup = etree.tostring(div, encoding="unicode", with_tail=False)
    return Record(
        id=record_id,
        title=title,
        title_lines=[title],
        date=date,
        doc_type=_doc_type(title, div.get("subtype")),
        citation=citation,
        permalink=permalink,
        archive=source.get("archive"),
        repository=source.get("repository"),
        reference=source.get("reference"),
        original_language="English",
        languages=["en"],
        texts=[
            Text(
                kind="transcript",
                language="en",
                label="Document",
                body=flat.body,
                annotations=flat.annotations,
                markup=markup,
                markup_format="tei",
            )
        ],
        suggested=suggest(re.sub(r"^\d+[a-z]?\.\s*", "", title)),
        extra=extra,
    )


def read_volume(root: etree._Element, path: str | None) -> ParsedSource:
    """A documentary edition volume: collection, authorities and one record per document."""
    volume = _volume_id(root, path)
    header = _header(root)
    persons = _list_entries(root, "persName")
    terms = _list_entries(root, "term")
    by_id = {p["id"]: p for p in persons}
    docs = _xp(root, "t:text/t:body//t:div[@type='document']")
    collection = {
        "id": volume,
        **header,
        "front_matter": _front_matter(root),
        "chapters": [],
        "permalink": f"https://history.state.gov/historicaldocuments/{volume}"
        if volume.startswith("frus")
        else None,
    }
    chapters: dict[str, dict] = {}
    records = []
    span = _volume_span(root)
    for seq, div in enumerate(docs, start=1):
        xml_id = div.get(XID)
        if not xml_id:
            raise RecordError("a document div has no xml:id", path=path, line=div.sourceline)
        record = read_document(
            div,
            volume=volume,
            record_id=f"{volume}-{xml_id}",
            collection=collection,
            persons=by_id,
            sequence=seq,
            volume_span=span,
        )
        records.append(record)
        ch = record.extra.get("chapter") or {"id": "", "title": ""}
        entry = chapters.get(ch["id"])
        if entry is None:
            entry = chapters[ch["id"]] = {"id": ch["id"], "title": ch["title"], "documents": []}
            collection["chapters"].append(entry)
        entry["documents"].append(record.id)
    return ParsedSource(
        format="tei-frus" if volume.startswith("frus") else "tei-edition",
        records=records,
        collection=collection,
        authorities={"persons": persons, "terms": terms},
    )


# Single TEI documents (including our own export) ---------------------------------------------


def _persons_from_header(tei: etree._Element) -> dict[str, dict]:
    out = {}
    for person in _xp(tei, "t:teiHeader//t:listPerson/t:person[@xml:id]"):
        name = _first(person, "t:persName")
        note = _first(person, "t:note")
        out[person.get(XID)] = {
            "id": person.get(XID),
            "name": plain(name) if name is not None else person.get(XID),
            "description": plain(note) if note is not None else "",
        }
    return out


def read_single(tei: etree._Element, path: str | None) -> Record:
    """One ``TEI`` element as one record: header metadata, body as the text."""
    idno = _first(tei, "t:teiHeader//t:publicationStmt/t:idno[@type='sourcebook']")
    record_id = plain(idno) if idno is not None else (tei.get(XID) or "")
    if not record_id and path:
        record_id = slugify(PurePath(path).stem.removesuffix(".tei"))
    if not record_id:
        raise RecordError("the TEI document has no id (xml:id on <TEI> or an idno)")
    persons = _persons_from_header(tei)
    doc_div = _first(tei, "t:text/t:body//t:div[@type='document']")
    own = letters.own_title(tei)
    if doc_div is not None:
        record = read_document(
            doc_div, volume=None, record_id=record_id, collection=None, persons=persons
        )
        flat_named: list[dict] = []
    else:
        body = _first(tei, "t:text/t:body")
        if body is None:
            raise RecordError("the TEI document has no <text><body>", line=tei.sourceline)
        title = own or record_id
        text_divs = _xp(body, "t:div[@type]") if idno is not None else []
        if text_divs and len(text_divs) == len(body):
            # Our own export of plain texts: one div per text, apparatus back in brackets.
            texts = [_export_text(div) for div in text_divs]
            flat_persons: dict[str, set[str]] = {}
            names: dict[str, str] = {}
            flat_named = []
        else:
            flat = flatten(body, language=None)
            texts = [
                Text(
                    kind="transcript",
                    language=None,
                    label="Text",
                    body=flat.body,
                    annotations=flat.annotations,
                    markup=etree.tostring(body, encoding="unicode", with_tail=False),
                    markup_format="tei",
                )
            ]
            flat_persons, names = flat.persons, flat.person_names
            flat_named = flat.named
        record = Record(
            id=record_id,
            title=title,
            title_lines=[title],
            texts=texts,
            extra={
                "format": "tei",
                "persons": [
                    {
                        "id": pid,
                        "name": persons.get(pid, {}).get("name") or names.get(pid),
                        "roles": sorted(r),
                    }
                    for pid, r in sorted(flat_persons.items())
                ],
            },
        )
    if own:
        record.title = own
        record.title_lines = [record.title]
    _apply_header(tei, record)
    letters.apply(tei, record)
    _keep_names(record, flat_named)
    return record


def _keep_names(record: Record, named: list[dict]) -> None:
    """Places and organizations the text names (``placeName``, ``orgName``), kept as written
    with their ``@ref``: ``extra["places"]`` and ``extra["organizations"]``."""
    for kind, key in (("place", "places"), ("organization", "organizations")):
        found = [{k: v for k, v in n.items() if k != "kind"} for n in named if n["kind"] == kind]
        if found:
            record.extra[key] = found


def _export_text(div: etree._Element) -> Text:
    head = _first(div, "t:head")
    language = div.get(f"{{{XML_NS}}}lang")
    flat = flatten(div, skip={head} if head is not None else None, brackets=True, language=language)
    return Text(
        kind=div.get("type") or "transcript",
        language=language,
        label=plain(head) if head is not None else "",
        body=flat.body,
        annotations=flat.annotations,
    )


def _apply_header(tei: etree._Element, record: Record) -> None:
    """What our exporter writes in the header, read back (and what other TEI files share)."""
    creation_date = _first(tei, "t:teiHeader/t:profileDesc/t:creation/t:date")
    if creation_date is not None and not record.date.edtf:
        record.date = date_info(creation_date)
    place = _first(tei, "t:teiHeader/t:profileDesc/t:creation/t:placeName")
    if place is not None and not record.extra.get("place"):
        record.extra["place"] = plain(place)
    ms = _first(tei, "t:teiHeader//t:sourceDesc/t:msDesc/t:msIdentifier")
    if ms is not None:
        _manuscript(ms, record)
    bibl = _first(tei, "t:teiHeader//t:sourceDesc/t:bibl[@type='citation']")
    if bibl is not None:
        record.citation = plain(bibl)
    uri = _first(tei, "t:teiHeader//t:publicationStmt/t:idno[@type='URI']")
    if uri is not None:
        record.permalink = plain(uri)
    kept = _first(tei, "t:teiHeader//t:publicationStmt/t:idno[@type='permalink-text']")
    if kept is not None and plain(kept):  # written by Sourcebook: a link kept as text
        record.extra["permalink_text"] = plain(kept)
    langs = [lang.get("ident") for lang in _xp(tei, "t:teiHeader//t:langUsage/t:language")]
    if langs:
        record.languages = [x for x in langs if x]
    translators = _xp(tei, "t:teiHeader//t:titleStmt/t:respStmt[t:resp='translated by']/t:name")
    if translators:
        record.translators = [plain(n) for n in translators]
    funders = _xp(tei, "t:teiHeader//t:titleStmt/t:funder")
    if funders:
        record.funders = [plain(f) for f in funders]
    for note in _xp(tei, "t:teiHeader//t:notesStmt/t:note[@type]"):
        kind = note.get("type")
        if kind == "summary":
            record.summary = plain(note)
        elif kind == "credits":
            record.credits = plain(note)
        elif kind == "source":
            record.extra.setdefault("source_note", plain(note))
        elif kind == "classification":
            record.extra.setdefault("classification", plain(note))
    vol = _first(tei, "t:teiHeader//t:sourceDesc/t:bibl[@type='volume']")
    if vol is not None:
        idno = _first(vol, "t:idno")
        title = _first(vol, "t:title")
        if idno is not None:
            record.extra.setdefault("volume", plain(idno))
        if title is not None:
            record.extra.setdefault("volume_title", plain(title))
        _read_published_in(vol, record)


def _manuscript(ms: etree._Element, record: Record) -> None:
    """``msIdentifier``: ``institution`` → archive, ``repository`` → repository, ``collection``
    and ``idno`` → reference ("Nachlass Escher, B 12"), ``settlement`` → ``archive_place``."""
    for field_name, tag in (("archive", "institution"), ("repository", "repository")):
        el = _first(ms, f"t:{tag}")
        if el is not None and plain(el):
            setattr(record, field_name, plain(el))
    parts = [plain(el) for el in _xp(ms, "t:collection | t:idno") if plain(el)]
    if parts:
        record.reference = ", ".join(parts)
    settlement = _first(ms, "t:settlement")
    if settlement is not None and plain(settlement):
        record.extra["archive_place"] = plain(settlement)


def _read_published_in(vol: etree._Element, record: Record) -> None:
    """``extra.published_in`` back from our export's ``bibl[@type='volume']``."""
    container = _first(vol, "t:title[@type='container']")
    if container is None or "published_in" in record.extra:
        return
    out = {"container": plain(container)}
    for key, xpath in (
        ("volume_title", "t:title[@type='volume-title']"),
        ("volume", "t:biblScope[@unit='volume']"),
        ("place", "t:pubPlace"),
        ("publisher", "t:publisher"),
        ("year", "t:date"),
        ("document", "t:biblScope[@unit='document']"),
    ):
        el = _first(vol, xpath)
        if el is not None and plain(el):
            out[key] = plain(el)
    editors = [plain(e) for e in _xp(vol, "t:editor") if plain(e)]
    if editors:
        out["editors"] = editors
    record.extra["published_in"] = out


def read_tei(data: bytes, path: str | None = None) -> ParsedSource:
    """The registered reader: any TEI file (volume, corpus or single document)."""
    root = parse_tei(data, path)
    try:
        if local(root) == "teiCorpus":
            records = [read_single(tei, path) for tei in _xp(root, "t:TEI")]
            return ParsedSource(format="tei-corpus", records=records)
        is_export = _first(root, "t:teiHeader//t:publicationStmt/t:idno[@type='sourcebook']")
        if is_export is None and _first(root, "t:text/t:body//t:div[@type='document']") is not None:
            return read_volume(root, path)
        return ParsedSource(format="tei", records=[read_single(root, path)])
    except RecordError as exc:
        raise exc if exc.path else exc.with_path(path or "<input>") from None
