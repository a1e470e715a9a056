"""search, index, reindex, check: the search index from the command line.

Also wires the index into the rest of the CLI: ``sourcebook ingest`` applies the outbox when it
finishes (AFTER_INGEST) and ``sourcebook serve`` keeps a background indexer running (SERVE_HOOKS),
so no search ever has to index.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import threading
import time

import click

from sourcebook import runtime
from sourcebook.cli.documents import AFTER_INGEST, INGEST_BESIDE
from sourcebook.cli.main import fail, main
from sourcebook.cli.server import SERVE_HOOKS


def _apply_outbox() -> None:
    from . import indexer

    indexer.catch_up(lock_timeout=600)


def _start_poller() -> None:
    from . import indexer

    indexer.start_poller()  # it catches up in the background; serving starts at once


def _stop_on_signals() -> threading.Event:
    """An event set by Ctrl+C or SIGTERM: the watcher stops between two catch-ups.

    Why handlers rather than KeyboardInterrupt: a process started in the background by a
    non-interactive shell inherits SIGINT ignored, and Python then never raises
    KeyboardInterrupt (an ingest's helper process waited for a stop that never came). And an
    interrupt in the middle of a commit would only throw that catch-up's work away.
    """
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


# How much lower the indexer beside an ingest runs than the ingest (``nice``). Why: the ingest
# is the longest of the three processes of a large ingest (it, the indexer and the linking
# worker), and on two cores all three often want one at once: at equal priority each then gets
# two thirds of a core, and the ingest, which bounds the wall time, loses a third of its own.
# Lowered, the indexer takes what the ingest and the linking worker leave (the worker is
# awaited, the indexer is not: the outbox keeps what it has not applied). 200,000 documents on
# two cores: 1.71 -> 1.83 of the two cores in use, 6 % less wall time (bench/RESULTS.md).
INDEXER_NICE = 10


def _beside_child() -> None:
    """In the child, before it runs: end with its ingest, and yield the CPU to it."""
    _stop_when_parent_dies()
    with contextlib.suppress(OSError):
        os.nice(INDEXER_NICE)


def _stop_when_parent_dies() -> None:
    """In the child: SIGTERM when the ingest that started it dies (kill -9 included), so a
    watcher is never left running without its ingest (Linux; elsewhere nothing is set)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _index_beside(files: int, quiet: bool):
    """INGEST_BESIDE: a large ingest starts ``sourcebook index --watch`` in a second process.

    Why: indexing (name keys and tokens, in Python) is about 40 % of a large ingest and used
    to start only when the last file was written. In another process it runs on the other core
    while the ingest writes, applying each batch as it commits; the ingest's own catch-up then
    finds little left. Small ingests (below ``SOURCEBOOK_INGEST_INDEX_BESIDE`` files) don't
    pay for a second process.
    """
    from django.conf import settings

    threshold = settings.SOURCEBOOK_INGEST_INDEX_BESIDE
    if not threshold or files < threshold:
        return None
    child = subprocess.Popen(
        [sys.executable, "-m", "sourcebook", "index", "--watch", "--quiet"],
        stdin=subprocess.DEVNULL,
        preexec_fn=_beside_child,  # noqa: PLW1509 (no threads yet in the ingest)
    )
    if not quiet:
        click.echo(f"Indexing beside the ingest (process {child.pid})", err=True)

    def stop() -> None:
        child.terminate()  # `index --watch` stops after its current catch-up; the outbox keeps
        try:  # whatever it had not applied for the catch-up after the ingest
            child.wait(timeout=600)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    return stop


AFTER_INGEST.append(_apply_outbox)
INGEST_BESIDE.append(_index_beside)
SERVE_HOOKS.append(_start_poller)


def _filters(values: tuple[str, ...]) -> dict[str, list[str]]:
    from .documents import FACETS

    out: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not value.strip():
            fail(f"--filter {item!r}: use FACET=VALUE, e.g. --filter decade=1950s")
        if name not in FACETS:
            fail(f"--filter {item!r}: unknown facet {name!r} (facets: {', '.join(FACETS)})")
        out.setdefault(name, []).append(value.strip())
    return out


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--from", "date_from", metavar="DATE", help="Dated on or after: 1959, 1959-10, 1959-10-11."
)
@click.option(
    "--to", "date_to", metavar="DATE", help="Dated on or before: 1959, 1959-10, 1959-10-11."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "-date"]),
    default="relevance",
    show_default=True,
    help="Relevance, oldest first (date) or newest first (-date).",
)
@click.option(
    "--undated",
    type=click.Choice(["exclude", "include"]),
    default="exclude",
    show_default=True,
    help="With --from/--to: also list documents that have no date.",
)
@click.option("--page", type=int, default=1, show_default=True, help="Page of 20 results.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FACET=VALUE",
    help="Only documents with this facet value (repeatable), e.g. decade=1950s.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Count facets exactly even when very many documents match (they are estimated from "
    "a sample past SOURCEBOOK_SEARCH_ESTIMATE_ABOVE).",
)
@click.option("--json", "as_json", is_flag=True, help="The API's JSON instead of text.")
def search(query, date_from, date_to, sort, undated, page, filters, exact, as_json) -> None:
    """Search the archive: words, "phrases", OR, -exclude, prefix*, title:/text:/person:/place:.

    \b
    Examples:
      sourcebook search Zhou Enlai
      sourcebook search '"consular affairs" -Japan' --from 1959-10 --to 1959-12
      sourcebook search korea --filter decade=1950s --sort date --json
    """
    runtime.setup()
    from .service import DateRangeError
    from .service import search as run

    text = " ".join(query)
    try:
        results = run(
            text,
            filters=_filters(filters),
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            undated=undated,
            exact=exact,
        )
    except DateRangeError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))
        return
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    if results.pending:
        click.echo(
            f"note: {results.pending:,} changes not yet searchable (run `sourcebook index`)",
            err=True,
        )
    tty = sys.stdout.isatty()
    shown = f"{(results.page - 1) * results.page_size + 1}–{(results.page - 1) * results.page_size + len(results.results)}"
    click.echo(
        f"{results.total} result{'s' if results.total != 1 else ''}"
        + (f" for {text!r}" if text else "")
        + (f", showing {shown} (page {results.page} of {results.pages})" if results.results else "")
    )
    for n, r in enumerate(results.results, start=(results.page - 1) * results.page_size + 1):
        approx = " (approximate date)" if r["date_match_approximate"] else ""
        click.echo(f"\n{n}. [{r['id']}] {r['date'] or 'n.d.'}{approx}")
        click.echo(f"   {r['title']}")
        click.echo(f"   {_marked(r['snippet'], r['highlights'], tty)}")
        if r["matched_variants"]:
            click.echo(f"   matched: {', '.join(_matched(r))}")
    busy = {k: v for k, v in results.facets.items() if v}
    if busy:
        about = "~" if results.sample_rate else ""
        estimated = (
            f", counts estimated from 1 document in {results.sample_rate} (--exact to count)"
            if results.sample_rate
            else ""
        )
        click.echo(f"\nFacets (use --filter FACET=VALUE{estimated}):")
        for name, values in busy.items():
            listed = ", ".join(f"{v['value']} ({about}{v['count']})" for v in values[:8])
            more = f", … {len(values) - 8} more" if len(values) > 8 else ""
            click.echo(f"  {name}: {listed}{more}")


def _marked(text: str, spans, tty: bool) -> str:
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        word = text[s:e]
        out.append(click.style(word, bold=True, underline=True) if tty else f"«{word}»")
        pos = e
    out.append(text[pos:])
    return "".join(out)


@main.command()
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def reindex(quiet: bool) -> None:
    """Rebuild the search index from the database (it is derived data; nothing is lost)."""
    runtime.setup()
    from . import indexer

    started = time.monotonic()
    n = indexer.rebuild(progress=_progress_printer(quiet, "indexed documents"))
    elapsed = time.monotonic() - started
    click.echo(f"Reindexed {n:,} documents in {elapsed:.1f}s into {indexer.index_path()}", err=True)


def _progress_printer(quiet: bool, what: str):
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if not quiet and (now - last[0] > 1 or done == total):
            last[0] = now
            click.echo(f"{what} {done:,} of {total:,}", err=True)

    return progress


@main.command()
@click.option("--watch", is_flag=True, help="Keep applying new changes until stopped.")
@click.option(
    "--interval",
    type=float,
    default=None,
    metavar="SECONDS",
    help="With --watch: seconds between looks (default: SOURCEBOOK_INDEX_INTERVAL or 0.5).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
def index(watch: bool, interval: float | None, quiet: bool) -> None:
    """Apply pending changes (the outbox) to the search index, once or continuously.

    `sourcebook serve` does this in a background thread; run `sourcebook index --watch` beside
    any other WSGI server (gunicorn, uwsgi, mod_wsgi), since searches never index themselves.

    \b
    Examples:
      sourcebook index
      sourcebook index --watch --interval 2
    """
    runtime.setup()
    from . import indexer

    if watch:
        if not quiet:
            every = interval if interval is not None else indexer.interval()
            click.echo(f"Watching the outbox every {every:g}s (Ctrl+C to stop)", err=True)
        indexer.watch(interval, stop=_stop_on_signals())
        return
    try:
        applied = indexer.catch_up(
            lock_timeout=600, progress=_progress_printer(quiet, "applied changes")
        )
    except TimeoutError as exc:
        fail(f"{exc}; try again when it has finished")
    if not quiet:
        click.echo(f"Applied {len(applied):,} changes to {indexer.index_path()}", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.option(
    "--versions",
    is_flag=True,
    help="Also read every stored version of every document and compare each document with "
    "its newest version (slower: about 40 s per 100,000 documents).",
)
def check(as_json: bool, versions: bool) -> None:
    """Compare the search index with the database, verify the stored sources; exit 1 on a fault.

    Reports documents missing from the index, indexed at an old version (stale), indexed but
    not in the database (extra) or indexed twice, and outbox events not applied yet. Streams
    both sides in sorted pages, so it works at any size; the JSON lists hold the first 1,000
    ids of each kind and ``counts`` the full numbers. Every stored source file is unpacked and
    its size and SHA-256 compared with those recorded at ingest (``sources``). With
    ``--versions``, every stored version is unpacked and each document compared with its newest
    version (``versions``, :mod:`sourcebook.archive.versions_check`).
    """
    runtime.setup()
    from sourcebook.archive import fixity, versions_check

    from . import indexer

    report = indexer.drift()
    sources = fixity.verify_sources()
    dictionaries = fixity.verify_dictionaries()
    counter = _progress_printer(as_json, "versions: documents read")
    stored = versions_check.verify_versions(counter) if versions else None
    damaged = bool(sources.damaged_count or dictionaries["damaged"])
    damaged = damaged or bool(stored and stored.problem_count)
    engine = indexer.get_engine()
    position = engine.position()
    latest = indexer.latest_event_id()
    pending = indexer.pending()
    drifted = any(report.counts.values()) or pending > 0
    if as_json:
        click.echo(
            json.dumps(
                {
                    **report,
                    "counts": report.counts,
                    "pending_events": pending,
                    "index_position": position,
                    "latest_event": latest,
                    "indexed_documents": engine.count(),
                    "sources": sources.to_json(),
                    "dictionaries": dictionaries,
                    **({"versions": stored.to_json()} if stored is not None else {}),
                    "ok": not drifted and not damaged,
                },
                indent=2,
            )
        )
    else:
        click.echo(
            f"index: {engine.count():,} documents at event {position:,} "
            f"(database's latest event: {latest:,}; {pending:,} pending)"
        )
        for key, ids in report.items():
            count = report.counts[key]
            if count:
                sample = ", ".join(ids[:10]) + (f", … {count - 10:,} more" if count > 10 else "")
                click.echo(f"{key}: {count:,} ({sample})")
        _echo_fixity(sources, dictionaries)
        if stored is not None:
            _echo_versions(stored)
        click.echo(
            "drift found: run `sourcebook reindex` to rebuild the index"
            if drifted
            else "ok: the index matches the database"
        )
    if drifted or damaged:
        raise SystemExit(1)


def _echo_versions(stored) -> None:
    if not stored.problem_count:
        click.echo(
            f"versions: {stored.versions:,} stored versions of {stored.documents:,} documents "
            "read; each document is what its newest version says"
        )
        return
    click.echo(f"versions: {stored.problem_count:,} problems in {stored.documents:,} documents")
    for bad in stored.problems[:10]:
        click.echo(f"  {bad['id']}: {bad['problem']}")
    click.echo(
        "see docs/operations.md#checking-every-version: restore from a backup "
        "(`sourcebook restore`), or find what changed the document outside its versions"
    )


def _echo_fixity(sources, dictionaries: dict) -> None:
    for bad in dictionaries["damaged"]:
        click.echo(f"{bad['problem']}")
    if dictionaries["checked"] and not dictionaries["damaged"]:
        click.echo(f"packing dictionaries: {dictionaries['checked']:,} checked, intact")
    if not sources.damaged_count:
        click.echo(f"sources: {sources.checked:,} checked, every one matches its SHA-256")
        return
    click.echo(f"sources: {sources.damaged_count:,} of {sources.checked:,} damaged")
    for bad in sources.damaged[:10]:
        click.echo(f"  {bad['path']} ({bad['sha256'][:12]}): {bad['problem']}")
    click.echo("damaged sources: restore them from a backup (`sourcebook restore`)")


def _matched(result: dict) -> list[str]:
    """The renderings a result matched, Han ones with the reading they matched in."""
    readings = {m["text"]: m["reading"] for m in result.get("matched_readings", [])}
    return [
        f"{v} ({readings[v]} reading)" if readings.get(v) in ("mandarin", "sino-korean") else v
        for v in result["matched_variants"]
    ]
