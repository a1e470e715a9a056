"""Benchmark: an ingest whose documents propose persons, in an archive where editors have
rejected many proposed persons before.

Each proposal of every document is tested against every name an editor refused
(``reject_candidate`` decisions). The archive gets ``--refusals`` of them (two-syllable
romanized names, as the linker proposes), then the real CLI ingests ``--docs`` record texts,
each naming three unknown persons after an honorific ("Comrade Kang Mun-hwa"), so that every
document proposes. Prints one JSON object: the ingest's wall time, documents a second, and the
persons proposed. Run it from two checkouts to compare (each with its own fresh home).

    .venv/bin/python bench/refusals.py --refusals 3000 --docs 300 --home /tmp/b/refusals
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

SURNAMES = "Kang Kim Pak Ri Choe Han Jang Jong O Yun Song Hwang Ho Chon Mun Sin".split()
SYLLABLES = (
    "mun hwa il song chol su yong ho man gil chang hyon ok sun dong min gwang bok chun hui "
    "jin nam sik hak tae uk jae chan bom rim sang mo gun hyok won ryong sam pil yon dal"
).split()


def _name(rng: random.Random) -> str:
    a, b = rng.sample(SYLLABLES, 2)
    return f"{rng.choice(SURNAMES)} {a.capitalize()}-{b}"


def _record(n: int, persons: list[str]) -> str:
    title = f"Memorandum {n}"
    body = " ".join(f"Comrade {p} spoke about the harvest in the province." for p in persons)
    return (
        f'March {1 + n % 28}, 1957\n**{title}**\n\nCitation:\n\n"{title}", March 1957, Test '
        f"Archive, TA {n}.\n\nContents:\n\nTranslation - English\n\n{body}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--refusals", type=int, default=3000)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args()
    if args.home.exists():
        shutil.rmtree(args.home)
    corpus = args.home.parent / f"{args.home.name}-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    rng = random.Random(1957)
    refused = {_name(rng) for _ in range(args.refusals * 2)}
    refused = sorted(refused)[: args.refusals]
    for n in range(args.docs):
        persons = [_name(rng) for _ in range(3)]
        (corpus / f"doc-{n:05d}.txt").write_text(_record(n, persons), encoding="utf-8")

    os.environ["SOURCEBOOK_HOME"] = str(args.home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.models import Decision

    Decision.objects.bulk_create(
        Decision(action="reject_candidate", subject=name) for name in refused
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sourcebook", "ingest", "--quiet", str(corpus)], check=True
    )
    seconds = time.perf_counter() - start
    proposed = Agent.objects.filter(data__candidate=True).count()
    print(
        json.dumps(
            {
                "refusals": len(refused),
                "docs": args.docs,
                "ingest_s": round(seconds, 2),
                "docs_per_s": round(args.docs / seconds, 1),
                "proposed": proposed,
            }
        )
    )


if __name__ == "__main__":
    main()
