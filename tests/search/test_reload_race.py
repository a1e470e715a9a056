"""A reader in another process reloads while the writer's merge removes segment files.

The writer protects only its own process's readers from its garbage collection, so a reader
elsewhere can read a ``meta.json`` whose files are gone a moment later (or, here, not there
yet). The reader tries again instead of failing the search that asked.
"""

from __future__ import annotations

import time

import pytest

from sourcebook.search.tantivy_engine import TantivyEngine


def _hide_new_segment_files(path, before):
    hidden = []
    for file in path.iterdir():
        if file not in before and file.is_file() and file.name != "meta.json":
            target = file.with_name(file.name + ".away")
            file.rename(target)
            hidden.append((target, file))
    assert hidden, "the commit wrote no new segment file"
    return hidden


def test_a_reader_retries_a_reload_whose_segment_file_is_missing(tmp_path, monkeypatch):
    writer, reader = TantivyEngine(tmp_path), TantivyEngine(tmp_path)
    reader.refresh()
    before = set(tmp_path.iterdir())
    writer.write([], [], 7)
    hidden = _hide_new_segment_files(tmp_path, before)
    waits = []

    def wait_then_restore(seconds):  # the next meta.json lists files that exist again
        waits.append(seconds)
        for away, file in hidden:
            away.rename(file)

    monkeypatch.setattr(time, "sleep", wait_then_restore)
    assert reader.refresh() is True
    assert len(waits) == 1
    assert reader.position() == 7


def test_a_reload_that_keeps_failing_raises(tmp_path, monkeypatch):
    writer, reader = TantivyEngine(tmp_path), TantivyEngine(tmp_path)
    reader.refresh()
    before = set(tmp_path.iterdir())
    writer.write([], [], 3)
    _hide_new_segment_files(tmp_path, before)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    with pytest.raises(ValueError, match="open"):
        reader.refresh()
