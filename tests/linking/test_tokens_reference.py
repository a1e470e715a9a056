"""The linker's word reader against the straightforward reader it replaced.

``tokens`` and ``read_words`` read every text of every ingested document, so they were rewritten
for speed (one ``split`` instead of a match object per word). The plain version is kept here as
the reference: both must give the same words, offsets, capitals and joins on real texts (the
seed, FRUS volumes, the samples) and on awkward strings made up to hit every rule.
"""

from __future__ import annotations

import random
import re
from xml.etree import ElementTree

import pytest

from sourcebook.core.linking import tokens as T
from tests.conftest import SAMPLES, SEED, SHARED

_WORD = re.compile(r"[^\W_](?:[^\W_]|['’ʼ](?=[^\W_]))*")
_JOIN = re.compile(r"[ \t]*(?:[-‐‑][ \t]*)?|\.[ \t]*|[ \t]*\n[ \t]*")


def reference_tokens(text: str) -> list[T.Token]:
    out: list[T.Token] = []
    last_end, last_capital = -2, False
    for m in _WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if word[-2:] in ("'s", "’s") and len(word) > 2:
            word, end = word[:-2], end - 2
        first = word[0]
        capital = first.isupper() or not first.islower()
        if last_end == start - 1 and text[start - 1] in "-‐‑":
            capital = last_capital
        out.append(T.Token(T.normalise(word), start, end, capital))
        last_end, last_capital = end, capital
    return out


def reference_joins(text: str, toks: list[T.Token]) -> list[bool]:
    out = []
    for a, b in zip(toks, toks[1:], strict=False):
        gap = text[a.end : b.start]
        ok = len(gap) <= 4 and _JOIN.fullmatch(gap) is not None
        if ok and gap.startswith(".") and len(a.norm) > 1 and a.norm not in T._ABBREVIATED:
            ok = False
        out.append(ok)
    return out


def _frus_paragraphs(limit: int) -> list[str]:
    out = []
    for path in sorted((SHARED / "corpus" / "frus").glob("*.xml"))[:2]:
        for _, el in ElementTree.iterparse(path):
            if el.tag.endswith("}p"):
                out.append("".join(el.itertext()))
                if len(out) % (limit // 2) == 0:
                    break
            el.clear()
    return out


def _made_up(n: int) -> list[str]:
    """Strings built from the pieces every rule looks at: possessives, hyphens of three kinds,
    initials, titles, apostrophes inside and at the ends of words, blank lines, scripts."""
    pieces = [
        "Rhee's",
        "Chou’s",
        "s",
        "'s",
        "Il-sung",
        "En‐lai",
        "Kim‑Il",
        "-",
        "‐",
        " - ",
        "Mr.",
        "Gen.",
        "J.",
        "A.B.",
        "Ch'en",
        "O’Brien",
        "'quoted'",
        "ʼx",
        "金日成",
        "김일성",
        "Хрущёв",
        "Sŏng",
        "_",
        "__init__",
        "\n",
        "\n\n",
        "\t",
        "  ",
        ", ",
        "(",
        ")",
        "[Stalin]",
        "1959",
        "ÉCOLE",
        "straße",
        "ǅ",
        "'",
        "’",
        "end.",
        "x",
        "Ri Chang-jeong",
        "  .  ",
        "a''b",
    ]
    rng = random.Random(208190)
    return [
        "".join(rng.choice(pieces) + rng.choice(["", " ", ""]) for _ in range(40)) for _ in range(n)
    ]


def _texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8"), "", " ", "x", "Rhee's", "-Kim", "Kim-"]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.rglob("*.txt"))]
    return texts + _frus_paragraphs(400) + _made_up(2000)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_tokens_match_the_reference(texts):
    assert len(texts) > 2000
    for text in texts:
        assert T.tokens(text) == reference_tokens(text), text


def test_joins_match_the_reference(texts):
    for text in texts:
        toks = reference_tokens(text)
        assert T.joins(text, toks) == reference_joins(text, toks), text
        T.read_words.cache_clear()
        got_toks, got_joins = T.read_words(text)
        assert (got_toks, got_joins) == (toks, reference_joins(text, toks)), text
