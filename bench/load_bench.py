"""Load benchmark over loopback: ``sourcebook serve --workers N`` under concurrent clients.

    .venv/bin/python bench/load_bench.py                       # 2 workers, 20 s + 60 s
    .venv/bin/python bench/load_bench.py --docs 5000 --pages-seconds 30 --ingest-seconds 60

Two phases, each bounded in time:

1. *pages*: ``--clients`` clients request document pages (``/documents/<id>/``) as fast as they
   can for ``--pages-seconds``, first warm (20 pages every worker has rendered, after
   ``--warmup-seconds`` of the same load), then cold (pages never requested before, whose first
   view renders the citations): requests per second, latency percentiles, errors.
2. *ingest*: the same clients request document pages and searches for ``--ingest-seconds``
   while ``sourcebook ingest`` runs beside the server, batch after batch of new documents; then
   every document ingested must be searchable. Errors (any status but 200, any connection
   failure) are counted, never retried.

Clients are separate processes (``--client-procs``) of threads, each thread with its own
keep-alive connection. They run on the same machine as the server and take CPU from it, so the
figures are a floor for what the server alone could do. Ends with one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import generate  # noqa: E402

WARM_SET = 20
SEARCHES = ["Zhou Enlai", "treaty", "Kim Il Sung", "delegation", "周恩来", "comrade -party"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client_thread(port, paths, until, out, seed):
    rng = random.Random(seed)
    conn = None
    while time.monotonic() < until:
        path = rng.choice(paths)
        t = time.perf_counter()
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
            worker = resp.getheader("X-Sourcebook-Worker", "?")
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            ok, worker = False, f"error: {type(exc).__name__}"
            conn = None
        out.append(((time.perf_counter() - t) * 1000, ok, worker, path if not ok else ""))


def _client_proc(port, paths, until, threads, seed, queue):
    results: list = []
    pool = [
        threading.Thread(target=_client_thread, args=(port, paths, until, results, seed * 100 + i))
        for i in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put(results)


def load(port: int, paths: list[str], seconds: float, clients: int, procs: int) -> dict:
    """``clients`` concurrent clients for ``seconds``; figures over every request they made."""
    until = time.monotonic() + seconds
    queue: mp.Queue = mp.Queue()
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    workers = [
        mp.Process(target=_client_proc, args=(port, paths, until, n, i, queue))
        for i, n in enumerate(per)
        if n
    ]
    start = time.monotonic()
    for w in workers:
        w.start()
    results = [r for _ in workers for r in queue.get()]
    for w in workers:
        w.join()
    elapsed = time.monotonic() - start
    times = sorted(r[0] for r in results)
    errors = [r for r in results if not r[1]]
    spread: dict[str, int] = {}
    for r in results:
        spread[r[2]] = spread.get(r[2], 0) + 1
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0.0] * 99
    return {
        "seconds": round(elapsed, 1),
        "clients": clients,
        "requests": len(results),
        "req_per_s": round(len(results) / elapsed, 1),
        "errors": len(errors),
        "error_samples": [f"{r[2]} {r[3]}" for r in errors[:5]],
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
        "requests_per_process": dict(sorted(spread.items())),
    }


def ingest_batches(env: dict, folder: Path, batch: int, seconds: float) -> dict:
    """Run ``sourcebook ingest`` on batches of new documents until ``seconds`` have passed."""
    files = sorted(folder.rglob("*.txt"))
    until, done, runs, failed = time.monotonic() + seconds, 0, 0, 0
    while time.monotonic() < until and done < len(files):
        chunk = folder / f"batch-{runs}"
        chunk.mkdir()
        for f in files[done : done + batch]:
            f.rename(chunk / f.name)
        out = subprocess.run(
            [PY, "-m", "sourcebook", "ingest", "--quiet", str(chunk)],
            env=env,
            capture_output=True,
            text=True,
        )
        failed += out.returncode != 0
        done += len(list(chunk.glob("*.txt")))
        runs += 1
    return {"ingest_runs": runs, "ingest_failed_runs": failed, "ingested_docs": done}


def public_ids(env: dict) -> list[str]:
    code = (
        "from sourcebook import runtime; runtime.setup();"
        "from sourcebook.archive.models import Document;"
        "print('\\n'.join(Document.live.values_list('public_id', flat=True)))"
    )
    out = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def wait_ready(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            sys.exit(f"serve exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit("serve did not answer within 120 s")
        time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1000, help="Documents served")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--pages-seconds", type=float, default=20, help="Each of warm and cold")
    parser.add_argument("--warmup-seconds", type=float, default=15)
    parser.add_argument("--ingest-seconds", type=float, default=60)
    parser.add_argument("--ingest-batch", type=int, default=100)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    home = (args.home or Path(f"/tmp/sourcebook-load-{args.docs}")).resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCEBOOK_INDEX",)}
    env.update(SOURCEBOOK_HOME=str(home), SOURCEBOOK_WORKER_HEADER="1")
    env["PYTHONPATH"] = str(ROOT / "src")
    shutil.rmtree(home, ignore_errors=True)
    corpus, fresh = Path(f"{home}-corpus"), Path(f"{home}-fresh")
    for folder in (corpus, fresh):
        shutil.rmtree(folder, ignore_errors=True)
    generate(args.docs, corpus)
    generate(args.docs * 5, fresh, seed=1989)  # more than a 60 s ingest gets through
    for f in fresh.rglob("*.txt"):  # other ids than the served corpus
        f.rename(f.with_name("new-" + f.name))
    t = time.monotonic()
    out = subprocess.run(
        [PY, "-m", "sourcebook", "ingest", "--quiet", str(corpus)], env=env, capture_output=True
    )
    if out.returncode:
        sys.exit(f"ingest failed: {out.stderr[-2000:]}")
    report: dict = {
        "docs": args.docs,
        "database": "postgresql" if env.get("DATABASE_URL") else "sqlite",
        "workers": args.workers,
        "threads": args.threads,
        "setup_ingest_s": round(time.monotonic() - t, 1),
        "load_average_before": os.getloadavg(),
    }
    ids = public_ids(env)
    port = _free_port()
    # A file, not a pipe read at the end: waitress logs "Task queue depth" at every busy moment
    # (150 KB in 15 s at 500 req/s) and a full pipe blocked every worker on its next write.
    errors_log = open(home / "serve-stderr.log", "w+")  # noqa: SIM115
    server = subprocess.Popen(
        [PY, "-m", "sourcebook", "serve", "--port", str(port)]
        + ["--workers", str(args.workers), "--threads", str(args.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors_log,
    )
    try:
        wait_ready(port, server)
        pages = [f"/documents/{i}/" for i in ids]
        hot, rest = pages[:WARM_SET], pages[WARM_SET:]
        # Warm: a few pages every worker has rendered before (citations cached per process).
        load(port, hot, args.warmup_seconds, args.clients, args.client_procs)
        report["pages_warm"] = load(port, hot, args.pages_seconds, args.clients, args.client_procs)
        print("warm", json.dumps(report["pages_warm"]), file=sys.stderr)
        # Cold: pages never requested before (their first view renders the cite box).
        report["pages_cold"] = load(port, rest, args.pages_seconds, args.clients, args.client_procs)
        print("cold", json.dumps(report["pages_cold"]), file=sys.stderr)
        mixed = pages + [f"/api/search?{urlencode({'q': q})}" for q in SEARCHES] * (
            len(pages) // 50 or 1
        )
        box: dict = {}
        ingester = threading.Thread(
            target=lambda: box.update(
                ingest_batches(env, fresh, args.ingest_batch, args.ingest_seconds)
            )
        )
        ingester.start()
        report["during_ingest"] = load(
            port, mixed, args.ingest_seconds, args.clients, args.client_procs
        )
        ingester.join()
        report["during_ingest"].update(box)
        expected = len(ids) + box.get("ingested_docs", 0)
        report["during_ingest"]["all_ingested_searchable"] = searchable(port, expected)
        report["load_average_after"] = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=60)
        errors_log.seek(0)
        report["serve_stderr_tail"] = errors_log.read().strip().splitlines()[-3:]
        errors_log.close()
    print(json.dumps(report, indent=2, ensure_ascii=False))


def searchable(port: int, expected: int) -> bool:
    """Every document is in the index, as the server reports (``expected`` found, none pending)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/api/search?q=&page_size=1")
        data = json.loads(conn.getresponse().read())
        if data["pending"] == 0 and data["total"] == expected:
            return True
        time.sleep(0.5)
    return False


if __name__ == "__main__":
    main()
