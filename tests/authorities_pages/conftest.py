"""A small archive for the authority page tests: record-text documents ingested through the real
ingest service, and authorities linked to them with mentions written straight into the link
tables (as the linker or a FRUS ingest writes them), so the pages read real storage."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from sourcebook.archive import ingest
from sourcebook.core import recordtext
from sourcebook.core.formats import ParsedSource

BODIES = {
    "kp-1": (
        "March 3, 1955",
        "Premier Kim Il Sung received Ambassador Puzanov in Pyongyang. Comrade Xin Minsheng "
        "took notes.\n\nKim Il Sung said the harvest was good.",
    ),
    "kp-2": (
        "June 9, 1958",
        "The minutes <b>in brackets</b> & more: Kim Il-sung spoke with Puzanov about the "
        "Workers' Party congress.",
    ),
    "kp-3": ("July 1, 1958", "A report says Kim may have visited the coast."),
    "kp-draft": ("August 1, 1958", "Draft notes: Kim Il Sung and Puzanov again."),
    "kp-other": ("May 5, 1960", "Puzanov travelled alone to Moscow."),
}


def record_text(public_id: str, date: str, body: str) -> str:
    title = f"Record {public_id}"
    return (
        f'{date}\n**{title}**\n\nCitation:\n\n"{title}", {date}, Test Archive, '
        f"TA {public_id}.\n\nContents:\n\nTranslation - English\n\n{body}"
    )


@dataclass
class Archive:
    kim: object
    puzanov: object
    xin: object
    lonely: object
    party: object
    pyongyang: object
    links: dict = field(default_factory=dict)

    def body(self, public_id: str) -> str:
        from sourcebook.archive.models import Document

        return Document.objects.get(public_id=public_id).texts.order_by("position")[0].body


def _ingest(public_id: str, date: str, body: str) -> None:
    text = record_text(public_id, date, body)
    record = recordtext.parse(text, f"{public_id}.txt", public_id)
    ingest.store(ParsedSource("record-text", [record]), text.encode(), f"{public_id}.txt")


def mention(body: str, surface: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = body.index(surface, start + 1)
    return {"text": 0, "start": start, "end": start + len(surface), "surface": surface}


def link(doc_id: str, agent, surfaces: list[str], **fields):
    from sourcebook.archive.models import Document, DocumentAgent

    doc = Document.objects.get(public_id=doc_id)
    body = doc.texts.order_by("position")[0].body
    mentions = [mention(body, s, k) for s, k in surfaces]
    role = fields.pop("role", "mentioned")
    fields.setdefault("link", "encoded")
    fields.setdefault("confidence", 1.0)
    # The linker may have linked the same name at ingest: the test's link replaces its row.
    row, _ = DocumentAgent.objects.update_or_create(
        document=doc, agent=agent, role=role, defaults={"mentions": mentions, **fields}
    )
    return row


@pytest.fixture
def archive(db) -> Archive:
    from sourcebook.archive.models import Agent, Document, DocumentPlace, NameVariant, Place
    from sourcebook.authorities.models import SourceId

    for public_id, (date, body) in BODIES.items():
        _ingest(public_id, date, body)
    Document.objects.filter(public_id="kp-draft").update(status=Document.DRAFT)
    # The linker proposed candidate persons from these texts at ingest (Xin Minsheng…): these
    # tests write their own links, so they start from no authorities at all.
    Agent.objects.all().delete()
    kim = Agent.objects.create(
        slug="kim-il-sung",
        name="Kim Il Sung",
        wikidata="Q39352",
        viaf="66480437",
        lcnaf="n50013937",
    )
    NameVariant.objects.create(
        agent=kim, name="Kim Il-sŏng", system="mccune-reischauer", source="frus1958-60v18"
    )
    NameVariant.objects.create(agent=kim, name="김일성", system="hangul", source="merge")
    SourceId.objects.create(
        agent=kim,
        volume="frus1958-60v18",
        xml_id="p_KIS1",
        name="Kim Il-song",
        description="Premier of the Democratic People's Republic of Korea, 1948–1972",
    )
    a = Archive(
        kim=kim,
        puzanov=Agent.objects.create(slug="puzanov", name="Puzanov, Alexander"),
        xin=Agent.objects.create(slug="xin-minsheng", name="Xin Minsheng"),
        lonely=Agent.objects.create(slug="lonely", name="Lonely, Nobody"),
        party=Agent.objects.create(
            slug="workers-party", name="Workers' Party of Korea", kind=Agent.ORGANIZATION
        ),
        pyongyang=Place.objects.create(slug="pyongyang", name="Pyongyang"),
    )
    a.links["kim-1"] = link(
        "kp-1", kim, [("Kim Il Sung", 0), ("Kim Il Sung", 1)], role="participant"
    )
    a.links["kim-2"] = link("kp-2", kim, [("Kim Il-sung", 0)], link="automatic", confidence=0.9)
    a.links["kim-3"] = link("kp-3", kim, [("Kim", 0)], link="candidate", confidence=0.4)
    a.links["kim-draft"] = link("kp-draft", kim, [("Kim Il Sung", 0)])
    a.links["puz-1"] = link("kp-1", a.puzanov, [("Puzanov", 0)], role="participant")
    a.links["puz-2"] = link("kp-2", a.puzanov, [("Puzanov", 0)])
    a.links["puz-draft"] = link("kp-draft", a.puzanov, [("Puzanov", 0)])
    a.links["puz-other"] = link("kp-other", a.puzanov, [("Puzanov", 0)])
    a.links["xin-1"] = link("kp-1", a.xin, [("Xin Minsheng", 0)])
    a.links["party-2"] = link("kp-2", a.party, [("Workers' Party", 0)], link="automatic")
    doc1 = Document.objects.get(public_id="kp-1")
    body1 = a.body("kp-1")
    DocumentPlace.objects.create(
        document=doc1, place=a.pyongyang, mentions=[mention(body1, "Pyongyang")]
    )
    return a


@pytest.fixture
def editor(db):
    from tests.curation.accounts_support import make

    return make("reviewer", "editor")
