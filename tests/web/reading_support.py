"""Documents for the reading-room tests: a transcript and its translation paragraph by paragraph
(with a struck-out word and a supplied one), plus the seed, a FRUS volume and the samples, so
every page type has something real on it."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES, SEED, SHARED

PARALLEL_ID = "reading-parallel-1959"
PARALLEL = """October 12, 1959
**Record of a Conversation at the Border Post, Sinŭiju**

Summary:

A border post reports two conversations with returning villagers.

Original Language:

Chinese

Contents:

Transcript - Chinese
Translation - English

Transcript - Chinese

邊境哨所談話記錄

村民說他們[已經]回到了村子。

他們要求今天發給證件。

Translation - English

Record of a Conversation at the Border Post

The villagers said that they had returned to [their] village.

They asked that the papers be issued [crossed out: tomorrow] today.
"""

# One of each page type, as a reader reaches it.
PAGE_TYPES = {
    "home": "/",
    "home, last page (by cursor)": "/?last=1",
    "home, a link not made here": "/?after=bogus",
    "search": "/search/?q=Kim",
    "search timeline": "/search/?sort=date",
    "dates": "/dates/",
    "dates of a decade": "/dates/?decade=1950s",
    "dates of a year": "/dates/?decade=1950s&year=1959",
    "document": "/documents/208190/",
    "document diplomatic": "/documents/208190/?view=diplomatic",
    "document parallel": f"/documents/{PARALLEL_ID}/",
    "document side by side": "/documents/sample-zhou-kim-1958/",
    "TEI document with page breaks": "/documents/frus1961-63v22-d1/",
    "collection": "/collections/frus1961-63v22/",
    "collections": "/collections/",
    "persons list": "/persons/",
    "person page": "/persons/rusk-dean/",
    "history": "/documents/208190/history/",
    "archival file": "/documents/208190/file/",
    "login": "/admin/login/",
    "404": "/no-such-page/",
}


def ingest_reading_room(tmp_path) -> None:
    """The seed, the letter it answers (same archival file), the samples, the parallel record
    and the smallest FRUS volume."""
    from sourcebook.archive import ingest
    from tests.related.support import write_letter

    path = tmp_path / f"{PARALLEL_ID}.txt"
    path.write_text(PARALLEL, encoding="utf-8")
    files = [SEED, write_letter(tmp_path), path, *sorted(SAMPLES.glob("sample-*.txt"))]
    files.append(SHARED / "corpus" / "frus" / "frus1961-63v22.xml")
    for f in files:
        outcomes = ingest.ingest_file(f)
        assert all(o.status == "added" for o in outcomes), (f, outcomes)


@pytest.fixture
def reading_room(db, tmp_path):
    ingest_reading_room(tmp_path)
