"""N copies of one FRUS volume, each with its own volume id, for ingest scaling runs.

Why copies and not real volumes: the corpus holds three volumes, and the question is how the
ingest grows with the archive; every copy lists the same persons, so each new volume finds its
persons already in the archive (the matcher's worst case, the recurring person). The volume id
(``idno[@type='frus']`` and ``TEI/@xml:id``) gets a suffix, so each copy is its own collection
with its own document ids.

    .venv/bin/python bench/frus_copies.py /work/shared/corpus/frus/frus1955-57v03.xml 200 /tmp/mb/c200
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(source: str, count: int, out: str) -> None:
    path = Path(source)
    volume = path.stem
    text = path.read_text(encoding="utf-8")
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        copy = f"{volume}c{n:04d}"
        (target / f"{copy}.xml").write_text(text.replace(volume, copy), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
