"""sourcebook search / reindex / check, run as real subprocesses against the test database."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sourcebook.search import indexer
from tests.conftest import SAMPLES
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ingested(corpus_dir):
    out = run_cli("ingest", str(corpus_dir))
    assert out.returncode == 0, out.stderr
    return out


def test_ingest_applies_the_outbox_and_search_finds_it(ingested):
    # The ingest command indexed what it ingested (AFTER_INGEST): no pending events.
    check = run_cli("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "ok: the index matches the database" in check.stdout
    out = run_cli("search", "cotton", "-floods")
    assert out.returncode == 0, out.stderr
    assert "1 result for 'cotton -floods'" in out.stdout
    assert "[undated-letter]" in out.stdout and "«cotton»" in out.stdout


def test_search_json_contract_with_filters_dates_sort_page(ingested):
    out = run_cli(
        "search",
        "Sarah",
        "Park",
        "--filter",
        "decade=1950s",
        "--from",
        "1958",
        "--to",
        "1958-11",
        "--sort",
        "-date",
        "--page",
        "1",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["total"] == 1
    [r] = data["results"]
    assert {
        "id",
        "title",
        "date",
        "snippet",
        "highlights",
        "snippet_html",
        "matched_variants",
    } <= set(r)
    assert r["id"] == "kim-pyongyang-1958" and r["date"] == "November 1958"
    assert data["facets"]["translator"] == [{"value": "Sarah Park", "count": 1}]
    assert data["filters"] == {"decade": ["1950s"]}
    assert (data["from"], data["to"]) == ("1958-01-01", "1958-11-30")


def test_bad_filter_is_a_clear_error(ingested):
    out = run_cli("search", "x", "--filter", "colour=red")
    assert out.returncode == 1
    assert out.stderr.startswith("error: --filter 'colour=red': unknown facet 'colour'")
    out = run_cli("search", "x", "--filter", "decade")
    assert out.returncode == 1 and "use FACET=VALUE" in out.stderr


def test_check_reports_drift_and_reindex_repairs_it(ingested):
    from django.db.models import F

    from sourcebook.archive.models import Document
    from sourcebook.search.documents import IndexDoc

    engine = indexer.get_engine()
    Document.objects.filter(public_id="zhou-yang-1957").update(version=F("version") + 1)  # stale
    engine.delete(["embassy-c1957"])  # missing
    engine.index([IndexDoc("ghost-1", "Ghost", "", [], None, None, False, "", None)])  # extra
    out = run_cli("check")
    assert out.returncode == 1, out.stdout
    assert "missing: 1 (embassy-c1957)" in out.stdout
    assert "stale: 1 (zhou-yang-1957)" in out.stdout
    assert "extra: 1 (ghost-1)" in out.stdout
    data = json.loads(run_cli("check", "--json").stdout)
    assert data["ok"] is False and data["missing"] == ["embassy-c1957"]
    out = run_cli("reindex", process=True)
    assert out.returncode == 0, out.stderr
    assert "Reindexed 9 documents" in out.stderr
    out = run_cli("check")
    assert out.returncode == 0, out.stdout


def test_check_counts_pending_events(ingested):
    from sourcebook.archive.models import IndexEvent

    IndexEvent.objects.create(public_id="zhou-yang-1957", action=IndexEvent.UPSERT)
    out = run_cli("check")
    assert out.returncode == 1 and "1 pending" in out.stdout


def test_a_large_ingest_indexes_in_a_second_process_and_leaves_nothing_pending(corpus_dir):
    out = run_cli("ingest", str(corpus_dir), env_extra={"SOURCEBOOK_INGEST_INDEX_BESIDE": "2"})
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stderr.splitlines() if x.startswith("Indexing beside the ingest")]
    pid = int(line.rsplit(" ", 1)[1].rstrip(")"))
    with pytest.raises(ProcessLookupError):  # stopped and reaped before the command ended
        os.kill(pid, 0)
    check = run_cli("check")
    assert "ok: the index matches the database" in check.stdout, check.stdout + check.stderr
    assert "1 result for 'cotton -floods'" in run_cli("search", "cotton", "-floods").stdout


def test_a_small_ingest_indexes_in_its_own_process(corpus_dir):
    out = run_cli("ingest", str(corpus_dir))  # fewer files than the default 1,000
    assert out.returncode == 0, out.stderr
    assert "Indexing beside" not in out.stderr


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in state  # exited, not yet reaped by its new parent


def test_the_indexing_process_stops_when_its_ingest_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from tests.support.cli import _database_env

    files = tmp_path / "many"
    files.mkdir()
    seed = (SAMPLES / "wcda-208190.txt").read_text(encoding="utf-8")
    for i in range(300):  # enough that the ingest is still writing when it is killed
        (files / f"copy-{i:03d}.txt").write_text(seed.replace("208190", f"9{i:05d}"), "utf-8")
    env = {**os.environ, **_database_env(), "SOURCEBOOK_INGEST_INDEX_BESIDE": "2"}
    ingest = subprocess.Popen(
        [sys.executable, "-m", "sourcebook", "ingest", str(files)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = ingest.stderr.readline()
    assert line.startswith("Indexing beside the ingest"), line
    child = int(line.rsplit(" ", 1)[1].rstrip(")\n"))
    # it yields the CPU to the ingest (search.cli.INDEXER_NICE), up to the lowest priority
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, child) == min(19, ours + 10)
    ingest.send_signal(signal.SIGKILL)
    ingest.wait()
    deadline = time.monotonic() + 60
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    if not _gone(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the indexing process outlived its killed ingest")


def test_search_says_when_facets_are_estimated_and_exact_counts(ingested):
    """The corpus holds one document of the one-in-16 sample: past a threshold of 1, a browse's
    facets are estimated from it (``~`` and a line saying so); ``--exact`` counts them."""
    env = {"SOURCEBOOK_SEARCH_ESTIMATE_ABOVE": "1"}
    out = run_cli("search", env_extra=env)
    assert out.returncode == 0, out.stderr
    assert "counts estimated from 1 document in 16 (--exact to count)" in out.stdout
    assert "(~9)" in out.stdout  # 16 for the one sampled document, no more than the 9 results
    exact = run_cli("search", "--exact", "--json", env_extra=env)
    data = json.loads(exact.stdout)
    assert data["facets_estimated"] is False and data["total"] == 9
    estimated = json.loads(run_cli("search", "--json", env_extra=env).stdout)
    assert estimated["facets_estimated"] is True and estimated["facet_sample_rate"] == 16


@pytest.mark.parametrize(
    ("value", "reason"), [("-1", "must be 0 (always exact) or more"), ("lots", "whole number")]
)
def test_a_bad_estimate_threshold_is_one_line_and_searches_nothing(value, reason):
    out = run_cli("search", "Kim", env_extra={"SOURCEBOOK_SEARCH_ESTIMATE_ABOVE": value})
    assert out.returncode != 0 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "SOURCEBOOK_SEARCH_ESTIMATE_ABOVE" in lines[0], out.stderr
    assert reason in lines[0]
