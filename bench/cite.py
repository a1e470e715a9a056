"""Citation benchmark: styles per document, set exports of 1,000 documents, one PDF.

Run: .venv/bin/python bench/cite.py   (figures go to bench/RESULTS.md by hand)
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from sourcebook.core import recordtext
from sourcebook.core.cite import bibtex, pdf, ris
from sourcebook.core.cite.csl import citations
from sourcebook.core.cite.exporters import SET_WRITERS

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "sourcebook" / "samples"


def records(n: int):
    base = [
        recordtext.parse(p.read_text(encoding="utf-8"), str(p))
        for p in sorted(SAMPLES.glob("*.txt"))
    ]
    out = []
    for i in range(n):
        r = recordtext.parse(recordtext.write(base[i % len(base)]), "x.txt")
        r.id = f"{r.id}-{i}"
        out.append(r)
    return out


def timed(fn, repeat=3):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    recs = records(1000)
    citations(recs[0])  # load styles once
    per_doc = timed(lambda: [citations(r) for r in recs[:200]], 1) / 200
    print(f"all 5 citation styles, first time: {per_doc * 1000:.1f} ms per document")
    again = timed(lambda: [citations(r) for r in recs[:200]], 1) / 200
    print(f"all 5 citation styles, again (cached): {again * 1000:.2f} ms per document")
    for name in ("bibtex", "ris", "csl-json"):
        t = timed(lambda name=name: SET_WRITERS[name][0](recs))
        print(f"set export of 1,000 documents as {name}: {t * 1000:.0f} ms")
    assert bibtex and ris
    seed = recordtext.parse((SAMPLES / "wcda-208190.txt").read_text(encoding="utf-8"), "seed")
    pdf.write(seed)
    print(f"PDF of the seed (warm): {timed(lambda: pdf.write(seed)):.2f} s")


if __name__ == "__main__":
    main()
