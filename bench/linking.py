"""Benchmark: linking in running text against FRUS's own encoded links.

Strips ``@corresp`` from every ``persName`` inside the documents of the three FRUS volumes in
``../shared/corpus/frus/`` (the persons list in the front matter stays: it is the authority
file the linker links to), ingests them into a fresh data directory (SQLite; the ingest hook
links every document), and compares the linker's ``automatic`` person links with the links the
original files encode:

- per document: precision and recall of the set of persons linked (micro over all pairs, and
  macro: the mean over documents), against every person the document encodes (head, text,
  footnotes, source note);
- per mention: spans in the document text whose encoded person is found at the same offsets.

frus1955-57v03 and frus1958-60v18 were used to develop the rules; frus1961-63v22 is held out.
Usage::

    .venv/bin/python bench/linking.py [--errors N]

Prints one JSON object (figures per volume, the development pair and the held-out volume).
"""

from __future__ import annotations

import argparse
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
DEVELOPMENT = ("frus1955-57v03", "frus1958-60v18")
HELD_OUT = ("frus1961-63v22",)
T = "{http://www.tei-c.org/ns/1.0}"


def strip_corresp(data: bytes) -> bytes:
    """The volume with no ``@corresp`` on any ``persName`` of its body (documents)."""
    head, sep, body = data.partition(b"<body")
    body = re.sub(rb"(<persName\b[^>]*?)\s+corresp=\"[^\"]*\"", rb"\1", body)
    return head + sep + body


def gold_spans(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Per record id, the (start, end, person id) of every encoded ``persName`` of its text."""
    from lxml import etree

    from sourcebook.core.tei import flatten as fl
    from sourcebook.core.tei.frus_reader import _volume_id

    class Spans(fl._Builder):
        def __init__(self) -> None:
            super().__init__()
            self.spans: list[tuple[int, int, str]] = []

        def walk(self, el, role="mentioned"):
            if fl.local(el) == "persName":
                pid = fl.ref_id(el.get("corresp"))
                start = self.length
                super().walk(el, role)
                if pid:
                    self.spans.append((start, self.length, pid))
                return
            super().walk(el, role)

    root = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))
    volume = _volume_id(root, str(path))
    out = {}
    for div in root.iter(f"{T}div"):
        if div.get("type") != "document":
            continue
        head = div.find(f"{T}head")
        b = Spans()
        b.text(div.text)
        for child in div:
            if child is head:
                b.text(child.tail)
                continue
            b.walk(child)
            b.text(child.tail)
        flat = b.result("en")
        spans = []
        for s, e, pid in b.spans:
            # The reading text drops leading spaces; align on the persName's own words.
            s = min(s, len(flat.body))
            while s < e and s < len(flat.body) and flat.body[s] == " ":
                s += 1
            spans.append((s, min(e, len(flat.body)), pid))
        out[f"{volume}-{div.get('{http://www.w3.org/XML/1998/namespace}id')}"] = spans
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _mean(xs: list[float]) -> float | None:
    return round(sum(xs) / len(xs), 4) if xs else None


ADJUDICATED = Path(__file__).with_name("linking_adjudicated.json")


def adjudicated() -> dict[str, set[str]]:
    """Document → persons the text names though the encoding does not link them, as read by
    hand (``linking_adjudicated.json``); verdicts that the linker was wrong add nothing."""
    out: dict[str, set[str]] = {}
    for row in json.loads(ADJUDICATED.read_text(encoding="utf-8"))["verdicts"]:
        if row["verdict"] == "mentioned":
            out.setdefault(row["document"], set()).add(row["person"])
    return out


def measure(errors: int) -> dict:
    os.environ.pop("DATABASE_URL", None)
    home = tempfile.mkdtemp(prefix="sourcebook-linking-")
    os.environ["SOURCEBOOK_HOME"] = home
    sys.path.insert(0, str(REPO / "src"))
    from sourcebook import runtime

    runtime.setup()
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document, DocumentAgent, LinkFields
    from sourcebook.authorities.models import SourceId
    from sourcebook.core.formats import read_source

    volumes = sorted(FRUS.glob("frus*.xml"))
    stripped_dir = Path(home) / "stripped"
    stripped_dir.mkdir()
    gold: dict[str, set[str]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    see: dict[tuple[str, str], str] = {}
    started = time.perf_counter()
    for path in volumes:
        parsed = read_source(path.read_bytes(), path.name)
        volume = parsed.collection["id"]
        for p in parsed.authorities["persons"]:
            if p.get("see"):
                see[(volume, p["id"])] = p["see"]
        for r in parsed.records:
            gold[r.id] = {see.get((volume, p["id"]), p["id"]) for p in r.extra.get("persons", [])}
        for rid, sp in gold_spans(path).items():
            spans[rid] = [(s, e, see.get((volume, pid), pid)) for s, e, pid in sp]
        target = stripped_dir / path.name
        target.write_bytes(strip_corresp(path.read_bytes()))
        outcomes = ingest.ingest_file(target)
        assert all(o.status == "added" for o in outcomes), [o.error for o in outcomes][:3]
    elapsed = time.perf_counter() - started
    ids: dict[tuple[int, str], str] = {}
    for agent_id, volume, xml_id in SourceId.objects.values_list("agent_id", "volume", "xml_id"):
        ids[(agent_id, volume)] = see.get((volume, xml_id), xml_id)

    checked = adjudicated()
    per_volume: dict[str, dict] = {}
    examples: list[dict] = []
    conflicts: list[dict] = []
    for doc in Document.objects.order_by("pk"):
        volume = doc.extra["volume"]
        v = per_volume.setdefault(
            volume,
            {
                "docs": 0,
                "tp": 0,
                "fp": 0,
                "fn": 0,
                "p": [],
                "r": [],
                "mtp": 0,
                "mfp": 0,
                "mfn": 0,
                "encoded_left": 0,
            },
        )
        links = DocumentAgent.objects.filter(document=doc).select_related("agent")
        v["encoded_left"] += sum(1 for x in links if x.link == LinkFields.ENCODED)
        auto = [x for x in links if x.link == LinkFields.AUTOMATIC and x.agent.kind == "person"]
        predicted = {ids.get((x.agent_id, volume), f"other:{x.agent.slug}") for x in auto}
        truth = gold.get(doc.public_id, set())
        tp, fp, fn = len(predicted & truth), len(predicted - truth), len(truth - predicted)
        # The same against the encoding with the hand-checked verdicts added (see ADJUDICATED).
        fixed = truth | (predicted & checked.get(doc.public_id, set()))
        ctp, cfp = len(predicted & fixed), len(predicted - fixed)
        v["ctp"], v["cfp"] = v.get("ctp", 0) + ctp, v.get("cfp", 0) + cfp
        v["cfn"] = v.get("cfn", 0) + len(fixed - predicted)
        if predicted:
            v.setdefault("cp", []).append(ctp / len(predicted))
        if fixed:
            v.setdefault("cr", []).append(ctp / len(fixed))
        # Links to people the volume's persons list lacks cannot be in its encoding at all.
        v["fp_listed"] = v.get("fp_listed", 0) + len(
            {x for x in predicted - truth if not x.startswith("other:")}
        )
        v["docs"] += 1
        v["tp"], v["fp"], v["fn"] = v["tp"] + tp, v["fp"] + fp, v["fn"] + fn
        if predicted:
            v["p"].append(tp / len(predicted))
        if truth:
            v["r"].append(tp / len(truth))
        got = {
            (m["start"], m["end"], ids.get((x.agent_id, volume), x.agent.slug))
            for x in auto
            for m in x.mentions
            if m["text"] == 0
        }
        want = set(spans.get(doc.public_id, []))
        # Why a link is not in the encoding: its words are encoded as someone else
        # ("conflicting"), are not tagged at all ("untagged"), or lie in the title or notes.
        for x in auto:
            pid = ids.get((x.agent_id, volume), f"other:{x.agent.slug}")
            if pid in truth:
                continue
            body = [(m["start"], m["end"]) for m in x.mentions if m["text"] == 0]
            if any(s < ge and gs < e for s, e in body for gs, ge, _ in want):
                kind = "conflicting"
            elif body:
                kind = "untagged"
            else:
                kind = "title_or_notes"
            v[kind] = v.get(kind, 0) + 1
            if kind == "conflicting":
                conflicts.append(
                    {
                        "document": doc.public_id,
                        "linked": pid,
                        "encoded": sorted(
                            {g for s, e in body for gs, ge, g in want if s < ge and gs < e}
                        ),
                        "surfaces": sorted({m["surface"] for m in x.mentions}),
                    }
                )
        v["mtp"] += len(got & want)
        v["mfp"] += len(got - want)
        v["mfn"] += len(want - got)
        if (predicted - truth or truth - predicted) and len(examples) < errors:
            examples.append(
                {
                    "document": doc.public_id,
                    "wrong": sorted(predicted - truth),
                    "missed": sorted(truth - predicted),
                    "wrong_surfaces": sorted(
                        {
                            m["surface"]
                            for x in auto
                            for m in x.mentions
                            if ids.get((x.agent_id, volume), "") in predicted - truth
                        }
                    ),
                }
            )

    def figures(names: tuple[str, ...] | list[str]) -> dict:
        rows = [per_volume[n] for n in names if n in per_volume]
        tp, fp, fn = (sum(r[k] for r in rows) for k in ("tp", "fp", "fn"))
        fp_listed = sum(r.get("fp_listed", 0) for r in rows)
        mtp, mfp, mfn = (sum(r[k] for r in rows) for k in ("mtp", "mfp", "mfn"))
        return {
            "documents": sum(r["docs"] for r in rows),
            "links": {"true": tp, "wrong": fp, "missed": fn},
            "precision_micro": _ratio(tp, tp + fp),
            "recall_micro": _ratio(tp, tp + fn),
            "precision_micro_listed": _ratio(tp, tp + fp_listed),
            "precision_macro": _mean([p for r in rows for p in r["p"]]),
            "recall_macro": _mean([x for r in rows for x in r["r"]]),
            "mention_precision": _ratio(mtp, mtp + mfp),
            "mention_recall": _ratio(mtp, mtp + mfn),
            "encoded_links_left": sum(r["encoded_left"] for r in rows),
            "adjudicated": {
                "links": {
                    "true": sum(r.get("ctp", 0) for r in rows),
                    "wrong": sum(r.get("cfp", 0) for r in rows),
                    "missed": sum(r.get("cfn", 0) for r in rows),
                },
                "precision_macro": _mean([p for r in rows for p in r.get("cp", [])]),
                "recall_macro": _mean([x for r in rows for x in r.get("cr", [])]),
            },
            "wrong_links_by_kind": {
                k: sum(r.get(k, 0) for r in rows)
                for k in ("conflicting", "untagged", "title_or_notes")
            },
        }

    shutil.rmtree(home, ignore_errors=True)
    return {
        "benchmark": "linking",
        "threshold": float(os.environ.get("SOURCEBOOK_LINK_THRESHOLD", "0.8")),
        "ingest_and_link_seconds": round(elapsed, 2),
        "volumes": {n: figures([n]) for n in sorted(per_volume)},
        "development": figures(DEVELOPMENT),
        "held_out": figures(HELD_OUT),
        "conflicts": conflicts,
        "errors": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors", type=int, default=0, help="List this many documents with errors."
    )
    args = parser.parse_args()
    print(json.dumps(measure(args.errors), ensure_ascii=False))


if __name__ == "__main__":
    main()
