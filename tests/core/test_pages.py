"""Page markers and the canvases they show (sourcebook.core.pages): by label, else by order."""

from __future__ import annotations

import pytest

from sourcebook.core.pages import canvases_for, marker_label
from sourcebook.core.tei.html import render


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("(p. 1)", "1"),
        ("[p. 2]", "2"),
        ("(Page 3)", "3"),
        ("[pp. 5-6]", "5"),
        ("(p.12a)", "12a"),
        ("412", "412"),
        ("[IV]", "IV"),
        ("", ""),
    ],
)
def test_marker_label(text, label):
    assert marker_label(text) == label


def test_by_label_when_every_marker_names_a_canvas():
    assert canvases_for(["1", "2", "3"], 3) == [1, 2, 3]
    assert canvases_for(["2", "3"], 3) == [2, 3]
    assert canvases_for(["1", "3"], 5) == [1, 3]


def test_by_order_when_the_labels_are_not_the_scans():
    # A file's pages 45-47 scanned as canvases 1-3.
    assert canvases_for(["45", "46", "47"], 3) == [1, 2, 3]
    # One marker fewer than canvases: the text before the first marker is canvas 1.
    assert canvases_for(["412", "413"], 3) == [2, 3]
    assert canvases_for(["IV", "", "VI"], 3) == [1, 2, 3]


def test_more_markers_than_canvases_leave_the_rest_unlinked():
    assert canvases_for(["1", "2", "3"], 2) == [1, 2, None]
    assert canvases_for(["1"], 0) == [None]
    assert canvases_for([], 4) == []


def test_tei_page_breaks_name_their_page():
    html = render('<div xmlns="http://www.tei-c.org/ns/1.0"><p>a<pb n="412"/>b<pb/>c</p></div>')
    assert '<span class="tei-pb page-marker" data-page="412"' in html
    assert '<span class="tei-pb page-marker" data-page=""' in html
