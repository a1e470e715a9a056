"""The analysis stamp is kept beside the index and worked out again only when the analysis
code or its libraries change (opening an index no longer loads the Chinese tables)."""

from __future__ import annotations

from sourcebook.search import analysis_stamp
from sourcebook.search.tantivy_engine import SCHEMA_VERSION, TantivyEngine


def test_the_stamp_is_the_probe_analysis_and_is_kept(tmp_path):
    TantivyEngine(tmp_path)
    key, kept = (tmp_path / analysis_stamp.MEMO).read_text().split()
    assert key == analysis_stamp.fingerprint()
    assert kept == analysis_stamp.probe_stamp()
    assert (tmp_path / "SCHEMA_VERSION").read_text() == f"{SCHEMA_VERSION}-{kept}"


def test_a_kept_stamp_is_trusted_while_the_fingerprint_matches(tmp_path):
    engine = TantivyEngine(tmp_path)
    engine.write([], [], 5)
    memo = tmp_path / analysis_stamp.MEMO
    # As if this analysis code had made another stamp: the index is from another analysis.
    memo.write_text(f"{analysis_stamp.fingerprint()} 0123456789ab\n")
    assert TantivyEngine(tmp_path).position() == 0  # rebuilt from the outbox
    assert (tmp_path / "SCHEMA_VERSION").read_text() == f"{SCHEMA_VERSION}-0123456789ab"


def test_another_fingerprint_works_the_stamp_out_again(tmp_path):
    engine = TantivyEngine(tmp_path)
    engine.write([], [], 5)
    memo = tmp_path / analysis_stamp.MEMO
    memo.write_text("code-of-another-version 0123456789ab\n")
    assert TantivyEngine(tmp_path).position() == 5  # same analysis: kept
    assert memo.read_text().split() == [analysis_stamp.fingerprint(), analysis_stamp.probe_stamp()]


def test_the_stamp_changes_with_the_keys_that_begin_a_word(monkeypatch):
    """A one-syllable query is looked up among the keys that begin a word: an index made when
    longer words began one (Gimo began Kim) answers it wrongly, so it must be rebuilt."""
    from sourcebook.core import names

    now = analysis_stamp.probe_stamp()
    monkeypatch.setattr(names, "NAME_WORD_SYLLABLES", 2)
    names._short_keys.cache_clear()
    try:
        assert analysis_stamp.probe_stamp() != now
    finally:
        names._short_keys.cache_clear()
