"""``loading.read_limited``: a file's bytes up to a limit, read without a buffer of the
limit's size, and read on when the file turns out larger than its size said."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from sourcebook.core.errors import RecordError
from sourcebook.core.loading import read_limited

PSEUDO = Path("/proc/version")  # a regular file whose size reads 0 but which has bytes


def test_a_small_file_is_read_without_a_buffer_of_the_limits_size(tmp_path):
    path = tmp_path / "small.txt"
    path.write_bytes(b"October 11, 1959\n**Title**\n\nText.\n")
    tracemalloc.start()
    try:
        data = read_limited(path, 200 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 1024 * 1024, peak  # was the whole 200 MB limit, for every file


@pytest.mark.skipif(not PSEUDO.is_file(), reason="needs Linux's /proc")
def test_a_file_larger_than_its_size_said_is_read_on_to_the_limit():
    assert PSEUDO.stat().st_size == 0
    assert read_limited(PSEUDO, 1024 * 1024) == PSEUDO.read_bytes()
    with pytest.raises(RecordError, match="over the limit of 10 bytes"):
        read_limited(PSEUDO, 10)


def test_a_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(RecordError, match="101 bytes, over the limit of 100"):
        read_limited(path, 100)
    assert read_limited(path, 101) == b"x" * 101
