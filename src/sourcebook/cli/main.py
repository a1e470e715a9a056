"""The command group every CLI module registers on."""

from __future__ import annotations

import sys

import click

from sourcebook import __version__


class OneLineUsageError(click.UsageError):
    """A mistake on the command line, shown as every other error is: one line on stderr."""

    def __init__(self, error: click.UsageError):
        super().__init__(error.format_message(), error.ctx)

    def show(self, file=None) -> None:
        where = f" (see {self.ctx.command_path} --help)" if self.ctx else ""
        click.echo(f"error: {self.message}{where}", err=True)


class Commands(click.Group):
    """The command group: click's own usage errors (an unknown option, a value that is not a
    number, a missing argument) become one line, for every command and subcommand, instead of
    click's four lines of usage and hint."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except OneLineUsageError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OneLineUsageError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError(exc) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
