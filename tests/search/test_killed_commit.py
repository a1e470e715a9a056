"""An index commit killed between writing its files and writing ``meta.json``.

Found by ``tests/curation/test_ops_crash.py`` at a random kill point: the files of the killed
commit stayed, and every later ``sourcebook index`` failed with ``FileAlreadyExists
("….del")``, because replaying the same outbox events gives the same file names. Here the
state after such a kill is made exactly: the directory after a commit, with the ``meta.json``
of before it.
"""

from __future__ import annotations

import shutil

from sourcebook.search.documents import IndexDoc
from sourcebook.search.tantivy_engine import TantivyEngine


def _doc(i: int) -> IndexDoc:
    return IndexDoc(
        id=f"cable-{i}",
        title=f"Cable {i} on the border talks",
        summary="",
        texts=[],
        earliest=None,
        latest=None,
        approximate=False,
        date_text="",
        date_edtf=None,
        pk=i + 1,
    )


def test_the_index_is_written_again_after_a_commit_killed_before_its_meta(tmp_path):
    live, before = tmp_path / "index", tmp_path / "before"
    TantivyEngine(live).write([_doc(i) for i in range(3)], [], 1)
    shutil.copytree(live, before)
    TantivyEngine(live).write([], ["cable-1"], 2)  # writes a deletion file, then meta.json
    killed = tmp_path / "killed"
    shutil.copytree(live, killed)
    shutil.copy(before / "meta.json", killed / "meta.json")  # as if killed before meta.json
    left = {p.name for p in killed.iterdir()} - {p.name for p in before.iterdir()}
    assert any(name.endswith(".del") for name in left), left

    engine = TantivyEngine(killed)
    assert engine.count() == 3 and engine.position() == 1
    engine.write([], ["cable-1"], 2)  # the same events again, as the next `index` replays them
    assert engine.count() == 2 and engine.position() == 2
    segments = {name for name in left if not name.endswith(".del")}  # new segments: random ids
    assert segments and not segments & {p.name for p in killed.iterdir()}  # left files removed
