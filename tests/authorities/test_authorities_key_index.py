"""The name-key index (``keyindex``): a volume's matching reads its own namesakes, not the archive.

The matcher and the merge proposals used to read every source id of every other volume for each
volume ingested (an ingest of N volumes read N² rows). They now ask the key index for the first
agents under their own persons' keys. These tests hold the index to three things: what it reads
does not grow with unrelated volumes; what it answers is what the full scan answered (the scan is
kept here as the reference); and its rows follow every write of a source id (both DBs).
"""

from __future__ import annotations

import importlib

import pytest
from django.db.backends.utils import CursorWrapper

from tests.hostile.links_support import volume_tei, write

from .support import V03, V18, V22, agent_of, copy_volume, ingest

pytestmark = pytest.mark.django_db


class _RowsRead:
    """Rows the database hands back while active (every fetch of Django's cursors counted)."""

    def __init__(self, monkeypatch):
        self.rows = 0
        for name in ("fetchone", "fetchmany", "fetchall"):
            monkeypatch.setattr(CursorWrapper, name, self._counting(name), raising=False)

    def _counting(self, name):
        def fetch(cursor, *args, **kwargs):
            got = getattr(cursor.cursor, name)(*args, **kwargs)
            if name == "fetchone":
                self.rows += got is not None
            else:
                self.rows += len(got)
            return got

        return fetch


def _persons(volume: str) -> list[dict]:
    """A volume's persons as its ingest sees them, from its source ids (as ``dedupe`` does)."""
    from sourcebook.authorities.models import SourceId

    return [
        {"id": s.xml_id, "name": s.name, "description": s.description, "see": s.see}
        for s in SourceId.objects.filter(volume=volume).order_by("id")
    ]


def _unrelated(tmp_path, n: int, persons: int = 40) -> None:
    """``n`` volumes whose persons share no name with anyone else."""
    for v in range(n):
        people = [
            (f"p_X{i}", f"Person{v}x{i}, Given{v}y{i}", f"Officer number {i}")
            for i in range(persons)
        ]
        ingest(write(tmp_path, f"other-{v}.xml", volume_tei(f"other-{v}", people)))


def _reads_do_not_grow(tmp_path, monkeypatch, read) -> None:
    """``read(persons)`` of volume V22 reads as many rows with 6 unrelated volumes beside it
    as without them (the full scan read every other volume's source ids: 240 more here)."""
    for volume in (V03, V22):
        ingest(copy_volume(tmp_path, volume))
    persons = _persons(V22)

    def rows_read() -> int:
        counter = _RowsRead(monkeypatch)
        read(persons)
        monkeypatch.undo()
        return counter.rows

    alone = rows_read()
    assert alone > 0
    _unrelated(tmp_path, 6)
    assert rows_read() == alone


def test_matching_a_volume_reads_the_same_however_many_unrelated_volumes(tmp_path, monkeypatch):
    from sourcebook.authorities.matching import Matcher

    _reads_do_not_grow(tmp_path, monkeypatch, lambda persons: Matcher(V22, persons))


def test_proposing_merges_reads_the_same_however_many_unrelated_volumes(tmp_path, monkeypatch):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.hooks import _blocks

    def propose(persons):
        _blocks(V22, [(p, Agent()) for p in persons])

    _reads_do_not_grow(tmp_path, monkeypatch, propose)


# The reference: the full scans the matcher and the proposals made before the index.


def _scan_matcher(volume: str, persons: list[dict]):
    from sourcebook.authorities.matching import SAMPLES_PER_AGENT, Matcher
    from sourcebook.authorities.models import SourceId
    from sourcebook.core.authority_match import person_keys

    matcher = Matcher(volume, persons)  # its KeptApart and _twice_here, then the old index
    matcher._by_key, matcher._samples, matcher._keys_of = {}, {}, {}
    rows = SourceId.objects.exclude(volume=volume).filter(see="").order_by("id")
    for sid in rows:
        matcher._keys_of.setdefault(sid.agent_id, []).append(f"{sid.volume}#{sid.xml_id}")
        samples = matcher._samples.setdefault(sid.agent_id, [])
        if len(samples) < SAMPLES_PER_AGENT:
            samples.append(sid)
        for key in person_keys(sid.name):
            agents = matcher._by_key.setdefault(key, [])
            if sid.agent_id not in agents and len(agents) < 2:
                agents.append(sid.agent_id)
    return matcher


def _scan_candidates(volume: str, person: dict) -> list[int]:
    from sourcebook.authorities.hooks import CANDIDATES_PER_PERSON
    from sourcebook.authorities.keyindex import block_keys, description_key
    from sourcebook.authorities.models import SourceId

    blocks: dict[str, dict] = {}
    for sid in SourceId.objects.exclude(volume=volume).order_by("id"):
        for key in block_keys(sid.name):
            block = blocks.setdefault(key, {"first": {}, "described": {}})
            if len(block["first"]) < CANDIDATES_PER_PERSON:
                block["first"].setdefault(sid.agent_id, sid)
            alike = block["described"].setdefault(description_key(sid.description), {})
            if len(alike) < CANDIDATES_PER_PERSON:
                alike.setdefault(sid.agent_id, sid)
    found = [blocks[k] for k in sorted(block_keys(person["name"])) if k in blocks]
    picked: dict[int, SourceId] = {}
    for block in found:
        for agent_id, sid in (
            block["described"].get(description_key(person["description"]), {}).items()
        ):
            picked.setdefault(agent_id, sid)
    for block in found:
        for agent_id, sid in block["first"].items():
            if len(picked) >= CANDIDATES_PER_PERSON:
                break
            picked.setdefault(agent_id, sid)
    return [s.pk for s in list(picked.values())[:CANDIDATES_PER_PERSON]]


def _answers(matcher, volume: str, persons: list[dict]) -> list:
    from sourcebook.authorities.decisions import agent_source_keys
    from sourcebook.authorities.models import SourceId

    sids = {s.xml_id: s for s in SourceId.objects.filter(volume=volume)}
    held = agent_source_keys({s.agent_id for s in sids.values()})
    out = []
    for person in [p for p in persons if not p.get("see")]:
        own = sids[person["id"]].agent_id
        for match in (
            matcher.strong(person, [f"{volume}#{person['id']}"]),
            matcher.strong(person, held[own], own),
        ):
            out.append(match and (match.agent_id, match.other.pk, match.evidence))
    return out


@pytest.fixture
def crowded(tmp_path):
    """The three FRUS volumes and volumes made to hit every rule: namesakes described apart
    (two agents under one key), a person listed twice, an editor's split and rejection."""
    from sourcebook.authorities.merge import reject
    from sourcebook.authorities.models import MergeProposal
    from sourcebook.authorities.split import split

    for volume in (V03, V18, V22):
        ingest(copy_volume(tmp_path, volume))
    namesakes = [
        ("p_DJF9", "Dulles, John Foster", "Soviet Ambassador in Cairo, 1922"),
        ("p_BCE9", "Bohlen, Charles E.", "Japanese naval attaché"),
        *((f"p_T{n}", "Twice, Tom", "Clerk") for n in range(7)),  # more than a block keeps
        ("p_T9", "Twice, Tom", "Another clerk"),
    ]
    # A cross-reference under a name of the FRUS volumes: the matcher never reads it.
    see = (
        '<item><persName xml:id="p_SEE">Allen, George V.</persName>, see '
        '<persName corresp="#p_T9">Twice</persName></item></list>'
    )
    tei = volume_tei("vol-n", namesakes).replace("</list>", see)
    ingest(write(tmp_path, "vol-n.xml", tei))
    if MergeProposal.objects.filter(status="pending").exists():
        reject(MergeProposal.objects.filter(status="pending").order_by("id").first(), "ed")
    again = [
        ("p_JUA7", "Johnson, U. Alexis", "Ambassador to Czechoslovakia"),
        ("p_DJF7", "Dulles, John Foster", "Secretary of State"),
        ("p_AGV7", "Allen, George V.", "Ambassador to Greece"),
        ("p_T7", "Twice, Tom", "Clerk"),
    ]
    ingest(write(tmp_path, "vol-m.xml", volume_tei("vol-m", again)))
    split(agent_of(f"{V03}#p_JUA1"), [f"{V22}#p_JUA1"], "ed")
    return [V03, V18, V22, "vol-n", "vol-m"]


def test_the_index_answers_what_the_full_scan_answered(crowded):
    from sourcebook.authorities.matching import Matcher
    from sourcebook.authorities.models import SourceId

    strong, ambiguous, decided = 0, 0, 0
    for volume in crowded:
        persons = _persons(volume)
        matcher = Matcher(volume, persons)
        found = _answers(matcher, volume, persons)
        assert found == _answers(_scan_matcher(volume, persons), volume, persons), volume
        strong += sum(1 for f in found if f)
        ambiguous += sum(1 for agents in matcher._by_key.values() if len(agents) > 1)
        decided += len(matcher._keys_of)
    # The rules were met, not skipped: recurring persons, namesakes, an editor's decisions.
    assert strong > 100 and ambiguous and decided
    assert SourceId.objects.exclude(see="").exists()


def test_proposal_candidates_are_those_of_the_full_scan(crowded):
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.hooks import _block_keys, _blocks, _candidates

    compared = 0
    for volume in crowded:
        persons = [p for p in _persons(volume) if not p["see"]]
        blocks = _blocks(volume, [(p, Agent()) for p in persons])
        for person in persons:
            found = [blocks[k] for k in sorted(_block_keys(person["name"])) if k in blocks]
            got = [s.pk for s in _candidates(found, person["description"])]
            assert got == _scan_candidates(volume, person), (volume, person)
            compared += bool(got)
    assert compared > 100


# The index follows every write.


def _out_of_step() -> list:
    """Source ids whose index rows are not those their name and description make."""
    from sourcebook.authorities.keyindex import rows_for
    from sourcebook.authorities.models import SourceId

    wrong = []
    for sid in SourceId.objects.prefetch_related("keys"):
        have = sorted((k.key, k.described) for k in sid.keys.all())
        if have != sorted(rows_for(sid.name, sid.description)):
            wrong.append(sid)
    return wrong


def test_the_index_follows_ingest_re_ingest_merge_and_split(tmp_path):
    from sourcebook.authorities.merge import merge_slugs
    from sourcebook.authorities.models import SourceId, SourceIdKey
    from sourcebook.authorities.split import split

    ingest(write(tmp_path, "a.xml", volume_tei("vol-a", [("p_1", "Roe, Richard", "Consul")])))
    ingest(write(tmp_path, "b.xml", volume_tei("vol-b", [("p_2", "Poe, Edgar", "Consul")])))
    assert SourceIdKey.objects.exists() and not _out_of_step()

    # A new edition of vol-a renames its person: the old name's keys go, the new one's come.
    ingest(write(tmp_path, "a.xml", volume_tei("vol-a", [("p_1", "Roe, Richard Q.", "Envoy")])))
    assert not _out_of_step()
    assert not SourceIdKey.objects.filter(key="t:richard roe").exists()

    merge_slugs(agent_of("vol-b#p_2").slug, agent_of("vol-a#p_1").slug, "ed")
    split(agent_of("vol-a#p_1"), ["vol-b#p_2"], "ed")
    assert not _out_of_step()
    SourceId.objects.filter(volume="vol-b").delete()
    assert SourceIdKey.objects.count() == len(
        [k for s in SourceId.objects.all() for k in s.keys.all()]
    )


def test_the_matcher_sees_an_editors_merge_made_after_the_earlier_volumes(tmp_path):
    """Two agents of one name are ambiguous; once an editor merges them, the next volume's
    person joins the one agent (the index holds no agent: it cannot go stale on a merge)."""
    from sourcebook.authorities.matching import Matcher
    from sourcebook.authorities.merge import merge_slugs

    for name, desc in (("vol-a", "British Consul at Geneva"), ("vol-b", "Japanese Consul")):
        ingest(write(tmp_path, f"{name}.xml", volume_tei(name, [("p_1", "Roe, Richard", desc)])))
    first, second = agent_of("vol-a#p_1"), agent_of("vol-b#p_1")
    assert first != second
    person = {"id": "p_1", "name": "Richard Roe", "description": "Consul at Geneva"}
    assert Matcher("vol-c", [person]).strong(person, ["vol-c#p_1"]) is None

    merge_slugs(second.slug, first.slug, "ed")
    match = Matcher("vol-c", [person]).strong(person, ["vol-c#p_1"])
    assert match is not None and match.agent_id == first.id
    ingest(write(tmp_path, "c.xml", volume_tei("vol-c", [("p_1", "Roe, Richard", "Consul")])))
    assert agent_of("vol-c#p_1") == first


def test_the_index_follows_an_edit_in_the_admin(tmp_path, client, django_user_model):
    from sourcebook.authorities.models import SourceId

    ingest(write(tmp_path, "a.xml", volume_tei("vol-a", [("p_1", "Roe, Richard", "Consul")])))
    sid = SourceId.objects.get()
    sid.name = "Doe, Jane"
    sid.save()
    assert not _out_of_step()
    assert sid.keys.filter(key="t:doe jane").exists()


def test_the_migration_backfills_what_the_ingest_writes(tmp_path):
    from django.apps import apps

    from sourcebook.authorities.models import SourceIdKey

    ingest(copy_volume(tmp_path, V18))
    written = sorted(SourceIdKey.objects.values_list("sid_id", "key", "described"))
    SourceIdKey.objects.all().delete()
    migration = importlib.import_module("sourcebook.authorities.migrations.0003_source_id_keys")
    migration.backfill(apps, None)
    assert sorted(SourceIdKey.objects.values_list("sid_id", "key", "described")) == written
    assert len(written) > 300


def test_a_long_name_is_stored_as_a_digest():
    from sourcebook.authorities.keyindex import LONGEST, indexed

    long = "Wang " + "Xiaoming " * 60
    assert indexed("t:a b") == "t:a b"
    assert indexed("a b") == "n:a b"
    assert indexed(f"t:{long}").startswith("h:") and len(indexed(f"t:{long}")) <= LONGEST
    assert indexed(f"t:{long}") != indexed(f"r:{long}")


def test_new_slugs_read_only_the_slugs_of_the_volumes_names(tmp_path, monkeypatch):
    """``taken_slugs(bases)``: what a slug made from those bases could meet, and no more."""
    from sourcebook.archive.models import Agent
    from sourcebook.authorities.hooks import slug_base
    from sourcebook.authorities.merge import taken_slugs

    ingest(copy_volume(tmp_path, V03))
    Agent.objects.create(slug="roe-richard-7", name="Roe, Richard")
    Agent.objects.create(slug="roe-richardson", name="Roe, Richardson")
    bases = [slug_base(p["name"]) for p in _persons(V03)] + ["roe-richard"]

    def read() -> tuple[set[str], int]:
        counter = _RowsRead(monkeypatch)
        taken = taken_slugs(bases)
        monkeypatch.undo()
        return taken, counter.rows

    taken, rows = read()
    every = taken_slugs()
    assert "roe-richard-7" in taken and "roe-richardson" not in taken
    assert {s for s in every if any(s == b or s.startswith(f"{b}-") for b in bases)} <= taken
    _unrelated(tmp_path, 3)
    assert read() == (taken, rows)


def test_index_finds_the_ids_a_backend_did_not_return(tmp_path):
    """``bulk_create`` on a backend that returns no ids leaves ``pk`` unset: found by key."""
    from sourcebook.authorities.keyindex import index
    from sourcebook.authorities.models import SourceId, SourceIdKey

    ingest(write(tmp_path, "a.xml", volume_tei("vol-a", [("p_1", "Roe, Richard", "Consul")])))
    saved = SourceId.objects.get()
    SourceIdKey.objects.all().delete()
    index([SourceId(volume="vol-a", xml_id="p_1", name=saved.name, description="Consul")])
    assert not _out_of_step() and SourceIdKey.objects.filter(sid=saved).exists()
