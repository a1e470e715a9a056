"""The lists' name search through the name-key index (``authorities.namesearch``).

``/persons/?q=Kim`` used to key every name of the archive in Python on each request. It now
reads the names holding the query's keys from ``NameKey``. These tests hold it to three things:
it finds what the full scan found (the scan is kept here as the reference); it reads only the
names that hold the query's keys, however many other names there are; and the table follows
every write of a name (rename, new variant, merge, split, delete, ingest) on both databases.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.authorities.support import V03, V22, copy_volume, ingest
from tests.authorities.test_authorities_key_index import _RowsRead

pytestmark = pytest.mark.django_db

QUERIES = [
    "Kim", "kim", "Kim Il", "Kim Il Sung", "Kim Il-sŏng", "Il Sung", "Sung", "Song",
    "Kim Jong Il", "Jong Il", "김일성", "김", "金日成", "Kim Song-ju", "Mao", "毛泽东",
    "Mao Tse-tung", "Mao Zedong", "Zedong", "Молотов", "Molotov", "Вячеслав Молотов",
    "Zhou Enlai", "Chou En-lai", "周恩来", "Park Chung-hee", "박정희", "Pyongyang", "평양",
    "Beijing", "北京", "Peking", "Москва", "Moskva", "Workers", "조선로동당", "Dulles", "x",
    "Il", "Kim " * 60, "John Foster Dulles", "John Dulles", "Foster Dulles", "John Johnson",
    "Vyacheslav Molotov", "Dulles, John Foster",
]  # fmt: skip


def _scan(kind, rows, q: str) -> list[int]:
    """The list's name search before the index: every name of ``rows`` keyed and compared."""
    from sourcebook.archive.models import NameVariant
    from sourcebook.authorities import listing, namesearch
    from sourcebook.authorities.models import SourceId

    natural = kind.field != "place"  # agents' inverted names also read in natural order
    bare = namesearch.query_phrases(q, natural)
    if not bare:
        return []
    base = rows.values("id")
    pairs = list(kind.model.objects.filter(id__in=base).values_list("id", "name"))
    fk = "place_id" if kind.field == "place" else "agent_id"
    pairs += NameVariant.objects.filter(**{f"{fk}__in": base}).values_list(fk, "name")
    if kind.field == "agent":
        pairs += SourceId.objects.filter(agent_id__in=base).values_list("agent_id", "name")
    found = {pk for pk, name in pairs if listing.reads_as(name, natural, bare)}
    return sorted(found)[: listing.MAX_KEY_MATCHES]


def _stored() -> list[tuple]:
    from sourcebook.authorities.models import NameKey

    rows = NameKey.objects.values_list("key", "agent_id", "place_id", "variant_id", "sid_id")
    return sorted(rows, key=repr)


def _rebuilt() -> list[tuple]:
    """The table as the data migration would write it from the names there are now."""
    from sourcebook.authorities.namesearch import COLUMN, keys_of, of_agent

    columns = ("agent", "place", "variant", "sid")
    rows = []
    for model, column in COLUMN.items():
        for row in model.objects.all():
            at = tuple(row.pk if c == column else None for c in columns)
            rows += [(key, *at) for key in keys_of(row.name, natural=of_agent(row))]
    return sorted(rows, key=repr)


def _agree(queries=QUERIES) -> None:
    """The table is what a rebuild would write, and every kind's search finds what the scan
    finds, on the whole kind and on a narrowed list."""
    from sourcebook.authorities.kinds import KINDS
    from sourcebook.authorities.listing import matching_ids

    assert _stored() == _rebuilt()
    for kind in KINDS.values():
        for rows in (kind.authorities(), kind.authorities().exclude(slug__startswith="kim")):
            for q in queries:
                assert matching_ids(kind, rows, q) == _scan(kind, rows, q), (kind.name, q)


def _person(slug: str, name: str, variants=(), sids=(), kind: str = "person"):
    from sourcebook.archive.models import Agent, NameVariant
    from sourcebook.authorities.models import SourceId

    agent = Agent.objects.create(slug=slug, name=name, kind=kind)
    for variant in variants:
        NameVariant.objects.create(agent=agent, name=variant)
    for volume, xml_id, sid_name in sids:
        SourceId.objects.create(agent=agent, volume=volume, xml_id=xml_id, name=sid_name)
    return agent


@pytest.fixture
def mixed(db) -> dict:
    """Persons, organizations and places named in Latin, hangul, Han and Cyrillic, with variants
    and (for agents) volumes' names for them."""
    from sourcebook.archive.models import Agent, NameVariant, Place

    Agent.objects.all().delete()
    made = {
        "kim": _person(
            "kim-il-sung",
            "Kim Il Sung",
            ["Kim Il-sŏng", "김일성", "金日成"],
            [("vol-a", "p_KIS1", "Kim Il-song"), ("vol-b", "p_KSJ1", "Kim Song-ju")],
        ),
        "kji": _person("kim-jong-il", "Kim Jong Il", ["김정일"]),
        "mao": _person("mao", "Mao Zedong", ["毛泽东"], [("vol-a", "p_MTT1", "Mao Tse-tung")]),
        "molotov": _person("molotov", "Molotov, Vyacheslav", ["Вячеслав Молотов"]),
        "zhou": _person("zhou", "Zhou Enlai", ["周恩来"], [("vol-b", "p_CEL1", "Chou En-lai")]),
        "park": _person("park", "Park Chung-hee", ["박정희"]),
        "dulles": _person("dulles", "Dulles, John Foster"),
        "long": _person("long", "Kim " * 60),
        "party": _person(
            "party", "Workers' Party of Korea", ["조선로동당"], kind=Agent.ORGANIZATION
        ),
        "kim-univ": _person("kim-univ", "Kim Il Sung University", kind=Agent.ORGANIZATION),
    }
    for slug, name, variants in [
        ("pyongyang", "Pyongyang", ["평양"]),
        ("beijing", "Beijing", ["北京", "Peking"]),
        ("moscow", "Moscow", ["Москва"]),
    ]:
        place = made[slug] = Place.objects.create(slug=slug, name=name)
        for variant in variants:
            NameVariant.objects.create(place=place, name=variant)
    return made


def test_the_search_finds_what_the_full_scan_found(mixed):
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids

    kim, kji = mixed["kim"].pk, mixed["kji"].pk
    assert matching_ids(PERSON, PERSON.authorities(), "Kim Il") == [kim]  # never Kim Jong Il
    assert matching_ids(PERSON, PERSON.authorities(), "김") == sorted([kim, kji])
    dulles = [mixed["dulles"].pk]  # listed as "Dulles, John Foster"
    assert matching_ids(PERSON, PERSON.authorities(), "John Foster Dulles") == dulles
    assert matching_ids(PERSON, PERSON.authorities(), "John Dulles") == dulles
    assert matching_ids(PERSON, PERSON.authorities(), "Foster John Dulles") == []
    _agree()


def test_past_the_cap_the_ids_are_those_of_the_narrowed_list(mixed, monkeypatch):
    """More matches than MAX_KEY_MATCHES: the first ids among the list's rows, as the scan."""
    from sourcebook.authorities import listing
    from sourcebook.authorities.kinds import PERSON

    monkeypatch.setattr(listing, "MAX_KEY_MATCHES", 1)
    rows = PERSON.authorities().exclude(pk=mixed["kim"].pk)
    assert listing.matching_ids(PERSON, rows, "Kim") == [mixed["kji"].pk]
    _agree(["Kim", "김", "Sung", "Il"])


def test_the_whole_list_is_what_it_was_with_the_scan(mixed, monkeypatch):
    """``authorities()`` (the keys or'ed with the plain ``icontains`` test) lists the same."""
    from sourcebook.authorities import listing
    from sourcebook.authorities.kinds import KINDS

    def listed():
        return {
            (kind.name, q): list(
                listing.authorities(kind, listing.Filters(q=q, all=True)).values_list("slug")
            )
            for kind in KINDS.values()
            for q in QUERIES
        }

    now = listed()
    monkeypatch.setattr(listing, "matching_ids", _scan)
    assert now == listed()
    assert now[("person", "Kim Il")] == [("kim-il-sung",)]
    assert now[("person", "Dulles")] == [("dulles",)]  # no keys: found by icontains


def test_a_search_reads_only_the_names_holding_its_keys(mixed, monkeypatch):
    """Fifty more persons with keyed names (and variants and source ids) change nothing of
    what a search for Kim Il Sung reads or how many queries it makes (the scan read 150 more
    names); what it reads is the names holding ko:kim, ko:il and ko:song."""
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids

    def cost() -> tuple[int, int]:
        counter = _RowsRead(monkeypatch)
        with CaptureQueriesContext(connection) as queries:
            assert matching_ids(PERSON, PERSON.authorities(), "Kim Il Sung") == [mixed["kim"].pk]
        monkeypatch.undo()
        return counter.rows, len(queries)

    alone = cost()
    # Kim Il Sung, Kim Il-sŏng, 김일성, 金日成, Kim Il-song: the names holding all three keys.
    assert alone == (5 + 1, 4)  # and the one id found, narrowed to the list
    for i in range(50):
        _person(f"choi-{i}", "Choi Kwang-suk", ["최광석"], [(f"v{i}", "p_C", "Ch'oe Kwang-sŏk")])
    assert cost() == alone


def test_a_rename_changes_the_keys(mixed):
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids

    park = mixed["park"]
    park.name = "Chun Doo-hwan"
    park.save(update_fields=["name"])
    place = mixed["moscow"]
    place.name = "Leningrad"
    place.save()
    everyone = PERSON.authorities()
    assert matching_ids(PERSON, everyone, "Chun Doo-hwan") == [park.pk]
    assert matching_ids(PERSON, everyone, "박정희") == [park.pk]  # its variant is still there
    assert matching_ids(PERSON, everyone, "Park Chung-hee") == [park.pk]
    variant = park.variants.get()
    variant.name = "전두환"
    variant.save()
    assert matching_ids(PERSON, everyone, "Park Chung-hee") == []
    _agree()


def test_a_new_variant_is_found(mixed):
    from sourcebook.archive.models import NameVariant
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids

    assert matching_ids(PERSON, PERSON.authorities(), "덜레스") == []
    NameVariant.objects.create(agent=mixed["dulles"], name="덜레스")
    assert matching_ids(PERSON, PERSON.authorities(), "덜레스") == [mixed["dulles"].pk]
    _agree()


def test_a_merge_moves_the_names_with_the_agent(mixed):
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids
    from sourcebook.authorities.merge import merge_agents

    merge_agents(mixed["mao"], mixed["zhou"], "ed")
    everyone = PERSON.authorities()
    for q in ("Zhou Enlai", "周恩来", "Chou En-lai", "Mao"):
        assert matching_ids(PERSON, everyone, q) == [mixed["mao"].pk], q
    _agree()


def test_a_split_moves_the_names_with_the_source_ids(mixed):
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids
    from sourcebook.authorities.split import split

    new = split(mixed["kim"], ["vol-b#p_KSJ1"], "ed")
    everyone = PERSON.authorities()
    assert matching_ids(PERSON, everyone, "Kim Song-ju") == [new.pk]
    assert matching_ids(PERSON, everyone, "Kim Il-song") == [mixed["kim"].pk]
    _agree()


def test_a_delete_takes_its_keys_along(mixed):
    from sourcebook.authorities.kinds import PERSON, PLACE
    from sourcebook.authorities.listing import matching_ids

    mixed["kim"].delete()
    mixed["pyongyang"].delete()
    assert matching_ids(PERSON, PERSON.authorities(), "김일성") == []
    assert matching_ids(PLACE, PLACE.authorities(), "평양") == []
    _agree()


def test_an_ingest_indexes_what_it_writes_in_bulk(tmp_path):
    """Two FRUS volumes (new persons, pinyin variants, persons attached to the first volume's
    agents, cross-references, the linker's candidates): every name is in the table, and
    searches for the volumes' own names find what the scan finds."""
    from sourcebook.authorities.models import SourceId

    for volume in (V03, V22):
        ingest(copy_volume(tmp_path, volume))
    names = sorted(set(SourceId.objects.values_list("name", flat=True)))
    assert len(names) > 100
    _agree(QUERIES[:10] + names[::5] + ["Chou En-lai", "Mao", "Chiang"])


def test_the_migration_gives_an_archive_the_natural_order_of_its_names(tmp_path):
    """An archive keyed before natural order (``authorities 0004``: no word keys) gets from
    ``authorities 0006`` the rows the ingest now writes, and only those."""
    import importlib

    from django.apps import apps

    from sourcebook.authorities.models import NameKey

    ingest(copy_volume(tmp_path, V22))
    written = _stored()
    assert {"w:dean", "w:rusk"} <= {key for key, *_ in written}  # "Rusk, Dean"
    NameKey.objects.filter(key__startswith="w:").delete()  # as 0004 left it
    migration = importlib.import_module("sourcebook.authorities.migrations.0006_natural_order_keys")
    migration.rekey(apps, None)
    assert _stored() == written
    migration.rekey(apps, None)
    assert _stored() == written


def test_a_one_syllable_name_is_found_only_where_a_word_is_that_syllable(db):
    """ "Rhee" (Korean 이, key ko:i) found every person whose romanized name holds the syllable
    i inside a word: Asakai Koichiro, Ishii, Miki Takeo. Now only a word of one syllable (Yi,
    Lee, Rhee) or a Hangul or Han character begins a name for a one-syllable query, as in the
    document search."""
    from sourcebook.authorities.kinds import PERSON
    from sourcebook.authorities.listing import matching_ids

    japanese = [
        _person("asakai", "Asakai Koichiro"),
        _person("ishii", "Ishii Mitsujiro"),
        _person("miki", "Miki Takeo"),
    ]
    yi = _person("yi-ki-pung", "Yi Ki-pung")
    lee = _person("lee-bum-suk", "Lee Bum Suk", ["이범석"])
    syngman = _person("syngman-rhee", "Syngman Rhee", ["이승만"])
    everyone = PERSON.authorities()
    koreans = sorted(p.pk for p in (yi, lee, syngman))
    assert matching_ids(PERSON, everyone, "Rhee") == koreans
    assert matching_ids(PERSON, everyone, "이") == koreans
    # a name of several syllables still matches inside a name, and the Japanese are found
    assert matching_ids(PERSON, everyone, "Ishii") == [japanese[1].pk]
    assert matching_ids(PERSON, everyone, "Koichiro") == [japanese[0].pk]
    _agree(["Rhee", "Yi", "Lee", "Ishii", "이", "Ki"])
