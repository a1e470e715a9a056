"""A backup carries the scans' exact bytes (they live beside the database), and restore puts
them back."""

from __future__ import annotations

import pytest

from tests.curation.test_ops_backup import restored_database  # noqa: F401 (fixture)
from tests.scans import make
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_and_restore_keep_the_scans(seed_doc, tmp_path, restored_database):  # noqa: F811
    from sourcebook.scans import storage
    from sourcebook.scans.attaching import attach

    data = make.pdf(pages=2, width=300, height=300)
    attach(seed_doc, [("scan.pdf", data)])
    sha = seed_doc.scans.get().sha256
    backup = tmp_path / "b.tar"
    out = run_cli("backup", "-q", str(backup))
    assert out.returncode == 0, out.stderr
    new_home = tmp_path / "restored"
    env = {"SOURCEBOOK_HOME": str(new_home)}
    env["DATABASE_URL"] = restored_database or f"sqlite:///{new_home / 'sourcebook.sqlite3'}"
    out = run_cli("restore", "-q", str(backup), env_extra=env)
    assert out.returncode == 0, out.stderr
    restored = new_home / storage.original(sha).relative_to(storage.root().parent)
    assert restored.read_bytes() == data
    assert "derive" in run_cli("jobs", env_extra=env).stdout
