"""How much the archive's packing dictionary saves on real documents (FRUS), beside none.

    .venv/bin/python bench/dictionary_gain.py [FRUS_DIR]

Each ``<div type="document">`` of the FRUS TEI volumes (default ``../shared/corpus/frus``) is
one sample, as a TEI source of one document would be, and its plain text another, as a text
row would be. A dictionary of 64 KB (what ``sourcebook.archive.compression`` learns) is learned
from every third sample and the others are packed with it and without it, at the level the
archive uses. The benchmark's generated corpus shares more between documents than real ones
do; this is the figure to hold it against.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sourcebook.archive import compression  # noqa: E402
from sourcebook.core import packing  # noqa: E402

TEI = "{http://www.tei-c.org/ns/1.0}"


def documents(folder: Path) -> list[bytes]:
    found = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for path in sorted(folder.glob("*.xml")):
        for div in etree.parse(str(path), parser).iter(f"{TEI}div"):
            if div.get("type") == "document":
                found.append(etree.tostring(div))
    return found


def gain(name: str, samples: list[bytes]) -> None:
    learn = samples[::3]
    rest = [s for i, s in enumerate(samples) if i % 3]
    dictionary = packing.train(learn, compression.SIZE, ident=1)
    alone = sum(len(packing.pack(s)) for s in rest) / len(rest)
    shared = sum(len(packing.pack(s, dictionary=dictionary)) for s in rest) / len(rest)
    raw = sum(map(len, rest)) / len(rest)
    print(
        f"{name}: {len(rest)} packed, learned from {len(learn)}; mean bytes raw {raw:,.0f}, "
        f"alone {alone:,.0f}, with the dictionary {shared:,.0f} ({1 - shared / alone:.0%} less)"
    )


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    if len(sys.argv) <= 1:
        folder = folder / "shared" / "corpus" / "frus"
    divs = documents(folder)
    gain("TEI of each document", divs)
    texts = [etree.tostring(etree.fromstring(d), method="text", encoding="utf-8") for d in divs]
    gain("plain text of each document", texts)


if __name__ == "__main__":
    main()
