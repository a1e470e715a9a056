"""Time the linker's text passes and the index's word pattern on two source trees, and check
that both give the same output.

Why: the passes (``finder.key_matches``, ``propose.propose``, the word patterns of
``core.cjk`` and ``core.linking.tokens``) are rewritten for speed, and only their output may
not change. Each tree runs in its own process (``PYTHONPATH=<tree>``). It prints seconds per
pass and a digest of everything the pass returned. Equal digests mean equal output.

    .venv/bin/python bench/linker_passes.py --texts /tmp/b/c20k --old-src /tmp/b/before/src

``--texts``: a folder of record-text files (``search_bench.generate``); the shared corpus's
text and TEI files are added. The gazetteer is a fixed list of names in several romanizations.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = [
    "Kim Il Sung", "Zhou Enlai", "Mao Zedong", "Nikita Khrushchev", "Pak Hon-yong",
    "Peng Dehuai", "Ri Chang-jeong", "Chiang Kai-shek", "Syngman Rhee", "Andrei Gromyko",
    "金日成", "毛泽东",
]  # fmt: skip


def _texts(folder: Path, most: int) -> list[str]:
    paths = sorted(folder.rglob("*.txt"))[:most]
    shared = ROOT.parent / "shared" / "corpus"
    paths += [p for p in shared.rglob("*") if p.is_file() and p.suffix in (".txt", ".xml")]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def _timed(name: str, fn, texts: list[str], out: dict) -> None:
    digest = hashlib.sha256()
    start = time.process_time()
    for text in texts:
        digest.update(repr(fn(text)).encode())
    out[name] = {"seconds": round(time.process_time() - start, 3), "digest": digest.hexdigest()}


def run_here(folder: Path, most: int) -> dict:
    """The passes with whatever ``sourcebook`` this process imports."""
    from sourcebook.core import cjk, linking
    from sourcebook.core.linking import finder, tokens
    from sourcebook.core.linking.gazetteer import Entry
    from sourcebook.core.linking.propose import propose

    gaz = linking.build(
        [Entry(key=f"agent:{i}", kind="person", name=n) for i, n in enumerate(NAMES)]
    )
    texts = _texts(folder, most)
    for text in texts:  # the words' caches filled, as in a long ingest
        tokens.read_words(text)
    out: dict = {"texts": len(texts)}
    _timed("index word pattern", lambda t: cjk._WORD.findall(t), texts, out)
    _timed("linker word pattern", lambda t: tokens._SPLIT.split(t), texts, out)
    _timed("key_matches", lambda t: finder.key_matches(gaz, t, tokens.read_words(t)[0]), texts, out)

    def proposals(text: str):
        segments = [linking.Segment(text, None, 0), linking.Segment("Comrade " + text[:2000])]
        return propose(segments, linking.link(gaz, segments).mentions)

    link_only = {}
    _timed("link", lambda t: linking.link(gaz, [linking.Segment(t, None, 0)]), texts, link_only)
    _timed("link + propose", proposals, texts, out)
    out["link"] = link_only["link"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True)
    parser.add_argument("--old-src", type=Path)
    parser.add_argument("--most", type=int, default=4000, help="texts taken from --texts")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.here:
        print(json.dumps(run_here(args.texts, args.most)))
        return
    if args.old_src is None:
        parser.error("--old-src is required")
    results = {}
    for label, src in (("old", args.old_src), ("new", ROOT / "src")):
        env = {**os.environ, "PYTHONPATH": str(src)}
        command = [sys.executable, __file__, "--here", "--texts", str(args.texts)]
        done = subprocess.run(
            [*command, "--most", str(args.most)], env=env, capture_output=True, text=True
        )
        if done.returncode:
            sys.exit(f"{label} tree failed: {done.stderr.strip().splitlines()[-1]}")
        results[label] = json.loads(done.stdout)
    print(f"{results['new']['texts']} texts")
    for name, new in results["new"].items():
        if name == "texts":
            continue
        old = results["old"][name]
        same = "same output" if old["digest"] == new["digest"] else "OUTPUT DIFFERS"
        print(f"{name:22} old {old['seconds']:7.3f} s   new {new['seconds']:7.3f} s   {same}")


if __name__ == "__main__":
    main()
