"""The record JSON's parts written out by hand (not ``dataclasses.asdict``, which was a large
part of writing revision snapshots): every field of each part is in its JSON, as asdict gave."""

from __future__ import annotations

from dataclasses import asdict, fields

import pytest

from sourcebook.core.record import ContentEntry, Suggested


@pytest.mark.parametrize(
    "part",
    [
        ContentEntry("translation", "English", "Translation - English"),
        ContentEntry("scan", None, "Original Scan"),
        Suggested("Cable", "Ri Chang-jeong", "Andrei Gromyko", ["Kim Il Sung"], "trade"),
        Suggested(),
    ],
)
def test_a_part_gives_what_asdict_gave(part):
    assert part.to_json() == asdict(part)
    assert list(part.to_json()) == [f.name for f in fields(part)]


def test_a_suggestions_list_is_copied_not_shared():
    suggested = Suggested(participants=["Zhou Enlai"])
    suggested.to_json()["participants"].append("Kim Il Sung")
    assert suggested.participants == ["Zhou Enlai"]
