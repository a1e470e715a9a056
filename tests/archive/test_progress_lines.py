"""Long commands show progress in a log too: a plain line every SOURCEBOOK_PROGRESS_EVERY
seconds on stderr when it is not a terminal (a bar's control characters on a terminal only)."""

from __future__ import annotations

import shutil

import pytest

from sourcebook.cli import progress
from tests.conftest import SEED
from tests.support.cli import run_cli


def test_lines_say_what_how_far_and_how_long(capsys):
    with progress.LineProgress(every=0) as bar:
        task = bar.add_task("Ingesting", total=4)
        bar.advance(task)
        bar.update(task, description="Rendering pages", completed=3)
        other = bar.add_task("Linking")  # no total known
        bar.advance(other, 12_345)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "Ingesting: 1 of 4 (25 %), 0 s",
        "Rendering pages: 3 of 4 (75 %), 0 s",
        "Linking: 12,345, 0 s",
    ]
    assert progress.line({"description": "x", "completed": 5, "total": 10}, 125.0) == (
        "x: 5 of 10 (50 %), 2 min 5 s"
    )


def test_no_line_before_the_interval(capsys):
    with progress.LineProgress(every=30) as bar:
        task = bar.add_task("Ingesting", total=2)
        bar.advance(task)
        bar.advance(task)
    assert capsys.readouterr().err == ""


@pytest.mark.django_db(transaction=True)
def test_ingest_into_a_log_shows_progress_lines(tmp_path):
    every = {"SOURCEBOOK_PROGRESS_EVERY": "0"}
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    result = run_cli("ingest", "--no-index", str(folder), env_extra=every)  # stderr: a pipe
    assert result.returncode == 0, result.stderr
    assert "Ingesting: 1 of 1 (100 %)" in result.stderr
    assert "\x1b" not in result.stderr  # no control characters in a log
    quiet = run_cli("ingest", "--no-index", "--quiet", str(folder), env_extra=every)
    assert "Ingesting:" not in quiet.stderr
    default = run_cli("ingest", "--no-index", str(folder), process=True)
    assert "Ingesting:" not in default.stderr  # within the first 30 s: no line yet
