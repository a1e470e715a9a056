"""The command group every CLI module registers on."""

from __future__ import annotations

import sys

import click

from sourcebook import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sourcebook")
def main() -> None:
    """Sourcebook: an archive engine for historical primary sources.

    Data lives in $SOURCEBOOK_HOME (default ./sourcebook-data); set DATABASE_URL to use
    PostgreSQL instead of the embedded SQLite database.
    """


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def emit(payload: str | bytes, output: str | None) -> None:
    """Write an export to ``output`` (a file) or to standard output, as bytes."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if output:
        with open(output, "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
