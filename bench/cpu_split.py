"""CPU seconds of a command and of each process it starts (children, grandchildren), by process.

Why: an ingest runs in three processes (the ingest, its linking worker, the indexer beside it)
and its wall time depends on how busy the machine is; the CPU each process used says what the
work costs and which process bounds the whole. Reads ``/proc/<pid>/stat`` (utime + stime) of
the command and every descendant every 0.2 s, so a process that lives less than that may be
missed (Linux only).

    .venv/bin/python bench/cpu_split.py .venv/bin/python -m sourcebook ingest --quiet DIR
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _sample(root: int, seen: dict[int, tuple[str, float]]) -> None:
    stack = [root]
    while stack:
        pid = stack.pop()
        stack += _children(pid)
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline") as f:
                cmd = f.read().replace("\0", " ").strip()[:90]
        except OSError:
            continue
        seen[pid] = (cmd, (int(fields[11]) + int(fields[12])) / TICKS)


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit("usage: cpu_split.py COMMAND [ARGS...]")
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    seen: dict[int, tuple[str, float]] = {}
    while proc.poll() is None:
        _sample(proc.pid, seen)
        time.sleep(0.2)
    print(f"wall {time.monotonic() - start:.1f} s", file=sys.stderr)
    for pid, (cmd, cpu) in sorted(seen.items(), key=lambda x: -x[1][1]):
        if cpu >= 0.1:
            print(f"{cpu:8.1f} s  {pid}  {cmd}", file=sys.stderr)
    print(f"{sum(c for _, c in seen.values()):8.1f} s  all", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
