"""The edition rendered by several processes: the same files as by one, a failing page is
the error it was and leaves nothing behind, and a caller inside a transaction keeps one
process (its children could not see what it has not committed)."""

from __future__ import annotations

import pytest

from tests.hostile.limits_support import add_record

from .support import FORMATS, load_archive


def _files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_same_edition_as_one(tmp_path):
    from sourcebook.edition.export import export_site

    load_archive(tmp_path)
    kwargs = {"base_url": "https://example.org/edition", "formats": FORMATS.split(",")}
    one = export_site(tmp_path / "one", search=False, workers=1, **kwargs)
    two = export_site(tmp_path / "two", search=False, workers=2, **kwargs)
    assert (one.processes, two.processes) == (1, 2)
    serial, forked = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert len(serial) > 300  # pages, version pages, exports of 21 documents, static files
    assert forked.keys() == serial.keys()
    assert [name for name in serial if forked[name] != serial[name]] == []
    assert one.indexed == two.indexed and one.files == two.files


@pytest.mark.django_db(transaction=True)
def test_a_failing_page_in_a_child_is_its_error_and_no_edition(tmp_path, monkeypatch):
    import os

    from sourcebook.edition.export import export_site
    from sourcebook.related import queries

    for n in range(12):
        add_record(f"child-{n}")
    replies = queries.replies

    def broken(doc):
        if doc.public_id == "child-7":
            raise RuntimeError(f"replies of child-7 broke in process {os.getpid()}")
        return replies(doc)

    monkeypatch.setattr(queries, "replies", broken)  # before the fork: the children have it
    with pytest.raises(RuntimeError, match="replies of child-7 broke") as raised:
        export_site(tmp_path / "edition", search=False, formats=["record"], workers=2)
    assert list(tmp_path.iterdir()) == []  # no staging folder, no edition
    assert not str(raised.value).endswith(f" {os.getpid()}")  # it broke in a child


@pytest.mark.django_db
def test_inside_a_transaction_one_process_renders(tmp_path):
    from sourcebook.edition.export import export_site

    add_record("uncommitted-1")  # only this transaction sees it
    summary = export_site(tmp_path / "edition", search=False, formats=["record"], workers=2)
    assert summary.processes == 1
    assert (tmp_path / "edition" / "documents" / "uncommitted-1.txt").is_file()


@pytest.mark.django_db(transaction=True)
def test_a_child_killed_outright_is_a_one_line_error_not_a_hang(tmp_path, monkeypatch):
    """The out-of-memory killer sends SIGKILL: the page the child had in hand never comes
    back, and the export must say so rather than wait for it."""
    import os
    import signal

    from sourcebook.edition.export import ExportError, export_site
    from sourcebook.related import queries

    for n in range(12):
        add_record(f"killed-{n}")
    parent, replies = os.getpid(), queries.replies

    def killed(doc):
        if doc.public_id == "killed-5" and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return replies(doc)

    monkeypatch.setattr(queries, "replies", killed)
    with pytest.raises(ExportError, match="ended unexpectedly .* fewer --workers"):
        export_site(tmp_path / "edition", search=False, formats=["record"], workers=2)
    assert list(tmp_path.iterdir()) == []
