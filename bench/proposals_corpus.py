"""Record texts that each name one person no authority knows, so the linker proposes a
candidate authority for most of them (bench/RESULTS.md, "Large authority files").

Why: the benchmark's generated corpus proposes none, and the cost of proposing (the linker's
gazetteer changing in the middle of a batch) only shows with texts that do.

    .venv/bin/python bench/proposals_corpus.py 300 /tmp/b/prop
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "src/sourcebook/samples/sample-zhou-kim-1958.txt"
SURNAMES = "Ri Pak Choe Han Yun Song Chang Hong Mun Yang Sin Hyon Kang Cho Nam".split()
SYLLABLES = "Tong Chol Myong Sok Hui Gun Su Ung Yong Ho Chan Bok Jin Man Ok Dal Pil Sam Dok Hak"


def names(count: int, seed: int = 7) -> list[str]:
    rng, syllables, out = random.Random(seed), SYLLABLES.split(), {}
    while len(out) < count:
        surname = rng.choice(SURNAMES)
        out.setdefault(f"{surname} {rng.choice(syllables)}-{rng.choice(syllables).lower()}", None)
    return list(out)


def write(count: int, folder: Path) -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names(count)):
        text = sample.replace("SSC 1958-11-003", f"SSC 1958-11-{n:04d}").replace(
            "Kim agreed and asked",
            f"Comrade {name} of the Ministry of Foreign Trade reported on the deliveries. "
            "Kim agreed and asked",
        )
        (folder / f"rec-{n:04d}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]))
