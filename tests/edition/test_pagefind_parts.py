"""The search index in parts sized by what Pagefind will hold: the number of pages, and the
length of their texts (Pagefind's memory grows with both; bench/RESULTS.md)."""

from __future__ import annotations

import json
import math
import re

import pytest
from django.conf import settings as django_settings

from sourcebook.edition import pagefind

PAGES = [f"documents/d{n:03d}/index.html" for n in range(68)]


def _weight(size: int) -> float:
    """A page's share of a part, as the docs describe it (not read from the code)."""
    memory = pagefind.PAGE_MEMORY + pagefind.TEXT_MEMORY * size
    return max(1 / pagefind.PART, memory / django_settings.SOURCEBOOK_EDITION_INDEX_MEMORY)


def test_short_pages_fill_a_part_by_count(monkeypatch):
    monkeypatch.setattr(pagefind, "PART", 10)
    parts = pagefind.split(PAGES, dict.fromkeys(PAGES, 3_000))
    assert [page for part in parts for page in part] == PAGES  # all, once, in order
    assert len(parts) == 7 and max(map(len, parts)) == 10 and min(map(len, parts)) >= 9
    assert pagefind.split(PAGES[:10], {}) == [PAGES[:10]]
    assert pagefind.split([], {}) == [[]]


def test_long_texts_fill_a_part_by_memory(monkeypatch, settings):
    """Long pages fill a part by memory before they reach its count: eight pages of 9 KB to a
    part here, and a page ten times as long takes about a part to itself."""
    monkeypatch.setattr(pagefind, "PART", 1_000)  # never reached here
    eight = 8 * (pagefind.PAGE_MEMORY + pagefind.TEXT_MEMORY * 9_000)
    settings.SOURCEBOOK_EDITION_INDEX_MEMORY = eight  # eight pages of 9 KB to a part
    sizes = dict.fromkeys(PAGES, 9_000) | dict.fromkeys(PAGES[30:40], 90_000)
    parts = pagefind.split(PAGES, sizes)
    assert [page for part in parts for page in part] == PAGES
    assert len(parts) == math.ceil(sum(_weight(sizes[p]) for p in PAGES))  # as few as fit
    for part in parts:
        weights = [_weight(sizes[p]) for p in part]
        assert sum(weights) <= 1 + max(weights)  # a whole part, give or take one page
    # The ten long pages are spread over more parts than ten short ones would be.
    long = {n for n, part in enumerate(parts) if set(part) & set(PAGES[30:40])}
    assert len(long) >= 5
    assert len(pagefind.split(PAGES, dict.fromkeys(PAGES, 9_000))) == 9


def test_build_indexes_long_texts_in_more_runs(tmp_path, settings):
    """Three pages, each too long to share a part: three runs of Pagefind, listed for the
    search page; their sizes unknown, the same pages are one run."""
    pages = []
    for name in ("a", "b", "c"):
        page = tmp_path / "documents" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body><main data-pagefind-body><p>Kaesong {name}</p></main>")
        pages.append(f"documents/{name}/index.html")
    memory = pagefind.PAGE_MEMORY + pagefind.TEXT_MEMORY * 50_000
    settings.SOURCEBOOK_EDITION_INDEX_MEMORY = memory
    summary = pagefind.build(tmp_path, "en", pages, dict.fromkeys(pages, 50_000))
    parts = json.loads((tmp_path / "pagefind" / "parts.json").read_text())
    assert parts == ["part-2/", "part-3/"]
    assert re.findall(r"Indexed (\d+) pages?\b", summary) == ["1", "1", "1"]
    for part in ["", *parts]:
        assert (tmp_path / "pagefind" / part / "pagefind-entry.json").is_file()
    pagefind.build(tmp_path, "en", pages)
    assert json.loads((tmp_path / "pagefind" / "parts.json").read_text()) == []


@pytest.mark.parametrize("size", [4_716, 9_174, 30_720])
def test_the_estimate_is_above_what_pagefind_took(size):
    """bench/RESULTS.md: 183 KB a page of 4.7 KB of text (the benchmark's records), 420 KB of
    9.2 KB (FRUS documents), 1.23 MB of 30 KB."""
    measured = {4_716: 183 * 2**10, 9_174: 420 * 2**10, 30_720: 1_232 * 2**10}
    assert pagefind.PAGE_MEMORY + pagefind.TEXT_MEMORY * size >= measured[size]


def test_short_records_are_indexed_as_before_and_frus_documents_in_more_parts():
    """The defaults: 20,000 of the benchmark's records are still one part (20,001 two), and
    20,000 FRUS documents two, as measured (bench/RESULTS.md: 7.49 GB in one, 4.23 in two)."""
    assert django_settings.SOURCEBOOK_EDITION_INDEX_MEMORY == 6 * 2**30
    pages = [f"documents/d{n:05d}/index.html" for n in range(20_001)]
    assert len(pagefind.split(pages[:20_000], dict.fromkeys(pages, 4_716))) == 1
    assert len(pagefind.split(pages, dict.fromkeys(pages, 4_716))) == 2
    assert len(pagefind.split(pages[:20_000], dict.fromkeys(pages, 9_174))) == 2


@pytest.mark.parametrize(("value", "reason"), [("6", "at least 256M"), ("lots", "a size such as")])
def test_a_bad_index_memory_is_one_line_and_exports_nothing(tmp_path, value, reason):
    from tests.support.cli import run_cli

    env = {"SOURCEBOOK_EDITION_INDEX_MEMORY": value}
    out = run_cli("export-site", str(tmp_path / "edition"), env_extra=env)
    assert out.returncode != 0 and not (tmp_path / "edition").exists()
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "SOURCEBOOK_EDITION_INDEX_MEMORY" in lines[0], out.stderr
    assert reason in lines[0]


def test_the_index_memory_setting_sizes_the_parts(settings):
    """An operator's budget is what the parts are cut to: twice the memory, half the parts."""
    sizes = dict.fromkeys(PAGES, 9_000)
    settings.SOURCEBOOK_EDITION_INDEX_MEMORY = 8 * (
        pagefind.PAGE_MEMORY + pagefind.TEXT_MEMORY * 9_000
    )
    assert len(pagefind.split(PAGES, sizes)) == 9
    settings.SOURCEBOOK_EDITION_INDEX_MEMORY *= 2
    assert len(pagefind.split(PAGES, sizes)) == 5
