"""The word diff behind /documents/<id>/diff/<a>..<b>/: exact on real text, bounded on huge text."""

from __future__ import annotations

from sourcebook.archive.models import Revision
from sourcebook.archive.versions import author_label, note_text
from sourcebook.core.worddiff import DELETE, EQUAL, INSERT, SKIP, diff
from tests.conftest import SEED


def _kinds(result) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in result.segments if s.kind in (INSERT, DELETE)]


def test_words_of_the_seed_translation():
    text = SEED.read_text(encoding="utf-8")
    changed = text.replace("illegal border crossers", "unauthorized border crossers")
    result = diff(text, changed)
    assert _kinds(result) == [(DELETE, "illegal"), (INSERT, "unauthorized")]
    assert result.exact and not result.by_lines
    # Long unchanged runs are cut, and the pieces left still read as the text did.
    assert [s.kind for s in result.segments] == [SKIP, EQUAL, DELETE, INSERT, EQUAL, SKIP]
    assert result.segments[1].text.endswith("opinions on China's handling of ")


def test_chinese_characters_are_words_of_their_own():
    result = diff("中华人民共和国外交部领事司", "中华人民共和国外交部条约司")
    assert _kinds(result) == [(DELETE, "领事"), (INSERT, "条约")]


def test_segments_put_back_together_give_both_texts():
    old = "On October 9, the Korean Ministry of Foreign Affairs\nConsular Affairs Department Head"
    new = "On 9 October the DPRK Ministry of Foreign Affairs\n\nConsular Department Head, Ri"
    result = diff(old, new, context=1000)
    assert "".join(s.text for s in result.segments if s.kind != INSERT) == old
    assert "".join(s.text for s in result.segments if s.kind != DELETE) == new


def test_a_change_too_large_for_words_is_compared_by_lines_then_words():
    old = "\n".join(f"Paragraph {k}: the embassy reported on border crossers." for k in range(400))
    new = old.replace("Paragraph 7:", "Paragraph seven:").replace("Paragraph 390:", "Para 390:")
    result = diff(old, new, max_tokens=500)
    assert result.by_lines and result.exact
    assert _kinds(result) == [
        (DELETE, "7"),
        (INSERT, "seven"),
        (DELETE, "Paragraph"),
        (INSERT, "Para"),
    ]


def test_a_change_too_large_for_lines_is_shown_whole():
    old = "\n".join(f"w{k % 37} x{k % 11}" for k in range(3000))
    new = "\n".join(f"x{k % 13} w{k % 29}" for k in range(3000))
    result = diff(old, new, max_tokens=1000)
    assert not result.exact
    assert _kinds(result) == [(DELETE, old), (INSERT, new)]


def test_who_and_note_of_older_rows():
    """Rows stored before versions had an author: admin edits said who in ``reason``."""
    edit = Revision(version=2, author="import", reason="edit by bo", note="")
    assert (author_label(edit), note_text(edit)) == ("bo", "edit by bo")
    ingest = Revision(version=1, author="import", reason="ingest", note="")
    assert (author_label(ingest), note_text(ingest)) == ("Import", "ingest")
