"""The registry of source readers and export formats.

Why a registry: ``sourcebook ingest`` takes whatever files an archive has (record text, TEI, …)
and ``sourcebook export`` / ``/documents/<id>.<ext>`` hand out every format we write. Each format
lives in its own module and registers here, so the CLI, the web and the API share one list and
a new format is one registration, not edits across layers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import recordtext
from .record import Record


@dataclass
class ParsedSource:
    """What one source file yields: records, and for volumes the collection and authorities."""

    format: str
    records: list[Record]
    collection: dict[str, Any] | None = None
    authorities: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reader:
    name: str
    sniff: Callable[[bytes, str | None], bool]
    read: Callable[[bytes, str | None], ParsedSource]


@dataclass
class Exporter:
    name: str
    write: Callable[[Record], str | bytes]
    media_type: str
    extension: str
    description: str = ""


READERS: list[Reader] = []
EXPORTERS: dict[str, Exporter] = {}


def register_reader(reader: Reader, *, first: bool = True) -> None:
    """Readers are tried in order; specific sniffers go before the record-text fallback."""
    READERS[:] = [r for r in READERS if r.name != reader.name]
    if first:
        READERS.insert(0, reader)
    else:
        READERS.append(reader)


def register_exporter(exporter: Exporter) -> None:
    EXPORTERS[exporter.name] = exporter


def read_source(data: bytes, path: str | None = None) -> ParsedSource:
    """Parse a source with the first reader whose sniffer accepts it."""
    _load_plugins()
    for reader in READERS:
        if reader.sniff(data, path):
            return reader.read(data, path)
    raise AssertionError("the record-text reader accepts everything")  # pragma: no cover


def exporter(name: str) -> Exporter:
    _load_plugins()
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join(sorted(EXPORTERS))
        raise KeyError(f"unknown format {name!r} (known: {known})") from None


def export_names() -> list[str]:
    _load_plugins()
    return sorted(EXPORTERS)


def _read_record_text(data: bytes, path: str | None) -> ParsedSource:
    text = recordtext.decode(data, path)
    stem = None
    if path:
        from pathlib import PurePath

        stem = recordtext.slugify(PurePath(path).stem)
    return ParsedSource(format="record-text", records=[recordtext.parse(text, path, stem)])


def _json(record: Record) -> str:
    import json

    return json.dumps(record.to_json(), ensure_ascii=False, indent=2) + "\n"


register_reader(Reader("record-text", lambda data, path: True, _read_record_text), first=False)
register_exporter(
    Exporter("record", recordtext.write, "text/plain; charset=utf-8", "txt", "WCDA record text")
)
register_exporter(Exporter("json", _json, "application/json", "json", "Record JSON"))

# Modules that register further formats when imported (TEI, citations, …).
PLUGINS: list[str] = []
PLUGINS.append("sourcebook.core.cite.exporters")
PLUGINS.append("sourcebook.core.tei.register")
_loaded = False


def _load_plugins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in PLUGINS:
        importlib.import_module(module)
