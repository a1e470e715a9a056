"""Candidate authorities a document proposes are added to the linker's gazetteer, not read
again with every other authority (0.7 s a proposing document with 20,000 persons)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourcebook.core import linking
from tests.conftest import SAMPLES

KIM = linking.Entry("agent:1", linking.PERSON, "Kim Il-sung", ("Kim Il Sung",), "Premier")
ZHOU = linking.Entry("agent:2", linking.PERSON, "Zhou Enlai", ("Chou En-lai",))
KAESONG = linking.Entry("place:1", linking.PLACE, "Kaesong")
# Shares the surname form ("kim",) and key phrases' first keys with Kim Il-sung.
KIM_TU_BONG = linking.Entry("agent:3", linking.PERSON, "Kim Tu-bong", ("Kim Tubong",))
PAK = linking.Entry("agent:4", linking.PERSON, "Pak Hon-yong")


def test_extended_is_a_build_of_all_and_leaves_the_original_as_it_was():
    before = linking.build([KIM, ZHOU, KAESONG])
    after = before.extended([KIM_TU_BONG, PAK])
    assert after == linking.build([KIM, ZHOU, KAESONG, KIM_TU_BONG, PAK])
    assert before == linking.build([KIM, ZHOU, KAESONG])  # nothing shared was changed
    assert "agent:3" in after.words[("kim",)] and "agent:3" not in before.words[("kim",)]
    text = [linking.Segment("Kim Tu-bong met Pak Hon-yong and Kim Il-sung at Kaesong.", "en", 0)]
    assert set(linking.link(after, text).authorities) == {
        "agent:1",
        "agent:3",
        "agent:4",
        "place:1",
    }
    with pytest.raises(ValueError, match="agent:1"):
        before.extended([KIM])


def _records(folder, names, first=0):
    sample = (SAMPLES / "sample-zhou-kim-1958.txt").read_text(encoding="utf-8")
    folder.mkdir()
    for n, name in enumerate(names, first):
        text = sample.replace("SSC 1958-11-003", f"SSC 1958-11-{n:04d}").replace(
            "Kim agreed and asked",
            f"Comrade {name} of the Ministry of Foreign Trade reported. Kim agreed and asked",
        )
        (folder / f"rec-{n}.txt").write_text(text, encoding="utf-8")
    return folder


def _whole_agent_reads(queries) -> int:
    """Reads of every agent's name and kind (the gazetteer's), not of chosen ones."""
    start = 'SELECT "archive_agent"."id" AS "id", "archive_agent"."name" AS "name", "archive_agent"."kind"'
    return sum(1 for q in queries if q["sql"].startswith(start) and "WHERE" not in q["sql"])


@pytest.mark.django_db
def test_proposing_documents_do_not_read_every_authority_again(tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Agent, DocumentAgent

    one = _records(tmp_path / "one", ["Han Sok-jin"])
    four = _records(
        tmp_path / "four", ["Pak Myong-su", "Choe Tong-hui", "Kang Chol-man", "Mun Bok-sam"], 1
    )
    reads, proposed = [], []
    for folder in (one, four):
        with CaptureQueriesContext(connection) as seen:
            outcomes = [o for batch in ingest.ingest_files(sorted(folder.iterdir())) for o in batch]
        assert {o.status for o in outcomes} == {"added"}
        reads.append(_whole_agent_reads(seen.captured_queries))
        proposed.append(Agent.objects.filter(data__candidate=True).count())
    assert proposed[1] - proposed[0] >= 3  # the second run's documents proposed in turn
    assert reads[0] == reads[1] > 0  # one read per batch, however many documents propose
    named = ["Han Sok-jin", "Pak Myong-su", "Choe Tong-hui", "Kang Chol-man", "Mun Bok-sam"]
    found = list(Agent.objects.filter(name__in=named, data__candidate=True))
    assert len(found) >= 3
    for agent in found:  # each linked to the document that named it, as a candidate
        row = DocumentAgent.objects.get(agent=agent)
        assert row.link == "candidate" and len(row.mentions) == 1
