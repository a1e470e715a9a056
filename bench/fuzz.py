"""A long fuzz run of the readers: mutated real records must end in a record or a clean error.

Targets: the record-text reader (whole files through ``formats.read_source``), the TEI reader
(same path, safe XML parser), the apparatus (``annotate`` and ``segments``, whose segments must
give the body back and whose offsets must be valid), dates (``parse_date``, ``parse_bound``) and
the citation line. Seeds are real: the seed record, the sample records, their TEI exports and
documents cut from the FRUS volumes. Mutations are pure Python (no atheris): insert a hostile
token, delete or duplicate a span, splice in a piece of another seed, flip a character.

A crash is any exception other than ``RecordError``/``ValueError`` (the clean errors), or an
apparatus result that breaks its invariants. Crashing inputs and the slowest input are written
to ``--out``. Exit status 1 if anything crashed. Usage::

    .venv/bin/python bench/fuzz.py --seconds 60
    .venv/bin/python bench/fuzz.py --inputs 1000000 --seconds 7200 --out /tmp/fuzz
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sourcebook.core import apparatus  # noqa: E402
from sourcebook.core.citation_line import parse_citation, split_names  # noqa: E402
from sourcebook.core.dates import parse_bound, parse_date  # noqa: E402
from sourcebook.core.errors import RecordError  # noqa: E402
from sourcebook.core.formats import read_source  # noqa: E402
from sourcebook.core.tei import writer  # noqa: E402

SAMPLES = REPO / "src" / "sourcebook" / "samples"
SEED = REPO.parent.parent / "shared" / "corpus" / "seed" / "wcda-208190.txt"
CLEAN = (RecordError, ValueError)
TOKENS = [
    "[",
    "]",
    "[?]",
    "[sic]",
    "[Seal]",
    "(p. 1)",
    "(pp. 3-4)",
    "**",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "Contents:\n",
    "Citation:\n",
    "Summary:\n",
    "Translation - English\n",
    "Transcript - Chinese\n",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "\x00",
    "\ufeff",
    "\u2028",
    "\t",
    " " * 50,
    "中",
    "김",
    "Хрущев",
    "’",
    "'",
    "-",
    "–",
    "?",
    "c. 1958",
    "1959-13-45",
    "October 32, 1959",
    "9999",
    "-0001",
    "/",
    "<p>",
    "</p>",
    "<note>",
    "<pb n='1'/>",
    "<div type='document'>",
    "</div>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "<?xml version='1.0'?>",
    "xml:id=",
    "<",
    "\udcff",
]


def _frus_documents(limit: int = 12) -> list[str]:
    """Small TEI files each holding one FRUS document cut from the shared volumes."""
    out = []
    for path in sorted(SAMPLES.glob("frus*.xml")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'<div[^>]*type="document".*?</div>\s*(?=<div|</div)', text, re.S):
            if len(m.group(0)) < 6000:
                body = m.group(0)
                out.append(
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                    'xmlns:frus="http://history.state.gov/frus/ns/1.0" '
                    'xmlns:xi="http://www.w3.org/2001/XInclude"><teiHeader><fileDesc>'
                    "<titleStmt><title>FRUS</title></titleStmt><publicationStmt><p/>"
                    "</publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
                    f"<text><body>{body}</body></text></TEI>"
                )
            if len(out) >= limit * 3:
                break
    return out


def seeds() -> dict[str, list[str]]:
    records = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if SEED.exists():
        records.append(SEED.read_text(encoding="utf-8"))
    parsed = [read_source(r.encode(), "seed.txt").records[0] for r in records]
    bodies = [t.body for r in parsed for t in r.texts if t.body]
    paragraphs = [p for b in bodies for p in b.split("\n\n") if p.strip()]
    return {
        "record": records,
        "tei": [writer.write(r) for r in parsed] + _frus_documents(),
        "apparatus": paragraphs + bodies,
        "date": [r.date.text for r in parsed if r.date.text]
        + ["October 11, 1959", "c. 1958", "1957-10", "Spring 1953", "ca. March 1949", "1950s"],
        "citation": [r.citation.split("\n")[0] for r in parsed if r.citation],
    }


def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
    """One to four random edits of ``text``; ``pool`` gives pieces of other seeds to splice in."""
    for _ in range(rng.randint(1, 4)):
        n = len(text)
        i = rng.randint(0, n)
        op = rng.random()
        if op < 0.35:
            text = text[:i] + rng.choice(TOKENS) * rng.choice((1, 1, 1, 3, 50)) + text[i:]
        elif op < 0.55 and n:
            j = min(n, i + rng.randint(1, 200))
            text = text[:i] + text[j:]
        elif op < 0.7 and n:
            j = min(n, i + rng.randint(1, 100))
            text = text[:i] + text[i:j] * rng.randint(2, 20) + text[j:]
        elif op < 0.85:
            other = rng.choice(pool)
            k = rng.randint(0, len(other))
            text = text[:i] + other[k : k + rng.randint(1, 300)] + text[i:]
        elif n:
            i = min(i, n - 1)
            text = (
                text[:i]
                + chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0, 0x2FFFF))))
                + text[i + 1 :]
            )
    return text


def _apparatus(text: str) -> None:
    for language in ("en", "zh"):
        anns = apparatus.annotate(text, language)
        parts = apparatus.segments(text, anns)
        if "".join(p for p, _ in parts) != text:
            raise AssertionError("segments do not give the body back")
        for a in anns:
            if not (0 <= a.start <= a.end <= len(text)) or text[a.start : a.end] != a.text:
                raise AssertionError(f"bad offsets {a.start}:{a.end} for {a.text!r}")
            if a.target_start is not None and not (
                0 <= a.target_start <= a.target_end <= len(text)
            ):
                raise AssertionError(f"bad target {a.target_start}:{a.target_end}")


def _date(text: str) -> None:
    try:
        parse_date(text)
    finally:
        for end in (False, True):
            try:
                parse_bound(text, end=end)
            except ValueError:
                pass


def _citation(text: str) -> None:
    parse_citation(text)
    split_names(text)


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


TARGETS: dict[str, Callable[[str], object]] = {
    "record": lambda t: read_source(_bytes(t), "fuzz.txt"),
    "tei": lambda t: read_source(_bytes(t), "fuzz.xml"),
    "apparatus": _apparatus,
    "date": _date,
    "citation": _citation,
}
WEIGHTS = {"record": 2, "tei": 2, "apparatus": 3, "date": 3, "citation": 3}


def run(inputs: int, seconds: float, seed: int, out: Path) -> int:
    rng = random.Random(seed)
    pools = seeds()
    allpool = [s for v in pools.values() for s in v]
    names = [n for n in TARGETS for _ in range(WEIGHTS[n])]
    counts = {n: 0 for n in TARGETS}
    crashes: list[tuple[str, str, str]] = []
    slowest = (0.0, "", "")
    started = time.perf_counter()
    done = 0
    while done < inputs and time.perf_counter() - started < seconds:
        name = rng.choice(names)
        text = mutate(rng, rng.choice(pools[name]), allpool)
        t0 = time.perf_counter()
        try:
            TARGETS[name](text)
        except CLEAN:
            pass
        except Exception:  # noqa: BLE001 - any other exception is what we look for
            crashes.append((name, text, traceback.format_exc()))
            if len(crashes) <= 20:
                (out / f"crash-{len(crashes)}-{name}.txt").write_text(
                    text, encoding="utf-8", errors="surrogatepass"
                )
                print(f"CRASH in {name}: {traceback.format_exc().splitlines()[-1]}", flush=True)
        elapsed = time.perf_counter() - t0
        if elapsed > slowest[0]:
            slowest = (elapsed, name, text)
        counts[name] += 1
        done += 1
        if done % 100_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"{done:,} inputs, {rate:,.0f}/s, {len(crashes)} crashes", flush=True)
    total = time.perf_counter() - started
    slow_path = out / "slowest-input.txt"
    slow_path.write_text(slowest[2], encoding="utf-8", errors="surrogatepass")
    print(
        f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.python_implementation()} {platform.python_version()}, seed {seed}"
    )
    print(
        f"inputs: {done:,} in {total:,.0f} s = {done / total:,.0f}/s "
        f"({', '.join(f'{n} {c:,}' for n, c in counts.items())})"
    )
    print(f"crashes: {len(crashes)}")
    print(
        f"slowest: {slowest[0] * 1000:.1f} ms, {slowest[1]}, {len(slowest[2]):,} characters "
        f"(saved to {slow_path})"
    )
    return 1 if crashes else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, default=Path("/tmp/sourcebook-fuzz"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    return run(args.inputs, args.seconds, args.seed, args.out)


if __name__ == "__main__":
    sys.exit(main())
