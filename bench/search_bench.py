"""Search benchmark: generate N archive documents, ingest them, time searches.

    .venv/bin/python bench/search_bench.py --docs 10000
    .venv/bin/python bench/search_bench.py --docs 100000

Documents are generated from the bundled samples' shapes with varied names (in several
romanizations and scripts), dates (days, months, approximate, undated), words (common and rare),
original languages, transcripts, apparatus, translators and funders. They are ingested with the
real ``sourcebook ingest`` command (which also applies the outbox to the index), then a fixed
query mix (two-word, rare, phrase, very common, names, CJK; with filters and date ranges) is
timed through the library, through HTTP (``sourcebook serve``), and as the raw Tantivy calls
on the same index (the same compiled query: top 20 + stored fields, with and without the facet
aggregation).

Library searches are reported first, cold and warm apart. Each round commits to the index and
empties every cache (snippets, parsed queries) and runs the mix ("first": nothing kept); commits
again (a new generation: facet counts and stored documents dropped, snippets of the unchanged
documents kept, as after any real commit) and runs it ("cold": each query's first sight after
the commit); then runs it once more ("warm": everything kept, the page of hits too, so this is
a request repeated within one index generation); then asks each query's next page ("next
page": facet counts kept, the hits asked of Tantivy: what a reader paging through a result
pays). The full report goes to stderr; the last line on stdout is one JSON object with
``library_first_ms``, ``library_cold_ms``, ``library_warm_ms``, ``library_next_page_ms``,
``raw_top20_ms``, ``raw_facets_ms`` (each p50/p95/p99),
``db_bytes_per_doc`` and ``ingest_docs_per_s_total`` (null with --keep: nothing ingested).
Before the ingest an authority file is imported (the corpus's persons with their written forms,
its places, and ``--authorities`` other persons, default 2,000): without one the linker has no
gazetteer to match and an ingest costs less than in any real archive.
``--database-url postgres://...`` runs the same on PostgreSQL (an empty database: the bench
empties only the home); ``db_bytes_per_doc`` is then null (it reads the SQLite file).
Every query computes 10 facet counts (the targets' "with 10 facets"): decade, year, doc_type,
language, repository, person, translator, funder, apparatus, has.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

NAMES = [
    ["Zhou Enlai", "Chou En-lai", "周恩来", "周恩來"],
    ["Mao Zedong", "Mao Tse-tung", "毛泽东", "毛澤東"],
    ["Kim Il Sung", "Kim Il-sŏng", "Kim Il-seong", "김일성"],
    ["Nikita Khrushchev", "Chruschtschow", "Khrouchtchev", "Хрущёв"],
    ["Zhou Yang", "Chou Yang"],
    ["Kim Jong Il", "Kim Chŏng-il"],
    ["Peng Dehuai", "P'eng Te-huai", "彭德怀"],
    ["Liu Shaoqi", "Liu Shao-ch'i", "刘少奇"],
    ["Pak Hon-yong", "Pak Hŏn-yŏng", "박헌영"],
    ["Andrei Gromyko", "Gromyko", "Громыко"],
    ["Ri Chang-jeong", "Ri Chang Jong"],
    ["Deng Xiaoping", "Teng Hsiao-p'ing", "邓小平"],
]
PLACES = [
    "P'yŏngyang",
    "Pyongyang",
    "Beijing",
    "Peking",
    "Moscow",
    "Kaesŏng",
    "Sinŭiju",
    "Hanoi",
    "Warsaw",
    "Berlin",
]
COMMON = (
    "the of and to in that was on for with said would government question party comrade "
    "meeting delegation embassy ministry situation relations economic military people "
    "assistance agreement border trade treaty conference report talks proposal"
).split()
VERBS = ["said", "stated", "proposed", "reported", "asked", "agreed", "noted", "insisted"]
TOPICS = [
    "the withdrawal of the volunteers",
    "trade across the Yalu",
    "the border crossers",
    "peaceful coexistence",
    "the five-year plan",
    "grain deliveries",
    "the Taiwan question",
    "cotton shipments",
    "the armistice talks",
    "the exchange of students",
    "the hydroelectric station",
    "the joint commission",
]
RARE = [
    f"{w}"
    for w in (
        "zeppelin quinine tungsten sorghum molybdenum antimony isinglass tapioca mahjong "
        "saltpeter camphor ginseng bismuth vermilion cinnabar beryllium lacquer jute kapok "
        "manganese tallow bauxite indigo gypsum"
    ).split()
]
CJK_SENTENCES = [
    "{n}同志指出，撤军工作进展顺利。",
    "双方讨论了贸易和边境问题。",
    "{n}：和平共处五项原则适用于一切国家。",
    "会谈在友好的气氛中进行。",
]
KO_SENTENCES = [
    "{n} 수상은 평양에서 대사를 접견하였다.",
    "조선 정부는 월경자 문제를 협의하기로 하였다.",
]
RU_SENTENCES = [
    "{n} сказал, что вопрос о границе надо решать мирно.",
    "Делегация прибыла в Москву.",
]
APPARATUS = [
    "[handwritten in margin: important]",
    "[Seal: Ministry of Foreign Affairs]",
    "[Stamp: Received]",
    "[illegible]",
    "[sic]",
    "[Translator's note: the figure is unclear.]",
    "[crossed out: in Moscow]",
    "[page missing in the original]",
]
TRANSLATORS = [
    "David Cowhig",
    "Gary Goldberg",
    "Sarah Park",
    "Lin Wei",
    "Danny Rozas",
    "Sergey Radchenko",
    "Charles Kraus",
    "Jeong Kim",
]
FUNDERS = [
    "Henry Luce Foundation",
    "Korea Foundation",
    "MacArthur Foundation",
    "Carnegie Corporation",
]
REPOS = ["PRC FMA", "AVPRF", "RGANI", "NARA", "AAN", "PAAA", "MOFA ROK", "SAPMO"]
TYPES = [
    "Cable",
    "Memorandum of Conversation",
    "Record of Conversation",
    "Letter",
    "Report",
    "Telegram",
    "Minutes",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _date(rng: random.Random) -> str:
    year = rng.randint(1945, 1991)
    roll = rng.random()
    if roll < 0.6:
        return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"
    if roll < 0.8:
        return f"{rng.choice(MONTHS)} {year}"
    if roll < 0.9:
        return f"c. {year}"
    if roll < 0.97:
        return str(year)
    return "n.d."


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(6, 14))]
    if rng.random() < 0.01:
        words.append(rng.choice(RARE))
    return (
        f"{rng.choice(names)} {rng.choice(VERBS)} that {rng.choice(TOPICS)} "
        f"in {rng.choice(PLACES)} " + " ".join(words) + "."
    )


def generate(n: int, folder: Path, seed: int = 1959) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        group_a, group_b = rng.sample(NAMES, 2)
        a, b = rng.choice(group_a), rng.choice(group_b)
        latin = [x for x in group_a + group_b if x.isascii() or "ŏ" in x]
        kind = rng.choice(TYPES)
        title = f"{kind} between {a if a.isascii() else group_a[0]} and {b if b.isascii() else group_b[0]}"
        date = _date(rng)
        language = rng.choice(["Chinese", "Korean", "Russian", "English", "German", "Polish"])
        translator = rng.choice(TRANSLATORS)
        funder = rng.choice(FUNDERS) if rng.random() < 0.6 else None
        repo = rng.choice(REPOS)
        paragraphs = []
        for _ in range(rng.randint(3, 8)):
            para = " ".join(_sentence(rng, latin) for _ in range(rng.randint(2, 4)))
            if rng.random() < 0.3:
                para += " " + rng.choice(APPARATUS)
            paragraphs.append(para)
        texts = []
        if language in ("Chinese", "Korean", "Russian") and rng.random() < 0.5:
            bank = {"Chinese": CJK_SENTENCES, "Korean": KO_SENTENCES, "Russian": RU_SENTENCES}[
                language
            ]
            native = next((x for x in group_a if not x.isascii() and "ŏ" not in x), group_a[0])
            body = "".join(rng.choice(bank).format(n=native) for _ in range(rng.randint(2, 6)))
            texts.append((f"Transcript - {language}", body))
        texts.append(("Translation - English", "\n\n".join(paragraphs)))
        lines = [
            date,
            f"**{title}**",
            "",
            "Citation:",
            "",
            f'"{title}", {date}, Sourcebook Benchmark Collection, {repo} {100 + i % 900}-{i:06d}, {rng.randint(1, 90)}. Translated by {translator}.',
            "",
            "Summary:",
            "",
            f"{a} and {b} discuss {rng.choice(TOPICS)} and {rng.choice(TOPICS)}.",
            "",
        ]
        if funder:
            lines += [
                "Credits:",
                "",
                f"This document was made possible with support from {funder}",
                "",
            ]
        lines += ["Original Language:", "", language, "", "Contents:", ""]
        if rng.random() < 0.3:
            lines.append("Original Scan")
        lines += [label for label, _ in texts] + [""]
        for label, body in texts:
            lines += [label, "", body, ""]
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"bench-{i:06d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


BENCH_FACETS = [
    "decade",
    "year",
    "doc_type",
    "language",
    "repository",
    "person",
    "translator",
    "funder",
    "apparatus",
    "has",
]
QUERIES: list[dict] = [
    {"q": "border trade"},
    {"q": "grain deliveries"},
    {"q": "zeppelin"},
    {"q": "molybdenum"},
    {"q": '"peaceful coexistence"'},
    {"q": '"armistice talks"'},
    {"q": "the"},
    {"q": "said government"},
    {"q": "Zhou Enlai"},
    {"q": "Chou En-lai"},
    {"q": "Kim Il Sung"},
    {"q": "Khrushchev"},
    {"q": "周恩来"},
    {"q": "평양"},
    {"q": "treaty", "from": "1959", "to": "1960"},
    {"q": "delegation", "language": "Chinese"},
    {"q": "comrade -party"},
    {"q": "coexist*"},
    {"q": "", "decade": "1950s"},
    {"q": "question", "sort": "-date", "page": "3"},
]


# Syllables of the long tail of persons an archive's authority file holds (most never named in a
# given document): the gazetteer the linker matches every text against is then archive-sized.
_TAIL_SYLLABLES = (
    "kim park lee choi jung kang cho yoon jang lim han oh seo shin kwon hwang ahn song "
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo "
    "ivan petr oleg boris yuri pavel sergei anatoly mikhail viktor"
).split()


def authority_csv(path: Path, tail: int) -> int:
    """An authority file: the corpus's persons (every written form a variant) and places, and
    ``tail`` other persons with romanized names. Returns the number of rows."""
    import csv

    rng = random.Random(208190)
    rows = [["name", "kind", "variants"]]
    rows += [[forms[0], "person", "|".join(forms[1:])] for forms in NAMES]
    rows += [[place, "place", ""] for place in PLACES]
    seen = {r[0] for r in rows}
    while len(rows) - 1 < len(NAMES) + len(PLACES) + tail:
        a, b, c = (rng.choice(_TAIL_SYLLABLES).capitalize() for _ in range(3))
        name = f"{a} {b}-{c.lower()}"
        if name not in seen:
            seen.add(name)
            rows.append([name, "person", f"{a} {b}{c.lower()}"])
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return len(rows) - 1


def _percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(qs[49], 2), "p95": round(qs[94], 2), "p99": round(qs[98], 2)}


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def db_bytes_per_doc(home: Path, docs: int) -> int:
    """The SQLite database's logical size (pages, the WAL's included; free pages too) per
    document: what the archive costs on disk before the search index."""
    import sqlite3

    con = sqlite3.connect(home / "sourcebook.sqlite3")
    try:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    return round(pages * size / docs)


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _args(query: dict) -> dict:
    from sourcebook.search.documents import FACETS

    filters = {k: [v] for k, v in query.items() if k in FACETS}
    return {
        "filters": filters,
        "date_from": query.get("from"),
        "date_to": query.get("to"),
        "sort": query.get("sort", "relevance"),
        "page": int(query.get("page", 1)),
        "facets": BENCH_FACETS,
    }


def _commit() -> None:
    """A real commit (the meta document rewritten), so the reader reloads and a new index
    generation begins: every facet count kept so far is dropped."""
    from sourcebook.search.indexer import get_engine

    engine = get_engine()
    engine.write([], [], engine.position())
    engine.refresh()


def _forget_everything() -> None:
    """Empty what a search keeps across index generations (snippets, parsed queries), for the
    "first" figures: a query the process has never seen, on documents it has never shown."""
    from sourcebook.search import query, snippet_cache

    snippet_cache.CACHE.clear()
    query._parsed.cache_clear()


def bench_library(rounds: int) -> tuple[list[float], ...]:
    """(first, cold, warm, next page). Each round: a commit and every cache emptied, the query
    mix ("first": nothing kept at all); a commit, the mix again ("cold": facet counts, pages of
    hits and stored documents dropped with the generation, snippets of unchanged documents and
    parsed queries kept, as after any real commit); the mix once more ("warm": everything kept);
    then each query's next page ("next page": its counts kept, its hits not)."""
    from sourcebook.search.service import search

    for q in QUERIES:  # the process's own first use (imports, name tables), not counted
        search(q["q"], **_args(q))
    # What `sourcebook serve` does before its first request (:mod:`sourcebook.cli.resident`):
    # the library searches here stand for a serving process's.
    from sourcebook.cli import resident

    resident.settle()
    first, cold, warm, next_page = [], [], [], []
    for _ in range(rounds):
        for times in (first, cold, warm, next_page):
            if times is first or times is cold:
                _commit()
            if times is first:
                _forget_everything()
            for q in QUERIES:
                args = _args(q)
                if times is next_page:
                    args["page"] += 1
                t = time.perf_counter()
                search(q["q"], **args)
                times.append((time.perf_counter() - t) * 1000)
    return first, cold, warm, next_page


def _prepared() -> list[tuple]:
    """The query mix compiled once, as the engine compiles it: (query, offset, sort, facets)."""
    import tantivy

    from sourcebook.search.engine import Request
    from sourcebook.search.indexer import get_engine
    from sourcebook.search.query import parse
    from sourcebook.search.service import parse_bound

    engine = get_engine()
    prepared = []
    for q in QUERIES:
        a = _args(q)
        req = Request(
            plan=parse(q["q"]),
            filters=a["filters"],
            date_from=parse_bound(a["date_from"], end=False),
            date_to=parse_bound(a["date_to"], end=True),
            sort=a["sort"],
            offset=(a["page"] - 1) * 20,
        )
        sort = a["sort"] if not req.plan.empty or a["sort"] != "relevance" else "date"
        kwargs = {}
        if sort == "date":
            kwargs = {"order_by_field": "date_asc", "order": tantivy.Order.Asc}
        elif sort == "-date":
            kwargs = {"order_by_field": "date_desc", "order": tantivy.Order.Desc}
        spec = {
            n: {"terms": {"field": f"f_{n}", "size": 200 if n in ("year", "decade") else 20}}
            for n in BENCH_FACETS
        }
        prepared.append((engine._query(req), req.offset, kwargs, spec))
    return prepared


def bench_raw(rounds: int, *, facets: bool) -> list[float]:
    """The same compiled Tantivy queries run directly: top 20 and their stored documents, and
    with ``facets`` the 10 terms aggregations (the floor a library search cannot beat cold)."""
    from sourcebook.search.indexer import get_engine

    searcher = get_engine().searcher
    prepared = _prepared()
    times = []
    for _ in range(rounds + 1):  # the first round warms the OS cache; not counted
        for query, offset, kwargs, spec in prepared:
            t = time.perf_counter()
            found = searcher.search(query, limit=20, count=True, offset=offset, **kwargs)
            for _, addr in found.hits:
                searcher.doc(addr).get_first("display")
            if facets:
                searcher.aggregate(query, spec)
            times.append((time.perf_counter() - t) * 1000)
    return times[len(prepared) :]


NARROW = ["zeppelin", "molybdenum", "Zhou Enlai", '"armistice talks"', "the"]


def bench_narrow(repeat: int = 20) -> list[dict]:
    """Would counting narrow queries from fast fields pay? For queries from few to all hits:
    the 10 aggregations, collecting every hit, and reading one numeric fast field for them
    (a fast-field path reads one column per facet). Medians of ``repeat`` calls, in ms."""
    from sourcebook.search.engine import Request
    from sourcebook.search.indexer import get_engine
    from sourcebook.search.query import parse

    engine = get_engine()
    searcher = engine.searcher
    spec = {n: {"terms": {"field": f"f_{n}", "size": 20}} for n in BENCH_FACETS}

    def median_ms(call) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
        return round(statistics.median(times), 3)

    rows = []
    for text in NARROW:
        query = engine._query(Request(plan=parse(text)))
        n = max(searcher.search(query, 1, count=True).count, 1)
        addresses = [a for _, a in searcher.search(query, limit=n, count=False).hits]
        rows.append(
            {
                "q": text,
                "hits": n,
                "aggregations_10": median_ms(lambda q=query: searcher.aggregate(q, spec)),
                "collect_hits": median_ms(
                    lambda q=query, n=n: searcher.search(q, limit=n, count=False)
                ),
                "one_fast_field": median_ms(
                    lambda a=addresses: searcher.fast_field_values("ver", a)
                ),
            }
        )
    return rows


def bench_http(home: Path, rounds: int, env: dict) -> list[float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [PY, "-m", "sourcebook", "serve", "--port", str(port), "--threads", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/api/search?q=x")
                conn.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        paths = [
            f"/api/search?{urlencode({**q, 'facets': ','.join(BENCH_FACETS)})}" for q in QUERIES
        ]
        for p in paths:
            conn.request("GET", p)
            conn.getresponse().read()
        times = []
        for _ in range(rounds):
            for p in paths:
                t = time.perf_counter()
                conn.request("GET", p)
                resp = conn.getresponse()
                body = resp.read()
                times.append((time.perf_counter() - t) * 1000)
                assert resp.status == 200, body[:200]
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def db_bytes(home: Path) -> int:
    """Bytes the database takes on disk (SQLite file and its write-ahead log)."""
    return _du(home / "sourcebook.sqlite3") + _du(home / "sourcebook.sqlite3-wal")


def ingest(args, home: Path, env: dict, report: dict) -> None:
    """Generate the corpus (kept beside the home for reuse) and ingest it with the real CLI."""
    if home.exists():
        shutil.rmtree(home)
    corpus = home.parent / f"{home.name}-corpus"
    if not corpus.exists() or sum(1 for _ in corpus.rglob("*.txt")) != args.docs:
        shutil.rmtree(corpus, ignore_errors=True)
        t = time.monotonic()
        generate(args.docs, corpus)
        print(f"generated {args.docs:,} documents in {time.monotonic() - t:.1f}s", file=sys.stderr)
    report["authorities"] = 0
    if args.authorities:
        csv_path = home.parent / f"{home.name}-authorities.csv"
        report["authorities"] = authority_csv(csv_path, args.authorities)
        home.mkdir(parents=True, exist_ok=True)
        made = subprocess.run(
            [PY, "-m", "sourcebook", "authorities", "import", str(csv_path)],
            env=env,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            sys.exit(f"authorities import failed: {made.stderr[-2000:]}")
    t = time.monotonic()
    out = subprocess.run(
        [PY, "-m", "sourcebook", "ingest", "--quiet", str(corpus)],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - t
    if out.returncode != 0:
        sys.exit(f"ingest failed: {out.stderr[-2000:]}")
    report["ingest_cli_message"] = out.stderr.strip().splitlines()[-1]
    report["ingest_seconds_total"] = round(elapsed, 1)
    report["ingest_docs_per_s_total"] = round(args.docs / elapsed, 1)
    print(f"ingested + indexed in {elapsed:.1f}s: {out.stderr.strip()}", file=sys.stderr)


def searches(args, home: Path, env: dict, report: dict) -> None:
    """Cold and warm library searches, the two raw floors, and (unless --no-http) HTTP."""
    lib_first, lib_cold, lib_warm, lib_next = bench_library(args.rounds)
    top20 = bench_raw(args.rounds, facets=False)
    raw_facets = bench_raw(args.rounds, facets=True)
    report["queries"] = len(QUERIES) * args.rounds
    report["library_first_ms"] = _percentiles(lib_first)
    report["library_cold_ms"] = _percentiles(lib_cold)
    report["library_warm_ms"] = _percentiles(lib_warm)
    report["library_next_page_ms"] = _percentiles(lib_next)
    report["raw_top20_ms"] = _percentiles(top20)
    report["raw_facets_ms"] = _percentiles(raw_facets)
    report["warm_p50_over_raw_top20_p50"] = round(
        report["library_warm_ms"]["p50"] / report["raw_top20_ms"]["p50"], 2
    )
    report["cold_p95_over_raw_facets_p95"] = round(
        report["library_cold_ms"]["p95"] / report["raw_facets_ms"]["p95"], 2
    )
    report["narrow_ms"] = bench_narrow()
    if not args.no_http:
        report["http_ms"] = _percentiles(bench_http(home, args.rounds, env))


SUMMARY_KEYS = (
    "library_first_ms",
    "library_cold_ms",
    "library_warm_ms",
    "library_next_page_ms",
    "raw_top20_ms",
    "raw_facets_ms",
    "db_bytes_per_doc",
    "ingest_docs_per_s_total",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument(
        "--home", type=Path, default=None, help="Data directory (default /tmp/sourcebook-bench-N)"
    )
    parser.add_argument("--rounds", type=int, default=10, help="Times the query mix is run")
    parser.add_argument("--keep", action="store_true", help="Reuse an existing ingested home")
    parser.add_argument("--no-http", action="store_true", help="Skip the HTTP timings")
    parser.add_argument(
        "--authorities",
        type=int,
        default=2000,
        help="Persons beyond the corpus's own in the authority file imported before the ingest "
        "(default 2000; 0: no authority file at all, as before 2026-12-04: linking then "
        "matches nothing)",
    )
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL instead of SQLite (an empty database)"
    )
    args = parser.parse_args()
    home = (args.home or Path(f"/tmp/sourcebook-bench-{args.docs}")).resolve()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOURCEBOOK_INDEX")}
    env["SOURCEBOOK_HOME"] = str(home)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    report: dict = {"docs": args.docs, "home": str(home), "ingest_docs_per_s_total": None}
    report["database"] = "postgresql" if args.database_url else "sqlite"
    if not (args.keep and (args.database_url or (home / "sourcebook.sqlite3").exists())):
        ingest(args, home, env, report)
    os.environ.update({"SOURCEBOOK_HOME": str(home)})
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.pop("SOURCEBOOK_INDEX", None)
    # Appended, not put first: a tree given by PYTHONPATH (a frozen clone) must serve the
    # searches too, as it served the ingest's processes; a search phase run with other code
    # could find the index made by another analysis and empty it.
    sys.path.append(str(ROOT / "src"))
    from sourcebook import runtime

    runtime.setup()
    from sourcebook.search import indexer

    report["indexed_documents"] = indexer.get_engine().count()
    if report["indexed_documents"] != args.docs:
        sys.exit(
            f"the index holds {report['indexed_documents']:,} documents, not {args.docs:,}: "
            "no figures from it (run `sourcebook index` with the same code, or ingest again)"
        )
    if not args.database_url:
        report["db_size"] = _mb(db_bytes(home))
        report["db_bytes_per_doc"] = db_bytes_per_doc(home, max(report["indexed_documents"], 1))
    report["index_size"] = _mb(_du(home / "index"))
    searches(args, home, env, report)
    print(json.dumps(report, indent=2, ensure_ascii=False), file=sys.stderr)
    # The last line: one JSON object with the figures the targets are read from.
    print(json.dumps({k: report.get(k) for k in SUMMARY_KEYS}))


if __name__ == "__main__":
    main()
