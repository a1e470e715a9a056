"""serve and demo: publishing the archive over HTTP."""

from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

import click

from sourcebook import runtime

from .main import fail, main

# Functions started beside the server (e.g. the search indexer's outbox poller).
SERVE_HOOKS: list = []


def run_hooks() -> None:
    """Start what runs beside the server: the background indexer, the job worker."""
    for hook in SERVE_HOOKS:
        hook()


def announce(host: str, port: int, workers: int = 1) -> None:
    for line in deployment_warnings(host):
        click.echo(f"warning: {line}", err=True)
    how = f" with {workers} worker processes" if workers > 1 else ""
    click.echo(f"Sourcebook is serving http://{host}:{port}/{how} (Ctrl+C to stop)", err=True)


def run_server(host: str, port: int, threads: int) -> None:
    """Serve the WSGI app with waitress (a production WSGI server; static files via WhiteNoise)."""
    run_hooks()
    announce(host, port)
    waitress_serve(threads, host=host, port=port)


def waitress_serve(threads: int, **where) -> None:
    """One waitress server, on ``host``/``port`` or on inherited ``sockets``."""
    from django.conf import settings
    from waitress import serve

    from sourcebook.wsgi import application

    from . import resident
    from .workers import pid_header

    app = pid_header(application) if settings.SOURCEBOOK_WORKER_HEADER else application
    resident.settle()
    # A look-ahead of requests lets waitress notice a closed connection while a request runs,
    # so long work (a PDF export) can stop when its client has gone (downloads.client_gone).
    serve(
        app,
        threads=threads,
        ident="sourcebook",
        channel_request_lookahead=5,
        **where,
        **proxy_options(),
    )


def run_workers(host: str, port: int, threads: int, workers: int) -> None:
    """Pre-fork: this process binds the port, runs the indexer and job worker, supervises."""
    from django.db import connections

    from . import workers as prefork

    try:
        sock = prefork.bind(host, port)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    connections.close_all()
    run_hooks()
    announce(host, port, workers)
    raise SystemExit(prefork.Supervisor(sock, workers, prefork.worker_command(threads)).run())


def run_worker(fd: int, threads: int) -> None:
    """A worker of ``serve --workers``: serve on the supervisor's socket; no indexer, no jobs."""
    from . import workers as prefork

    prefork.stop_on_sigterm()
    prefork.exit_with_supervisor()
    waitress_serve(threads, sockets=[prefork.inherited_socket(fd)], _quiet=True)


def proxy_options() -> dict:
    """Let waitress take the scheme and client address from a trusted proxy, and only then.

    Without ``SOURCEBOOK_TRUSTED_PROXY`` waitress drops every ``X-Forwarded-*`` header (its
    default), so a client cannot claim to be on TLS or to come from another address.
    """
    from django.conf import settings

    count = settings.SOURCEBOOK_TRUSTED_PROXIES
    if not count:
        return {}
    return {
        "trusted_proxy": "*",  # the port must be reachable only through the proxy (see docs)
        "trusted_proxy_count": count,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
    }


LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1", "[::1]")


def deployment_warnings(host: str) -> list[str]:
    """What an operator publishing the site still has to set (see docs/operations.md)."""
    from django.conf import settings

    out = []
    base = settings.SOURCEBOOK_BASE_URL
    if host not in LOCAL_ADDRESSES and not base and not os.environ.get("SOURCEBOOK_ALLOWED_HOSTS"):
        out.append(
            f"listening on {host}, but only requests for localhost, 127.0.0.1 and [::1] are "
            "answered (others get 400 Bad Request); set SOURCEBOOK_BASE_URL to the public URL, "
            "e.g. https://archive.example.org (or SOURCEBOOK_ALLOWED_HOSTS to extra host names)"
        )
    if "*" in settings.ALLOWED_HOSTS and not base:
        out.append(
            "SOURCEBOOK_ALLOWED_HOSTS has * and SOURCEBOOK_BASE_URL is not set: OAI, sitemap and "
            "citation URLs follow whatever Host header a client sends; set SOURCEBOOK_BASE_URL"
        )
    if host not in LOCAL_ADDRESSES and settings.SOURCEBOOK_TRUSTED_PROXIES:
        out.append(
            f"SOURCEBOOK_TRUSTED_PROXY is set and serve listens on {host}: a client reaching "
            "this port directly can forge X-Forwarded-For and X-Forwarded-Proto; listen on "
            "127.0.0.1 behind the proxy, or let only the proxy reach the port"
        )
    if base.startswith("https://") and not settings.SOURCEBOOK_TRUSTED_PROXIES:
        out.append(
            "SOURCEBOOK_BASE_URL is https but SOURCEBOOK_TRUSTED_PROXY is not set, so requests "
            "are not known to arrive over TLS (no HSTS header); set SOURCEBOOK_TRUSTED_PROXY=1 "
            "when a TLS proxy in front sets X-Forwarded-Proto and X-Forwarded-For"
        )
    return out


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(1), help="Threads per process."
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Serving processes sharing the port and the data directory.",
)
@click.option("--listen-fd", type=int, hidden=True)  # set by the supervisor for its workers
def serve(host: str, port: int, threads: int, workers: int, listen_fd: int | None) -> None:
    """Serve the archive: pages, JSON API and admin.

    With --workers N, N processes serve on the one port; this process supervises them (and
    replaces any that dies), keeps the search index caught up and runs background jobs.

    \b
    Examples:
      sourcebook serve
      sourcebook serve --host 0.0.0.0 --workers 4 --threads 8
    """
    if listen_fd is not None:
        runtime.setup(migrate=False)  # the supervisor migrated before starting workers
        run_worker(listen_fd, threads)
        return
    runtime.setup()
    if workers > 1:
        run_workers(host, port, threads, workers)
    run_server(host, port, threads)


def sample_files() -> list[Path]:
    root = resources.files("sourcebook") / "samples"
    return sorted(
        Path(str(p)) for p in root.iterdir() if p.is_file() and not p.name.startswith(".")
    )


@main.command()
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    default="sourcebook-demo",
    show_default=True,
    help="Data directory for the demo; emptied first.",
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--no-serve", is_flag=True, help="Ingest the samples and stop.")
def demo(home: str, port: int, host: str, no_serve: bool) -> None:
    """Fresh data directory, the bundled sample corpus ingested, then served."""
    if os.environ.get("DATABASE_URL"):
        fail("the demo uses its own SQLite database; unset DATABASE_URL to run it")
    path = Path(home).resolve()
    if path.exists():
        if not (path / "sourcebook.sqlite3").exists() and any(path.iterdir()):
            fail(f"{path} exists and is not a Sourcebook data directory; choose another --home")
        shutil.rmtree(path)
    os.environ["SOURCEBOOK_HOME"] = str(path)
    runtime.setup()
    from sourcebook.archive import ingest as service

    from .documents import _after_ingest

    files = sample_files()
    summary = service.Summary()
    for outcomes in service.ingest_files(files, status="published"):
        summary.outcomes.extend(outcomes)
    _after_ingest()
    for o in summary.outcomes:
        if o.error:
            click.echo(o.error, err=True)
    click.echo(
        f"Demo data in {path}: {summary.count('added')} documents from {len(files)} sample files",
        err=True,
    )
    if summary.failed:
        raise SystemExit(1)
    if not no_serve:
        run_server(host, port, 8)
