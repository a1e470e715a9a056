"""CPU seconds of a command and of each process it starts (children, grandchildren), by process.

Why: an ingest runs in three processes (the ingest, its linking worker, the indexer beside it)
and its wall time depends on how busy the machine is; the CPU each process used says what the
work costs and which process bounds the whole. Reads ``/proc/<pid>/stat`` (utime + stime) of
the command and every descendant every 0.2 s, so a process that lives less than that may be
missed (Linux only). Beside the CPU, the bytes each process read from and wrote to the disk
(``read_bytes``/``write_bytes`` of ``/proc/<pid>/io``: what reached the block device, not what
the page cache served), to tell a process that waits on the disk from one that computes.

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


def _io(pid: int) -> tuple[int, int]:
    """Bytes read from and written to the block device so far (0, 0 when not readable)."""
    try:
        with open(f"/proc/{pid}/io") as f:
            fields = dict(line.split(": ") for line in f.read().splitlines())
        return int(fields["read_bytes"]), int(fields["write_bytes"])
    except (OSError, KeyError, ValueError):
        return 0, 0


def _sample(root: int, seen: dict[int, tuple[str, float, int, int]]) -> None:
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
        seen[pid] = (cmd, (int(fields[11]) + int(fields[12])) / TICKS, *_io(pid))


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit("usage: cpu_split.py COMMAND [ARGS...]")
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    seen: dict[int, tuple[str, float, int, int]] = {}
    while proc.poll() is None:
        _sample(proc.pid, seen)
        time.sleep(0.2)
    print(f"wall {time.monotonic() - start:.1f} s", file=sys.stderr)
    mb = 1024 * 1024
    for pid, (cmd, cpu, read, written) in sorted(seen.items(), key=lambda x: -x[1][1]):
        if cpu >= 0.1:
            disk = f"read {read / mb:8.1f} MB  wrote {written / mb:8.1f} MB"
            print(f"{cpu:8.1f} s  {disk}  {pid}  {cmd}", file=sys.stderr)
    cpu, read, written = (sum(v[i] for v in seen.values()) for i in (1, 2, 3))
    print(
        f"{cpu:8.1f} s  read {read / mb:8.1f} MB  wrote {written / mb:8.1f} MB  all",
        file=sys.stderr,
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
