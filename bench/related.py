"""Benchmark: replies found by reference number against the FRUS editors' own footnotes.

In FRUS a reference at the head of a telegram ("Your 402, 403 and 417.") usually carries a
footnote naming the printed document it refers to ("Document 16.", "Supra.", "Documents 27 and
28."). Those footnotes are the reference here: every footnote anchored in the paragraph that
opens with the telegram's number, whose whole text names documents of the same volume, is a
gold (document, target) pair. The three volumes of ``../shared/corpus/frus/`` are ingested into
a fresh data directory (SQLite; the ingest hook finds replies) and the stored replies compared
with the gold pairs. Gold pairs include numbers mentioned later in that paragraph ("as stated my
485"), which the reader leaves out on purpose, so recall below 1 is expected.

Also times ``refresh`` over every document (cold: first call in the process; warm: the best of
three more).

Usage::

    .venv/bin/python bench/related.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FRUS = REPO.parent / "shared" / "corpus" / "frus"
NAMES = re.compile(r"^(?:See\s+)?Documents?\s+\d+(?:(?:,\s*|\s+and\s+)\d+)*\.?$")
# "Supra." and "See telegram 586, supra and footnote 2 thereto.": the document printed just before.
SUPRA = re.compile(r"^(?:See\s+(?:telegram\s+\d+,\s+)?)?[Ss]upra\b")


def gold_pairs(records) -> set[tuple[str, str]]:
    from sourcebook.core.references import _number_paragraph

    ids = [r.id for r in records]
    pairs = set()
    for k, record in enumerate(records):
        if not record.texts:
            continue
        text = record.texts[0]
        head = _number_paragraph(text.body)
        if head is None:
            continue
        start = text.body.find(head.split()[0])
        end = start + len(head)
        for a in text.annotations:
            if a.type != "note" or not start <= a.start <= end:
                continue
            content = " ".join(a.content.split())
            if not (NAMES.match(content) or SUPRA.match(content)):
                continue
            if SUPRA.match(content):
                targets = [ids[k - 1]] if k else []
            else:
                numbers = re.findall(r"\d+", a.content)
                prefix = record.id.rsplit("-d", 1)[0]
                targets = [f"{prefix}-d{n}" for n in numbers if f"{prefix}-d{n}" in ids]
            pairs.update((record.id, t) for t in targets)
    return pairs


def main() -> int:
    home = tempfile.mkdtemp(prefix="sb-bench-related-")
    os.environ["SOURCEBOOK_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    sys.path.insert(0, str(REPO / "src"))
    try:
        from sourcebook import runtime

        runtime.setup()
        from django.db import transaction

        from sourcebook.archive import ingest
        from sourcebook.archive.models import Document
        from sourcebook.core.tei import frus_reader
        from sourcebook.related.models import Reply
        from sourcebook.related.service import refresh

        volumes = sorted(FRUS.glob("*.xml"))
        records = []
        for path in volumes:
            records += frus_reader.read_tei(path.read_bytes(), path.name).records
        t0 = time.perf_counter()
        for path in volumes:
            ingest.ingest_file(path)
        ingest_s = time.perf_counter() - t0
        found = set(Reply.objects.values_list("document__public_id", "target__public_id"))
        gold = gold_pairs(records)
        ids = list(Document.objects.values_list("public_id", flat=True))
        timings = []
        for _ in range(4):
            t = time.perf_counter()
            with transaction.atomic():
                refresh(ids)
            timings.append(time.perf_counter() - t)
        true = found & gold
        print(
            json.dumps(
                {
                    "documents": len(ids),
                    "gold_pairs": len(gold),
                    "found": len(found),
                    "true": len(true),
                    "wrong": sorted(found - gold),
                    "missed": sorted(gold - found),
                    "precision": round(len(true) / len(found), 3) if found else None,
                    "recall": round(len(true) / len(gold), 3) if gold else None,
                    "ingest_s": round(ingest_s, 2),
                    "refresh_all_cold_s": round(timings[0], 3),
                    "refresh_all_warm_s": round(min(timings[1:]), 3),
                },
                indent=1,
            )
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
