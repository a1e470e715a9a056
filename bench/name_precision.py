"""How many documents a one-syllable name finds, and how many of them hold the name as written.

Why: a surname of one syllable (Yi, Li, Ho) was matched through English words read as
syllables ("I", "He", Li-be-ral); the count of documents found against those holding the
word shows it. The renderings the snippets marked are listed too (``matched_variants``).

Run: SOURCEBOOK_HOME=<home, indexed> PYTHONPATH=src .venv/bin/python bench/name_precision.py [QUERY…]
(the demo archive: ``sourcebook ingest src/sourcebook/samples/``; the FRUS volumes:
``sourcebook ingest ../shared/corpus/frus/*.xml``). Queries given replace the default list.
"""

from __future__ import annotations

import os
import re
import sys

QUERIES = "Kim Yi Ri Lee Li Pak Han Chang Cho Yun Song Ho Chong Mun Kang Hong Mao Zhou".split()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from sourcebook.archive.models import Document
    from sourcebook.search.service import search

    texts = {
        d.public_id: " ".join([d.title, d.summary or "", *(t.body for t in d.texts.all())])
        for d in Document.objects.prefetch_related("texts")
    }
    print(f"{len(texts)} documents")
    for q in sys.argv[1:] or QUERIES:
        found = search(q, page_size=200, facets=[])
        ids = [h["id"] for h in found.results]
        written = sum(bool(re.search(rf"\b{q}\b", texts.get(i, ""), re.I)) for i in ids)
        marked = sorted({v for h in found.results for v in h["matched_variants"]})
        print(f"{q:6} {found.total:4} found, {written:3} with the word; marked {marked[:10]}")


if __name__ == "__main__":
    main()
