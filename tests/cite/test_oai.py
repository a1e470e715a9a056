"""OAI-PMH: a real harvester (Sickle) over HTTP, every error condition, response structure."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from django.db import connection
from lxml import etree
from sickle import Sickle
from sickle import oaiexceptions as errors

from sourcebook.archive import ingest, planner_stats
from sourcebook.archive.models import Collection, Document
from sourcebook.core import formats, recordtext
from sourcebook.core.formats import ParsedSource
from tests.conftest import SAMPLES
from tests.support.plans import executed, plan

from . import oaicheck
from .httpbin import get_bytes

pytestmark = pytest.mark.django_db(transaction=True)

NS = oaicheck.NS


@pytest.fixture
def corpus(db, settings):
    settings.SOURCEBOOK_OAI_PAGE_SIZE = 2
    settings.SOURCEBOOK_OAI_REPOSITORY_ID = "sourcebook.test"
    for path in sorted(SAMPLES.glob("*.txt")):
        assert ingest.ingest_file(path)[0].status == "added"
    return sorted(Document.objects.values_list("public_id", flat=True))


def _add(public_id: str, title: str = "Added During The Harvest") -> None:
    text = (
        f'May 1, 1960\n**{title}**\n\nCitation:\n\n"{title}", May 1, 1960, Test Archive, TA 1.\n\n'
        "Contents:\n\nTranslation - English\n\nBody.\n"
    )
    record = recordtext.parse(text, f"{public_id}.txt", public_id)
    ingest.store(ParsedSource("record-text", [record]), text.encode(), f"{public_id}.txt")


def _oai(live_server, **params):
    url = f"{live_server.url}/oai?{urllib.parse.urlencode(params, doseq=True)}"
    status, ctype, body, _ = get_bytes(url)
    assert status == 200 and ctype.startswith("text/xml"), (status, body[:300])
    return oaicheck.check(body, f"{live_server.url}/oai")


def _error(live_server, **params) -> str:
    root = _oai(live_server, **params)
    errs = root.xpath("o:error/@code", namespaces=NS)
    assert errs, etree.tostring(root)
    return errs[0]


def test_sickle_harvests_every_record_once_while_records_are_added(live_server, corpus, settings):
    settings.SOURCEBOOK_OAI_PAGE_SIZE = 1  # four pages for four records
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    ident = sickle.Identify()
    assert ident.repositoryName == "Sourcebook" and ident.deletedRecord == "transient"
    assert ident.granularity == "YYYY-MM-DDThh:mm:ssZ"
    records = sickle.ListRecords(metadataPrefix="oai_dc")
    first = next(records)
    started = first.header.datestamp
    # Records added mid-harvest: the tokens already handed out stay valid.
    _add("added-1")
    _add("added-2")
    seen = [first.header.identifier] + [r.header.identifier for r in records]
    assert sorted(seen) == sorted(f"oai:sourcebook.test:{i}" for i in corpus)
    assert len(seen) == len(set(seen)) == 4  # every record exactly once, over 4 pages
    # The next incremental harvest picks up what was added.
    assert started
    later = [
        h.identifier
        for h in sickle.ListIdentifiers(
            metadataPrefix="oai_dc",
            **{"from": _stamp(Document.objects.get(public_id="added-1").updated_at)},
        )
    ]
    assert "oai:sourcebook.test:added-1" in later and "oai:sourcebook.test:added-2" in later


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_sickle_metadata_and_get_record(live_server, corpus):
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    rec = sickle.GetRecord(identifier="oai:sourcebook.test:208190", metadataPrefix="oai_dc")
    assert rec.metadata["title"] == [
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department"
    ]
    assert rec.metadata["date"] == ["1959-10-11"]
    assert (
        "https://wilson-center-digital-archive.dvincitest.com/document/208190"
        in rec.metadata["identifier"]
    )
    ids = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")]
    assert len(ids) == 4
    prefixes = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    assert prefixes[0] == "oai_dc"
    assert ("tei" in prefixes) == ("tei" in formats.export_names())


def test_resumption_pages_carry_cursor_and_size(live_server, corpus):
    root = _oai(live_server, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", namespaces=NS)
    assert (token.get("completeListSize"), token.get("cursor")) == ("4", "0") and token.text
    _add("added-3")
    root = _oai(live_server, verb="ListIdentifiers", resumptionToken=token.text)
    token = root.find(".//o:resumptionToken", namespaces=NS)
    assert (token.get("completeListSize"), token.get("cursor")) == ("4", "2")
    assert not token.text  # the last page ends with an empty token
    assert len(root.xpath("//o:header", namespaces=NS)) == 2


def test_a_harvest_is_counted_once_per_state_of_the_archive(client, corpus):
    """completeListSize is counted at a harvest's first request, and kept until the archive
    changes: a crawler starting harvests over and over does not count the archive each time."""
    from tests.support.plans import executed

    def start(**params):
        params = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", **params}
        response, statements = executed(lambda: client.get("/oai", params))
        token = etree.fromstring(response.content).find(".//o:resumptionToken", namespaces=NS)
        counts = [s for s in statements if "COUNT(" in s[0] and "archive_document" in s[0]]
        return token.get("completeListSize"), len(counts)

    assert start() == ("4", 1)
    assert start() == ("4", 0)
    assert start(until="2999-01-01") == ("4", 1)  # other arguments, another count
    _add("added-4")
    assert start() == ("5", 1)


def test_deleted_records_are_tombstones(live_server, corpus):
    from sourcebook.archive import publication

    doc = Document.objects.get(public_id="sample-undated-letter")
    publication.withdraw(doc, "Duplicate of another record", "tester")
    root = _oai(
        live_server,
        verb="GetRecord",
        identifier="oai:sourcebook.test:sample-undated-letter",
        metadataPrefix="oai_dc",
    )
    header = root.find(".//o:header", namespaces=NS)
    assert header.get("status") == "deleted"
    assert root.find(".//o:metadata", namespaces=NS) is None
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    headers = {h.identifier: h.deleted for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
    assert headers["oai:sourcebook.test:sample-undated-letter"] is True
    assert sum(headers.values()) == 1 and len(headers) == 4


def test_from_and_until(live_server, corpus):
    before = _stamp(
        Document.objects.order_by("updated_at").first().updated_at - dt.timedelta(days=1)
    )
    assert (
        _error(live_server, verb="ListIdentifiers", metadataPrefix="oai_dc", until=before[:10])
        == "noRecordsMatch"
    )
    assert (
        _error(live_server, verb="ListIdentifiers", metadataPrefix="oai_dc", until=before)
        == "noRecordsMatch"
    )
    # Datestamps have one-second granularity: move the corpus an hour back instead of waiting.
    Document.objects.update(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    _add("after-cut")
    cut = _stamp(Document.objects.get(public_id="after-cut").updated_at)
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    new = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": cut})]
    assert new == ["oai:sourcebook.test:after-cut"]
    old = [
        h.identifier
        for h in sickle.ListIdentifiers(
            metadataPrefix="oai_dc",
            until=_stamp(Document.objects.get(public_id="208190").updated_at),
        )
    ]
    assert len(old) == 4 and "oai:sourcebook.test:after-cut" not in old
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    if (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).date() != dt.datetime.now(dt.UTC).date():
        return  # just after midnight the corpus is dated yesterday
    assert (
        len(
            [
                h
                for h in sickle.ListIdentifiers(
                    metadataPrefix="oai_dc", **{"from": today, "until": today}
                )
            ]
        )
        == 5
    )


def test_sets_are_collections(live_server, corpus):
    assert _error(live_server, verb="ListSets") == "noSetHierarchy"
    assert (
        _error(live_server, verb="ListRecords", metadataPrefix="oai_dc", set="x")
        == "noSetHierarchy"
    )
    coll = Collection.objects.create(slug="samples", name="Sample Collection", description="Demo")
    Document.objects.exclude(public_id="208190").update(collection=coll)
    Document.objects.get(public_id="208190").save()  # a change of datestamp, as edits do
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    sets = [(s.setSpec, s.setName) for s in sickle.ListSets()]
    assert sets == [("samples", "Sample Collection")]
    in_set = [h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="samples")]
    assert len(in_set) == 3 and "oai:sourcebook.test:208190" not in in_set
    root = _oai(
        live_server,
        verb="GetRecord",
        identifier="oai:sourcebook.test:sample-zhou-kim-1958",
        metadataPrefix="oai_dc",
    )
    assert root.findtext(".//o:setSpec", namespaces=NS) == "samples"
    assert (
        _error(live_server, verb="ListRecords", metadataPrefix="oai_dc", set="nope")
        == "noRecordsMatch"
    )


def test_every_error_condition(live_server, corpus):
    e = lambda **p: _error(live_server, **p)  # noqa: E731
    assert e() == "badVerb"
    assert e(verb="Frobnicate") == "badVerb"
    assert e(verb=["Identify", "Identify"]) == "badVerb"
    assert e(verb="Identify", extra="1") == "badArgument"
    assert e(verb="ListRecords") == "badArgument"  # missing metadataPrefix
    assert e(verb="GetRecord", metadataPrefix="oai_dc") == "badArgument"
    assert e(verb="ListRecords", metadataPrefix=["oai_dc", "oai_dc"]) == "badArgument"
    assert e(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "yesterday"}) == "badArgument"
    assert (
        e(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2020-01-01T00:00:00.5Z"})
        == "badArgument"
    )
    assert (
        e(
            verb="ListRecords",
            metadataPrefix="oai_dc",
            **{"from": "2020-01-01", "until": "2020-01-02T00:00:00Z"},
        )
        == "badArgument"
    )
    assert (
        e(
            verb="ListRecords",
            metadataPrefix="oai_dc",
            **{"from": "2021-01-01", "until": "2020-01-01"},
        )
        == "badArgument"
    )
    assert e(verb="ListRecords", metadataPrefix="oai_dc", resumptionToken="x") == "badArgument"
    assert e(verb="ListRecords", resumptionToken="garbage") == "badResumptionToken"
    root = _oai(live_server, verb="ListRecords", metadataPrefix="oai_dc")
    token = root.findtext(".//o:resumptionToken", namespaces=NS)
    assert e(verb="ListIdentifiers", resumptionToken=token) == "badResumptionToken"  # other verb
    assert e(verb="ListRecords", resumptionToken=token[:-3] + "abc") == "badResumptionToken"
    assert e(verb="ListSets", resumptionToken="anything") == "badResumptionToken"
    assert e(verb="ListRecords", metadataPrefix="marc21") == "cannotDisseminateFormat"
    assert (
        e(verb="GetRecord", identifier="oai:sourcebook.test:208190", metadataPrefix="marc21")
        == "cannotDisseminateFormat"
    )
    assert (
        e(verb="GetRecord", identifier="oai:sourcebook.test:nope", metadataPrefix="oai_dc")
        == "idDoesNotExist"
    )
    assert (
        e(verb="GetRecord", identifier="oai:elsewhere:208190", metadataPrefix="oai_dc")
        == "idDoesNotExist"
    )
    assert e(verb="ListMetadataFormats", identifier="oai:sourcebook.test:nope") == "idDoesNotExist"
    assert e(verb="ListRecords", metadataPrefix="oai_dc", until="1990-01-01") == "noRecordsMatch"
    assert e(verb="ListSets") == "noSetHierarchy"
    # Control characters cannot break the XML that echoes the arguments.
    assert e(verb="ListRecords", metadataPrefix="oai\x01dc") == "cannotDisseminateFormat"
    assert e(verb="ListRecords", metadataPrefix="oai_dc", **{"x\x02": "1"}) == "badArgument"
    # A harvester sees the same errors as exceptions.
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    with pytest.raises(errors.IdDoesNotExist):
        sickle.GetRecord(identifier="oai:sourcebook.test:nope", metadataPrefix="oai_dc")
    with pytest.raises(errors.CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(errors.NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", until="1990-01-01"))


def test_post_requests_and_structure_of_every_verb(live_server, corpus):
    import urllib.request

    data = urllib.parse.urlencode({"verb": "Identify"}).encode()
    with urllib.request.urlopen(f"{live_server.url}/oai", data=data, timeout=30) as resp:
        root = oaicheck.check(resp.read(), f"{live_server.url}/oai")
    assert root.find("o:Identify", namespaces=NS) is not None
    for params in [
        {"verb": "Identify"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": "oai:sourcebook.test:208190"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": "oai:sourcebook.test:208190",
        },
    ]:
        root = _oai(live_server, **params)
        assert root.find(f"o:{params['verb']}", namespaces=NS) is not None, params
    dc = root.find(".//oai_dc:dc", namespaces=NS)
    assert dc is not None and dc.findtext("dc:title", namespaces=NS).startswith("Cable, Chinese")


def test_tei_metadata_when_a_tei_exporter_exists(live_server, corpus):
    assert "tei" in formats.export_names()
    sickle = Sickle(f"{live_server.url}/oai", max_retries=0)
    rec = sickle.GetRecord(identifier="oai:sourcebook.test:208190", metadataPrefix="tei")
    tei = rec.xml.find(".//{http://www.tei-c.org/ns/1.0}TEI")
    assert tei is not None
    assert len(list(sickle.ListRecords(metadataPrefix="tei"))) == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
@pytest.mark.parametrize("verb", ["ListRecords", "ListIdentifiers"])
def test_a_later_page_seeks_to_its_place_and_sorts_nothing(client, corpus, verb):
    """A page after the first is read from its keyset position in the datestamp index, a page
    of rows, none sorted: before, each page read the index from the harvest's start, and
    ListRecords sorted every record left to harvest (quadratic over a whole harvest). With the
    statistics an archive has from 1,000 documents on (:mod:`sourcebook.archive.planner_stats`);
    below, SQLite reads the few documents through the status index, and sorts them."""
    planner_stats.analyze()
    first = etree.fromstring(client.get(f"/oai?verb={verb}&metadataPrefix=oai_dc").content)
    token = first.find(".//o:resumptionToken", namespaces=NS).text
    response, statements = executed(lambda: client.get(f"/oai?verb={verb}&resumptionToken={token}"))
    assert len(etree.fromstring(response.content).xpath("//o:header", namespaces=NS)) == 2
    plans = [plan(*s) for s in statements if 'FROM "archive_document"' in s[0]]
    assert plans and not [p for p in plans if "TEMP B-TREE" in p or "SCAN archive_d" in p], plans
    assert [p for p in plans if "(updated_at>? AND updated_at<?)" in p], plans


def test_a_record_purged_while_its_page_is_read_leaves_the_rest_of_the_harvest(client, corpus):
    """The page's ids are read, then its records: a record purged in between is left out of
    the page, and the token still points past the ids read, so no later record is skipped."""
    gone, seen = [], []

    def purge_after_the_ids(execute, sql, params, many, context):
        if not gone and sql.startswith('SELECT "archive_document"."id"') and " IN (" in sql:
            gone.append(Document.objects.order_by("updated_at", "id").first().public_id)
            Document.objects.filter(public_id=gone[0]).delete()  # the page's first record
        return execute(sql, params, many, context)

    with connection.execute_wrapper(purge_after_the_ids):
        root = etree.fromstring(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").content)
    while True:
        seen += [
            i.rsplit(":", 1)[1] for i in root.xpath("//o:header/o:identifier/text()", namespaces=NS)
        ]
        token = root.find(".//o:resumptionToken", namespaces=NS)
        if token is None or not token.text:
            break
        root = etree.fromstring(
            client.get(f"/oai?verb=ListRecords&resumptionToken={token.text}").content
        )
    assert gone and sorted(seen) == sorted(set(corpus) - set(gone))


def test_long_records_end_a_page_early_and_the_harvest_gets_each_once(
    live_server, corpus, settings
):
    """A TEI ListRecords page holds about ``SOURCEBOOK_OAI_PAGE_CHARS`` of text (at least one
    record): a hundred records of a megabyte were one 43 MB page, 40 s to write. Dublin Core
    carries no text: its pages stay whole, and read the texts' languages, not their bodies."""
    settings.SOURCEBOOK_OAI_PAGE_SIZE = 100
    settings.SOURCEBOOK_OAI_PAGE_CHARS = 1  # every TEI record fills a page
    root = _oai(live_server, verb="ListRecords", metadataPrefix="tei")
    assert len(root.xpath("//o:record", namespaces=NS)) == 1
    token = root.find(".//o:resumptionToken", namespaces=NS)
    assert token.text and token.get("cursor") == "0"
    records = Sickle(f"{live_server.url}/oai", max_retries=0).ListRecords(metadataPrefix="tei")
    seen = [r.header.identifier for r in records]
    assert seen == [f"oai:sourcebook.test:{i}" for i in _harvest_order()]
    root = _oai(live_server, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(root.xpath("//o:record", namespaces=NS)) == len(corpus)
    seed = root.xpath(
        "//o:record[o:header/o:identifier='oai:sourcebook.test:208190']", namespaces=NS
    )[0]
    assert seed.xpath(".//dc:language/text()", namespaces=NS) == ["zh", "en"]
    root = _oai(live_server, verb="ListIdentifiers", metadataPrefix="tei")
    assert len(root.xpath("//o:header", namespaces=NS)) == len(corpus)


def test_a_dublin_core_page_reads_no_text_body(client, corpus):
    from django.test.utils import CaptureQueriesContext

    from sourcebook.archive.models import Annotation, Text

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert b"<record>" in response.content
    texts = [q["sql"] for q in queries if f'"{Text._meta.db_table}"' in q["sql"]]
    assert texts and not [q for q in texts if '"body"' in q]
    assert not [q for q in queries if f'"{Annotation._meta.db_table}"' in q["sql"]]


def _harvest_order() -> list[str]:
    return list(Document.objects.order_by("updated_at", "id").values_list("public_id", flat=True))
