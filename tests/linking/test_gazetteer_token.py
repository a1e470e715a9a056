"""The gazetteer is kept by the authorities' own token: one query while no authority changed,
and any change (another process's, this process's own, a rolled-back one) is seen."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sourcebook.archive.models import Agent, Document, NameVariant
from sourcebook.core import linking
from sourcebook.linking.entries import agent_key, gazetteer
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def _link(gaz: linking.Gazetteer, text: str) -> set[str]:
    return set(linking.link(gaz, [linking.Segment(text, "en", 0)]).authorities)


@pytest.fixture
def kim():
    return Agent.objects.create(slug="kim-il-sung", name="Kim Il-sung", kind=Agent.PERSON)


def test_unchanged_authorities_cost_one_query(kim):
    first, _ = gazetteer()
    with CaptureQueriesContext(connection) as seen:
        again, _ = gazetteer()
    assert again is first
    assert len(seen.captured_queries) == 1, [q["sql"] for q in seen.captured_queries]


def test_other_writes_leave_it_and_an_authority_write_moves_it(kim):
    first, _ = gazetteer()
    Document.objects.create(public_id="x1", title="Not an authority")
    assert gazetteer()[0] is first
    NameVariant.objects.create(agent=kim, name="Suryong Comrade", system="text")
    after, _ = gazetteer()
    assert _link(after, "Suryong Comrade arrived.") == {agent_key(kim.pk)}


def test_another_process_change_is_seen(kim, tmp_path):
    before, _ = gazetteer()
    assert _link(before, "Comrade Suryong arrived.") == set()
    curated = tmp_path / "persons.csv"
    curated.write_text("id,name,kind,variants\nkim-il-sung,,person,Comrade Suryong\n")
    result = run_cli("authorities", "import", str(curated), process=True)
    assert result.returncode == 0, result.stderr
    after, _ = gazetteer()
    assert _link(after, "Comrade Suryong arrived.") == {agent_key(kim.pk)}


def test_an_authority_rolled_back_is_not_kept(kim):
    gazetteer()
    with transaction.atomic():
        with transaction.atomic():
            pak = Agent.objects.create(slug="pak", name="Pak Hon-yong", kind=Agent.PERSON)
            inside, _ = gazetteer()
            assert agent_key(pak.pk) in inside.entries
            transaction.set_rollback(True)
        assert agent_key(pak.pk) not in gazetteer()[0].entries  # to the savepoint
    with transaction.atomic():
        pak = Agent.objects.create(slug="pak", name="Pak Hon-yong", kind=Agent.PERSON)
        assert agent_key(pak.pk) in gazetteer()[0].entries
        transaction.set_rollback(True)
    assert agent_key(pak.pk) not in gazetteer()[0].entries  # the whole transaction


def test_an_archive_from_before_the_token_gets_one(kim):
    from sourcebook.linking.entries import TOKEN
    from sourcebook.web.models import PageGeneration

    PageGeneration.objects.filter(id=TOKEN).delete()
    first, _ = gazetteer()
    assert PageGeneration.objects.filter(id=TOKEN).exists()
    with CaptureQueriesContext(connection) as seen:
        again, _ = gazetteer()
    assert again is first
    assert len(seen.captured_queries) == 1
