"""Registers the TEI reader and exporter (listed in :data:`sourcebook.core.formats.PLUGINS`)."""

from __future__ import annotations

from ..formats import Exporter, Reader, register_exporter, register_reader
from .frus_reader import read_tei
from .safe_xml import looks_like_xml
from .writer import write

register_reader(Reader("tei", lambda data, path: looks_like_xml(data), read_tei))
register_exporter(Exporter("tei", write, "application/tei+xml", "tei.xml", "TEI P5 XML"))
