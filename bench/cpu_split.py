"""CPU seconds of a command and of each process it starts (children, grandchildren), by process.

Why: an ingest runs in three processes (the ingest, its linking worker, the indexer beside it)
and its wall time depends on how busy the machine is; the CPU each process used says what the
work costs and which process bounds the whole. Reads ``/proc/<pid>/stat`` (utime + stime) of
the command and every descendant every 0.2 s, so a process that lives less than that may be
missed (Linux only). Beside the CPU, the bytes each process read from and wrote to the disk
(``read_bytes``/``write_bytes`` of ``/proc/<pid>/io``: what reached the block device, not what
the page cache served; each process's own, see ``_own_disk``), to tell a process that waits on
the disk from one that computes.

    .venv/bin/python bench/cpu_split.py .venv/bin/python -m sourcebook ingest --quiet DIR
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import NamedTuple

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


class Seen(NamedTuple):
    """A process as last sampled: its command, parent, CPU seconds, disk bytes, sample round."""

    cmd: str
    parent: int
    cpu: float
    read: int
    written: int
    round: int


def _sample(root: int, seen: dict[int, Seen], round_: int) -> None:
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
        cmd = cmd or (seen[pid].cmd if pid in seen else "")  # an exiting process has none
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # its own, not its children's
        seen[pid] = Seen(cmd, int(fields[1]), cpu, *_io(pid), round_)


def _own_disk(seen: dict[int, Seen]) -> dict[int, tuple[int, int]]:
    """Each process's own disk bytes. Why: Linux adds a child's I/O counts to its parent's
    when the parent reaps it (unlike the CPU, kept apart in ``cutime``), so a parent sampled
    after its children ended holds theirs too."""
    own = {pid: [s.read, s.written] for pid, s in seen.items()}
    for s in seen.values():
        parent = seen.get(s.parent)
        if parent is not None and s.round < parent.round:  # gone before the parent's last look
            own[s.parent][0] -= s.read
            own[s.parent][1] -= s.written
    return {pid: (max(0, r), max(0, w)) for pid, (r, w) in own.items()}


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit("usage: cpu_split.py COMMAND [ARGS...]")
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    seen: dict[int, Seen] = {}
    round_ = 0
    while proc.poll() is None:
        _sample(proc.pid, seen, round_)
        round_ += 1
        time.sleep(0.2)
    print(f"wall {time.monotonic() - start:.1f} s", file=sys.stderr)
    mb = 1024 * 1024
    disk = _own_disk(seen)
    for pid, s in sorted(seen.items(), key=lambda x: -x[1].cpu):
        if s.cpu >= 0.1:
            read, written = disk[pid]
            io = f"read {read / mb:8.1f} MB  wrote {written / mb:8.1f} MB"
            print(f"{s.cpu:8.1f} s  {io}  {pid}  {s.cmd}", file=sys.stderr)
    cpu = sum(s.cpu for s in seen.values())
    read, written = (sum(d[i] for d in disk.values()) for i in (0, 1))
    print(
        f"{cpu:8.1f} s  read {read / mb:8.1f} MB  wrote {written / mb:8.1f} MB  all",
        file=sys.stderr,
    )
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
