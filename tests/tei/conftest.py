"""Fixtures for the TEI tests: the shared FRUS volumes, parsed once."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED

FRUS = SHARED / "corpus" / "frus"
SCHEMA = SHARED / "schemas" / "tei_all.rng"
VOLUMES = ["frus1955-57v03", "frus1958-60v18", "frus1961-63v22"]
# Counted by hand from the shared README; the tests also count with lxml independently.
DOCUMENT_COUNTS = {"frus1955-57v03": 68, "frus1958-60v18": 39, "frus1961-63v22": 18}


def volume_path(volume: str):
    return FRUS / f"{volume}.xml"


@pytest.fixture(scope="session")
def parsed_volumes():
    from sourcebook.core.tei.frus_reader import read_tei

    return {v: read_tei(volume_path(v).read_bytes(), str(volume_path(v))) for v in VOLUMES}


@pytest.fixture(scope="session")
def records(parsed_volumes):
    return {r.id: r for p in parsed_volumes.values() for r in p.records}
