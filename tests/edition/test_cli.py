"""``sourcebook export-site`` from the command line: bad folders are one line and change
nothing; a good one gets the edition."""

from __future__ import annotations

import os

import pytest

from tests.hostile.limits_support import add_record
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def _one_line_error(done, *words):
    assert done.returncode != 0
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr


def test_a_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("keep me", encoding="utf-8")
    _one_line_error(run_cli("export-site", str(path)), "is a file")
    assert path.read_text(encoding="utf-8") == "keep me"


def test_a_folder_with_other_files_needs_force(tmp_path, seed_doc):
    (tmp_path / "thesis.tex").write_text("keep me", encoding="utf-8")
    _one_line_error(run_cli("export-site", str(tmp_path), "--no-search"), "--force")
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]
    done = run_cli(
        "export-site", str(tmp_path), "--no-search", "--force", "--formats", "record", process=True
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "thesis.tex").exists()
    assert (tmp_path / "documents" / "208190" / "index.html").is_file()
    assert (tmp_path / "documents" / "208190.txt").is_file()
    assert not (tmp_path / "search").exists()  # no search page without the index
    # An earlier edition is replaced without --force.
    again = run_cli("export-site", str(tmp_path), "--formats", "record,tei")
    assert again.returncode == 0, again.stderr
    assert "Wrote 1 documents" in again.stderr
    assert (tmp_path / "documents" / "208190.tei.xml").is_file()
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()


def test_an_archive_with_nothing_published_still_gets_its_search_index(tmp_path):
    done = run_cli("export-site", str(tmp_path / "edition"), "--formats", "record")
    assert done.returncode == 0, done.stderr
    assert "Wrote 0 documents" in done.stderr
    assert (tmp_path / "edition" / "pagefind" / "pagefind-ui.js").is_file()


def test_an_unwritable_place_is_refused():
    _one_line_error(run_cli("export-site", "/proc/sourcebook-edition"), "not writable")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--formats", "docx"], ["no export format 'docx'"]),
        (["--language", "xx"], ["no interface language 'xx'"]),
        (["--base-url", "example.org"], ["--base-url must start with"]),
        (["--workers", "0"], ["'--workers': 0 is not in the range 1<=x<=64"]),
    ],
)
def test_bad_options_are_one_line(tmp_path, args, words):
    _one_line_error(run_cli("export-site", str(tmp_path / "out"), *args), *words)
    assert not (tmp_path / "out").exists()


def test_pages_in_another_interface_language(tmp_path, seed_doc):
    folder = tmp_path / "edition"
    done = run_cli("export-site", str(folder), "--language", "de", "--formats", "record", "--quiet")
    assert done.returncode == 0, done.stderr
    page = (folder / "documents" / "208190" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page
    search = (folder / "search" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in search and "braucht JavaScript" in search


def test_sigterm_removes_the_half_written_edition(tmp_path, seed_doc):
    """A killed export (systemd, ``timeout``) leaves neither its staging folder nor an edition."""
    import signal
    import subprocess
    import sys
    import time

    from tests.support.cli import _database_env

    for n in range(30):  # enough pages that the export is still running when it is stopped
        add_record(f"sigterm-{n}", paragraphs=2)
    target = tmp_path / "edition"
    env = {**os.environ, **_database_env()}
    export = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sourcebook",
            "export-site",
            str(target),
            "--formats",
            "record",
            "--workers",
            "2",
        ],
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".edition.*.partial/documents")):
        assert export.poll() is None, export.stderr.read()
        assert time.monotonic() < deadline, "no staging folder appeared"
        time.sleep(0.05)
    export.send_signal(signal.SIGTERM)
    assert export.wait(timeout=60) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []  # no staging folder, no edition
    assert _processes_naming(str(target)) == []  # the rendering processes ended too


def test_a_killed_export_leaves_no_rendering_process_behind(tmp_path, seed_doc):
    """SIGKILL gives the export no chance to end its children: Linux ends them (the
    parent-death signal), or they would wait for work forever."""
    import subprocess
    import sys
    import time

    from tests.support.cli import _database_env

    for n in range(30):
        add_record(f"sigkill-{n}", paragraphs=2)
    target = tmp_path / "edition"
    export = subprocess.Popen(
        [sys.executable, "-m", "sourcebook", "export-site", str(target), "--workers", "2"],
        stderr=subprocess.DEVNULL,
        env={**os.environ, **_database_env()},
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".edition.*.partial/documents")):
        assert export.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    assert len(_processes_naming(str(target))) == 3  # the export and its two children
    export.kill()
    export.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _processes_naming(str(target)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_naming(str(target)) == []


def _processes_naming(word: str) -> list[str]:
    """The processes whose command line holds ``word``."""
    from pathlib import Path

    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if word in cmdline.read_bytes().decode(errors="replace"):
                found.append(cmdline.parent.name)
        except OSError:  # ended while we looked
            continue
    return found


def test_a_killed_exports_staging_folder_is_removed_by_the_next(tmp_path, seed_doc):
    """SIGKILL (the out-of-memory killer) gives no chance to clean up; the next run does, but
    only for folders of this host whose process is gone."""
    import socket
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    killed = tmp_path / f".edition.{dead.pid}@{host}.k1ll3d_x.partial"
    running = tmp_path / f".edition.{os.getpid()}@{host}.runn1ng_.partial"
    elsewhere = tmp_path / f".edition.{dead.pid}@another-host.example.3lsewher.partial"
    mine = tmp_path / ".edition.notes.partial"  # not a name the export gives
    for folder in (killed, running, elsewhere, mine):
        (folder / "documents").mkdir(parents=True)
    done = run_cli("export-site", str(tmp_path / "edition"), "--no-search", "--formats", "record")
    assert done.returncode == 0, done.stderr
    assert not killed.exists()
    assert running.exists() and elsewhere.exists() and mine.exists()
    assert (tmp_path / "edition" / "documents" / "208190.txt").is_file()
