"""The one progress display of long commands (ingest, link, relate, repack, export-site).

On a terminal: a ``rich`` bar on stderr, gone when done. Elsewhere (a log file, cron, a pipe,
``nohup``): a plain line on stderr every ``SOURCEBOOK_PROGRESS_EVERY`` seconds (30), with no
control characters. Why both: a million documents take most of an hour to ingest, and an operator
reading the log of such a run must see that it moves and how far it is; a bar's redrawn line
would fill the log with escape codes, and nothing at all looks like a hang.
"""

from __future__ import annotations

import sys
import time


def progress_bar(console, disable: bool):
    """A progress display with ``add_task``, ``update`` and ``advance`` (``rich``'s API);
    ``disable`` for --json and --quiet. A bar on a terminal, plain lines anywhere else."""
    if not disable and not console.is_terminal:
        return LineProgress()
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


class LineProgress:
    """``rich.progress.Progress``'s calls that the commands use, as a line on stderr at most
    every ``every`` seconds: ``Ingesting: 12,000 of 100,000 (12 %), 2 min 10 s``."""

    def __init__(self, every: float | None = None):
        if every is None:
            from django.conf import settings

            every = settings.SOURCEBOOK_PROGRESS_EVERY
        self.every = every
        self._tasks: dict[int, dict] = {}
        self._started = self._shown = time.monotonic()

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def add_task(self, description: str, total: float | None = None) -> int:
        task = len(self._tasks)
        self._tasks[task] = {"description": description, "completed": 0, "total": total}
        return task

    def update(self, task: int, *, completed=None, total=None, description=None, **_) -> None:
        state = self._tasks[task]
        if description is not None:
            state["description"] = description
        if total is not None:
            state["total"] = total
        if completed is not None:
            state["completed"] = completed
        self._maybe_show(state)

    def advance(self, task: int, advance: float = 1) -> None:
        state = self._tasks[task]
        state["completed"] += advance
        self._maybe_show(state)

    def _maybe_show(self, state: dict) -> None:
        now = time.monotonic()
        if now - self._shown < self.every:
            return
        self._shown = now
        print(line(state, now - self._started), file=sys.stderr, flush=True)


def line(state: dict, elapsed: float) -> str:
    done, total = int(state["completed"]), state["total"]
    minutes, seconds = divmod(int(elapsed), 60)
    took = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    if total:
        share = f" of {int(total):,} ({100 * done // int(total)} %)"
    else:
        share = ""
    return f"{state['description']}: {done:,}{share}, {took}"
