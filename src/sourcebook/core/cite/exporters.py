"""Registers the citation formats with :mod:`sourcebook.core.formats` (listed in its PLUGINS).

Each becomes ``sourcebook export ID --format NAME`` and ``/documents/<id>.<ext>``. Set exports
(many documents in one file) use :data:`SET_WRITERS`.
"""

from __future__ import annotations

import json

from ..formats import Exporter, register_exporter
from ..record import Record
from . import bibtex, dublin_core, ris
from .csl import to_csl


def _csl_json(record: Record) -> str:
    return json.dumps([to_csl(record)], ensure_ascii=False, indent=2) + "\n"


def _csl_json_many(records: list[Record]) -> str:
    return json.dumps([to_csl(r) for r in records], ensure_ascii=False, indent=2) + "\n"


def _pdf(record: Record) -> bytes:
    from . import pdf

    return pdf.write(record)


register_exporter(
    Exporter("bibtex", bibtex.write, "application/x-bibtex; charset=utf-8", "bib", "BibTeX")
)
register_exporter(
    Exporter("ris", ris.write, "application/x-research-info-systems; charset=utf-8", "ris", "RIS")
)
register_exporter(
    Exporter(
        "csl-json", _csl_json, "application/vnd.citationstyles.csl+json", "csl.json", "CSL-JSON"
    )
)
register_exporter(Exporter("dc", dublin_core.write, "application/xml", "dc.xml", "Dublin Core XML"))
register_exporter(Exporter("pdf", _pdf, "application/pdf", "pdf", "PDF"))

# name -> (writer of many records, media type, extension): the formats of set downloads.
SET_WRITERS = {
    "bibtex": (bibtex.write_many, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": (ris.write_many, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csl-json": (_csl_json_many, "application/vnd.citationstyles.csl+json", "csl.json"),
}
