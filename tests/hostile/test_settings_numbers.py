"""A setting that is not a number is a one-line error naming it, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SOURCEBOOK_INGEST_INDEX_BESIDE", "abc"),
        ("SOURCEBOOK_PAGE_CACHE", "lots"),
        ("SOURCEBOOK_INDEX_INTERVAL", "soon"),
    ],
)
def test_a_bad_number_setting_is_one_line_naming_it(tmp_path, setting, value):
    env = {**os.environ, "SOURCEBOOK_HOME": str(tmp_path / "home"), setting: value}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "sourcebook", "show", "--list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [out.stderr.strip()]
    assert setting in out.stderr
