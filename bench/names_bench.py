#!/usr/bin/env python3
"""Cost of the name and CJK analysis that runs on every ingested document and every query.

    .venv/bin/python bench/names_bench.py

Reports index_streams and tokenize_for_index in ms per KB of text (English record text, Chinese,
Korean, mixed), and variants()/query_names() per call, cold (caches cleared: every word new) and
warm (words seen before, as in a long ingest).
"""

from __future__ import annotations

import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sourcebook.core import cjk, names  # noqa: E402
from sourcebook.core.names import chinese, korean, russian  # noqa: E402

SAMPLE = (ROOT / "src/sourcebook/samples/wcda-208190.txt").read_text(encoding="utf-8")
CHINESE = (
    "中华人民共和国国务院总理周恩來在北京會見了朝鮮民主主義人民共和國內閣首相金日成，"
    "雙方就兩國關係和重慶問題進行了會談。毛澤東主席和劉少奇同志出席。"
) * 8
KOREAN = (
    "김일성 동지는 평양에서 박헌영, 최용건 동지들과 회담을 가졌다. 판문점 회담은 계속되었다. " * 12
)
MIXED = (
    "Premier Chou En-lai told Ambassador Yudin that Kim Il-sŏng and Pak Hŏn-yŏng would come to "
    "Peking; Khrushchev (Хрущёв) and Molotov agreed. 周恩來說 평양 Gromyko Mikoyan. "
) * 8

NAMES = [
    "Zhou Enlai",
    "Chou En-lai",
    "周恩來",
    "Kim Il-sŏng",
    "김일성",
    "Khrushchev",
    "Chruschtschow",
    "Pak Hŏn-yŏng",
    "Peking",
    "Liu Shao-chi",
    "Smith",
    "P'yŏngyang",
]
QUERIES = [
    ["zhou", "enlai", "visit"],
    ["kim", "il", "sung", "speech"],
    ["khrushchev"],
    ["nuclear", "weapons"],
    ["Chou", "En-lai", "Moscow"],
    ["平壤"],
]


def clear_caches() -> None:
    for f in (
        names._analyse,
        names._word_info,
        names._ru_latin,
        chinese.pinyin_syllables,
        chinese.wg_syllables,
        chinese.wg_syllable,
        chinese.plain_wg_syllables,
        korean.roman_syllables,
        russian.readings,
        russian.skeleton,
        cjk.fold_word,
    ):
        f.cache_clear()


def per_kb(fn, text: str, rounds: int = 30, cold: bool = False) -> float:
    kb = len(text.encode("utf-8")) / 1024
    times = []
    fn(text)
    for _ in range(rounds):
        if cold:
            clear_caches()
        t = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000 / kb


def per_call(fn, items, rounds: int = 20, cold: bool = False) -> float:
    times = []
    for item in items:
        fn(item)
    for _ in range(rounds):
        for item in items:
            if cold:
                clear_caches()
            t = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    print("index_streams, ms per KB (median): warm / cold")
    for label, text in (
        ("english record", SAMPLE),
        ("chinese", CHINESE),
        ("korean", KOREAN),
        ("mixed names", MIXED),
    ):
        warm = per_kb(names.index_streams, text)
        cold = per_kb(names.index_streams, text, rounds=10, cold=True)
        print(f"  {label:16} {warm:6.3f} / {cold:6.3f}")
    print("tokenize_for_index, ms per KB (median, warm)")
    for label, text in (("english record", SAMPLE), ("chinese", CHINESE), ("korean", KOREAN)):
        print(f"  {label:16} {per_kb(cjk.tokenize_for_index, text):6.3f}")
    print(
        f"variants(), ms per call (median): warm {per_call(names.variants, NAMES):.4f} / "
        f"cold {per_call(names.variants, NAMES, rounds=5, cold=True):.3f}"
    )
    print(
        f"query_names(), ms per query (median): warm {per_call(names.query_names, QUERIES):.4f}"
        f" / cold {per_call(names.query_names, QUERIES, rounds=5, cold=True):.3f}"
    )


if __name__ == "__main__":
    main()
