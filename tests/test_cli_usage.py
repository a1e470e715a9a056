"""Mistakes on the command line that click itself finds (an unknown command or option, a value
of the wrong kind, a missing argument) are one line on stderr naming the help to read, like
every other error of the CLI, and exit 2 having done nothing."""

from __future__ import annotations

import pytest

from tests.support.cli import run_cli


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["nosuch"], ["No such command 'nosuch'", "(see python -m sourcebook --help)"]),
        (["serve", "--workers", "abc"], ["'--workers'", "'abc'", "serve --help)"]),
        (["export-site", "edition", "--workers", "0"], ["0 is not in the range 1<=x<=64"]),
        (["export-site"], ["Missing argument 'DIR'", "export-site --help)"]),
        (["authorities", "merge"], ["Missing argument 'SLUG'", "authorities merge --help)"]),
        (["show", "208190", "--no-such-option"], ["No such option '--no-such-option'"]),
    ],
)
def test_usage_mistakes_are_one_line(args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Usage:" not in done.stderr and "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_help_and_version_are_unchanged():
    helped = run_cli("export-site", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: ")
    assert "--workers N" in helped.stdout
    version = run_cli("--version")
    assert version.returncode == 0 and "sourcebook, version" in version.stdout
