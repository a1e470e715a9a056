"""Merge proposals by blocking keys: linear in the persons, capped per ingest (real CLI, both DBs).

A volume listing 2,000 people of one name once made a proposal for every pair with the people of
that name already in the archive (2,000,068 rows). Counts are asserted, never time.
"""

from __future__ import annotations

import pytest

from tests.support.cli import run_cli

from .links_support import volume_tei, write

pytestmark = pytest.mark.django_db(transaction=True)

PER_PERSON = 5  # authorities.hooks.CANDIDATES_PER_PERSON


def _namesakes(prefix: str, count: int, description: str = "Consul at Geneva"):
    return [(f"p_{prefix}{n}", "Smith, John", description) for n in range(count)]


@pytest.fixture
def first_volume(tmp_path):
    """50 John Smiths (consuls) and one John Smith who was ambassador, in an earlier volume."""
    persons = _namesakes("A", 50) + [("p_AMB", "Smith, John", "Ambassador to Japan")]
    path = write(tmp_path, "edition-a.xml", volume_tei("edition-a", persons))
    result = run_cli("ingest", str(path))
    assert result.returncode == 0, result.stderr
    return tmp_path


def _second_volume(folder, count: int = 2000):
    persons = _namesakes("B", count) + [("p_BAMB", "Smith, John", "Ambassador to Japan")]
    return write(folder, "edition-b.xml", volume_tei("edition-b", persons))


def test_proposals_grow_linearly_with_the_persons(first_volume):
    from sourcebook.authorities.models import MergeProposal, SourceId

    path = _second_volume(first_volume)
    result = run_cli("ingest", str(path), env_extra={"SOURCEBOOK_MAX_MERGE_PROPOSALS": "1000000"})
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    new_persons = 2001
    count = MergeProposal.objects.count()
    assert new_persons <= count <= PER_PERSON * new_persons  # cross product: 2001 * 51
    # Blocking keeps the real match: the ambassador is proposed against the ambassador.
    amb_a = SourceId.objects.get(volume="edition-a", xml_id="p_AMB").agent
    amb_b = SourceId.objects.get(volume="edition-b", xml_id="p_BAMB").agent
    proposal = MergeProposal.objects.get(agent=amb_a, other=amb_b)
    assert proposal.descriptions_agree


def test_one_ingest_writes_at_most_the_cap_and_says_so(first_volume):
    from sourcebook.authorities.models import MergeProposal

    path = _second_volume(first_volume)
    result = run_cli("ingest", str(path))
    assert result.returncode == 0, result.stderr
    assert MergeProposal.objects.count() == 5000  # SOURCEBOOK_MAX_MERGE_PROPOSALS default
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warning) == 1
    assert "merge proposals stopped at 5,000" in warning[0]
    assert "SOURCEBOOK_MAX_MERGE_PROPOSALS" in warning[0]


def test_a_small_cap_from_the_environment(first_volume):
    from sourcebook.authorities.models import MergeProposal

    path = _second_volume(first_volume, count=100)
    result = run_cli(
        "ingest", "--json", str(path), env_extra={"SOURCEBOOK_MAX_MERGE_PROPOSALS": "30"}
    )
    assert result.returncode == 0, result.stderr
    assert MergeProposal.objects.count() == 30
    assert "merge proposals stopped at 30" in result.stdout  # in the first outcome's warnings
