"""A run of more files than the database takes parameters in one statement (SQLite).

The run hook (:func:`sourcebook.linking.hooks.relink_run`) asked for every id of the run at
once: an ingest of a million files wrote them all and then failed with "too many SQL
variables". SQLite's limit is lowered to 300 on the test's connection (the ``few_variables`` fixture), so
that a few hundred files are past it; SQLite only.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.django_db(transaction=True)

FILES = 320


def test_a_run_past_the_parameter_limit_ends_well(tmp_path, few_variables, monkeypatch):
    from sourcebook.archive import chunks, ingest
    from sourcebook.archive.models import Document

    monkeypatch.setattr(chunks, "SIZE", 100)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(FILES):
        path = tmp_path / f"doc-{i:03d}.txt"
        path.write_text(re.sub(r"document/\d+", f"document/{800000 + i}", text), "utf-8")
        paths.append(path)
    outcomes = [o for batch in ingest.ingest_files(paths, batch_size=5) for o in batch]
    assert [o.status for o in outcomes] == ["added"] * FILES
    assert Document.objects.count() == FILES
