"""The command group every CLI module registers on."""

from __future__ import annotations

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
