"""Structural checks of OAI-PMH 2.0 responses, rule by rule from the protocol specification.

The official OAI-PMH.xsd is not vendored (no network here), so the rules of the schema and of
the specification's sections 3.1–3.6 that apply to our responses are asserted with XPath.
"""

from __future__ import annotations

import re

from lxml import etree

OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {
    "o": OAI,
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
VERBS = {
    "Identify",
    "ListMetadataFormats",
    "ListSets",
    "ListIdentifiers",
    "ListRecords",
    "GetRecord",
}
ERRORS = {
    "badArgument",
    "badResumptionToken",
    "badVerb",
    "cannotDisseminateFormat",
    "idDoesNotExist",
    "noRecordsMatch",
    "noMetadataFormats",
    "noSetHierarchy",
}


def check(body: bytes, base_url: str) -> etree._Element:
    """Assert the response is a well-formed OAI-PMH 2.0 response; return its root."""
    root = etree.fromstring(body)
    assert root.tag == f"{{{OAI}}}OAI-PMH"
    assert OAI in root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    kids = list(root)
    assert [etree.QName(k).localname for k in kids[:2]] == ["responseDate", "request"]
    assert UTC.match(kids[0].text)
    request = kids[1]
    assert request.text == base_url
    rest = kids[2:]
    names = [etree.QName(k).localname for k in rest]
    if names and names[0] == "error":
        assert set(names) == {"error"}
        for err in rest:
            assert err.get("code") in ERRORS
        if {e.get("code") for e in rest} & {"badVerb", "badArgument"}:
            assert not request.attrib, "request carries no attributes on badVerb/badArgument"
        return root
    assert len(rest) == 1 and names[0] in VERBS
    verb = names[0]
    assert request.get("verb") == verb
    el = rest[0]
    if verb == "Identify":
        order = [etree.QName(k).localname for k in el]
        assert order[:7] == [
            "repositoryName",
            "baseURL",
            "protocolVersion",
            "adminEmail",
            "earliestDatestamp",
            "deletedRecord",
            "granularity",
        ]
        assert el.findtext("o:protocolVersion", namespaces=NS) == "2.0"
        assert el.findtext("o:deletedRecord", namespaces=NS) in ("no", "persistent", "transient")
        assert UTC.match(el.findtext("o:earliestDatestamp", namespaces=NS))
    if verb == "ListMetadataFormats":
        for fmt in el:
            assert [etree.QName(k).localname for k in fmt] == [
                "metadataPrefix",
                "schema",
                "metadataNamespace",
            ]
    if verb == "ListSets":
        for s in el.xpath("o:set", namespaces=NS):
            assert [etree.QName(k).localname for k in s][:2] == ["setSpec", "setName"]
    headers = el.xpath(".//o:header", namespaces=NS)
    for header in headers:
        parts = [etree.QName(k).localname for k in header]
        assert parts[:2] == ["identifier", "datestamp"] and set(parts[2:]) <= {"setSpec"}
        assert UTC.match(header.findtext("o:datestamp", namespaces=NS))
        assert header.get("status") in (None, "deleted")
    for record in el.xpath("o:record", namespaces=NS):
        parts = [etree.QName(k).localname for k in record]
        header = record.find("o:header", namespaces=NS)
        if header.get("status") == "deleted":
            assert parts == ["header"]
        else:
            assert parts[:2] == ["header", "metadata"]
            assert len(record.find("o:metadata", namespaces=NS)) == 1
    if verb == "ListIdentifiers":
        assert set(etree.QName(k).localname for k in el) <= {"header", "resumptionToken"}
    if verb == "ListRecords":
        assert set(etree.QName(k).localname for k in el) <= {"record", "resumptionToken"}
    tokens = el.xpath("o:resumptionToken", namespaces=NS)
    assert len(tokens) <= 1
    if tokens:
        assert el[-1] is tokens[0]
        assert int(tokens[0].get("completeListSize")) >= 1
        assert int(tokens[0].get("cursor")) >= 0
    return root
