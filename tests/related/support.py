"""A second record of the seed's file for the reply tests: the Consular Affairs Department's
letter "(59) First Consular Affairs No. 6/48" that the seed cable answers ("Received letter
(59) First Consular Affairs No. 6/48"). Written for the tests in the seed's format; not an
archival document (its wording is ours), but its number, file and pages are those the seed's
file reference and reply imply."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED

LETTER_ID = "test-first-consular-6-48"

LETTER = """\
September 24, 1959
**Letter, Foreign Ministry Consular Affairs Department to the Chinese Embassy in North Korea**

Citation:

"Letter, Foreign Ministry Consular Affairs Department to the Chinese Embassy in North Korea", September 24, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 30-31. Translated by David Cowhig.
<https://wilson-center-digital-archive.dvincitest.com/document/test-first-consular-6-48>

Summary:

A test record written for Sourcebook (not an archival document): the department asks the embassy to put China's proposal on illegal border crossers to the Korean side.

Original Language:

Chinese

Contents:

Translation - English

Ministry of Foreign Affairs of the People's Republic of China

(59) First Consular Affairs No. 6/48

To the Embassy in the Democratic People's Republic of Korea:

Please inform the [North] Korean Ministry of Foreign Affairs of our proposal for handling Korean citizens who have illegally crossed the border into China, and report their opinions.

Consular Affairs Department, Ministry of Foreign Affairs

September 24, 1959
"""


def write_letter(folder: Path) -> Path:
    path = folder / f"{LETTER_ID}.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


def write_seed(folder: Path) -> Path:
    path = folder / SEED.name
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    return path
