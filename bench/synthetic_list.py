"""Fill an empty, migrated archive with ``N`` bare published documents for timing the lists by
date (home page, API list): one row each, no texts, no index. With ``--persons P --links K``,
also ``P`` persons and ``K`` links a document to persons drawn at random (role sender,
recipient or mentioned; encoded), for the authority lists (``bench/authority_lists.py``); with
``--prolific F``, ``person-0`` is also named in a share ``F`` of the documents
(``bench/person_pages.py``).

Rows: ``public_id`` ``p0000000``…, a title, a 100-character summary, ``date_earliest`` a random
day of 1945–2000 (seed 7; none for every 50th), ``date_edtf`` its ISO day (none for every 7th),
``date_text`` the EDTF; ``bulk_create`` in batches of 5,000, then the planner's statistics as an
ingest leaves them.

Run: SOURCEBOOK_HOME=<home> [DATABASE_URL=…] PYTHONPATH=src .venv/bin/python -m django migrate
     -v0 --settings=sourcebook.settings && … bench/synthetic_list.py 100000 [--persons 30000 --links 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("documents", type=int)
    parser.add_argument("--persons", type=int, default=0)
    parser.add_argument("--links", type=int, default=4, help="persons a document names")
    parser.add_argument(
        "--prolific",
        type=float,
        default=0.0,
        help="also link person-0 to this share of the documents (a Kissinger of the archive)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    _documents(args.documents)
    if args.persons:
        _persons(args.persons, args.links, args.prolific)
    from sourcebook.archive import planner_stats

    planner_stats.analyze()


def _documents(count: int) -> None:
    from sourcebook.archive.models import Document

    rnd = random.Random(7)
    rows = []
    for i in range(count):
        day = None if i % 50 == 0 else dt.date(1945, 1, 1) + dt.timedelta(rnd.randrange(20000))
        edtf = None if day is None or i % 7 == 0 else day.isoformat()
        title = f"Telegram {i} about the matter of item {i % 977}"
        rows.append(
            Document(
                public_id=f"p{i:07d}",
                title=title,
                date_earliest=day,
                date_edtf=edtf,
                date_text=edtf or "",
                summary="A summary " * 10,
            )
        )
        if len(rows) == 5000:
            Document.objects.bulk_create(rows)
            rows = []
    Document.objects.bulk_create(rows)
    print(f"{Document.objects.count():,} documents")


def _persons(count: int, per_document: int, prolific: float) -> None:
    from sourcebook.archive.models import Agent, Document, DocumentAgent

    rnd = random.Random(3)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    Agent.objects.bulk_create(
        (
            Agent(slug=f"person-{i}", name=f"Person {rnd.choice(letters)}{i:06d}", kind="person")
            for i in range(count)
        ),
        batch_size=5000,
    )
    agents = list(Agent.objects.values_list("id", flat=True))
    star = Agent.objects.get(slug="person-0").id
    rows = []
    for doc in Document.objects.values_list("id", flat=True).iterator():
        named = rnd.sample(agents, per_document)
        if rnd.random() < prolific and star not in named:
            named.append(star)
        for agent in named:
            role = rnd.choice(["sender", "recipient", "mentioned"])
            rows.append(DocumentAgent(document_id=doc, agent_id=agent, role=role, link="encoded"))
        if len(rows) >= 20000:
            DocumentAgent.objects.bulk_create(rows)
            rows = []
    DocumentAgent.objects.bulk_create(rows)
    print(f"{count:,} persons, {DocumentAgent.objects.count():,} links")


if __name__ == "__main__":
    main()
