"""The one progress bar of long commands (ingest, link): on the terminal's stderr, gone when done."""

from __future__ import annotations


def progress_bar(console, disable: bool):
    """A ``rich`` progress bar with a count and elapsed time; ``disable`` for --json, --quiet
    and output that is not a terminal (a log or a pipe gets no control characters)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=disable,
        transient=True,
    )
