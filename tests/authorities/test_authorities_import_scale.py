"""An authority file's import reads the archive's slugs once, not once per new row."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _csv(rows: list[tuple[str, str, str]]) -> bytes:
    lines = ["id,name,kind"] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _whole_slug_reads(queries) -> int:
    """Queries that read a slug column without a WHERE (every authority's slug)."""
    return sum(
        1
        for q in queries
        if re.match(r'SELECT "\w+"\."slug" AS "slug" FROM "\w+"( ORDER BY [^W]*)?$', q["sql"])
    )


def test_slugs_are_read_once_per_kind_and_stay_unique():
    from sourcebook.archive.models import Agent, Place
    from sourcebook.authorities.authority_file import import_csv

    Agent.objects.create(slug="kim-il", name="Kim Il (already here)")
    rows = [("", "Kim Il", "person") for _ in range(30)]
    rows += [("kim-il-40", "Kim Il", "person"), ("", "Kaesong", "place"), ("", "Kaesong", "place")]
    with CaptureQueriesContext(connection) as seen:
        result = import_csv(_csv(rows), "persons.csv")
    assert not result.errors
    assert len(result.created) == 33
    # One read of the agents' slugs and one of the places' (30 new persons: not 30 reads).
    assert _whole_slug_reads(seen.captured_queries) == 2
    slugs = list(Agent.objects.filter(name="Kim Il").values_list("slug", flat=True))
    assert len(set(slugs)) == 31
    assert {"kim-il-2", "kim-il-31", "kim-il-40"} <= set(slugs)
    assert "kim-il" not in slugs  # taken before the import
    assert sorted(Place.objects.values_list("slug", flat=True)) == ["kaesong", "kaesong-2"]
