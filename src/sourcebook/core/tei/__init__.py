"""TEI P5: safe parsing, reading FRUS volumes and other TEI, writing TEI (see docs/tei.md)."""
