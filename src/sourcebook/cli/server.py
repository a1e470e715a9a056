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


def run_server(host: str, port: int, threads: int) -> None:
    """Serve the WSGI app with waitress (a production WSGI server; static files via WhiteNoise)."""
    from waitress import serve as waitress_serve

    from sourcebook.wsgi import application

    for hook in SERVE_HOOKS:
        hook()
    for line in deployment_warnings(host):
        click.echo(f"warning: {line}", err=True)
    click.echo(f"Sourcebook is serving http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    # A look-ahead of requests lets waitress notice a closed connection while a request runs,
    # so long work (a PDF export) can stop when its client has gone (downloads.client_gone).
    waitress_serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="sourcebook",
        channel_request_lookahead=5,
        **proxy_options(),
    )


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
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve the archive: pages, JSON API and admin."""
    runtime.setup()
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
