"""Whether a process of this machine still runs: for work a killed process left behind (a
job marked running, an edition's staging folder) that a later one may take over or remove."""

from __future__ import annotations

import os
from pathlib import Path


def alive(pid: int) -> bool:
    """True for a running process, and for one of another user (it may be running); False
    for no such process and for a zombie (killed, not yet reaped by its parent)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True
