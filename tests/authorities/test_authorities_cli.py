"""``sourcebook authorities``: merge, split, export and import through the real command (both DBs)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.support.cli import run_cli, snapshot

from .support import V22, agent_of, copy_volume, source_ids

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def volume(tmp_path):
    path = copy_volume(tmp_path, V22)
    result = run_cli("ingest", str(path))
    assert result.returncode == 0, result.stderr
    return path


def _export(tmp_path, fmt="csv"):
    out = tmp_path / f"authorities.{fmt}"
    result = run_cli("authorities", "export", "--format", fmt, "--output", str(out), process=True)
    assert result.returncode == 0, result.stderr
    return out


def test_export_then_import_changes_nothing(volume, tmp_path):
    from sourcebook.archive.models import Agent, Place

    out = _export(tmp_path)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("person") == Agent.objects.count()
    assert kinds.count("place") == Place.objects.count() > 0  # the datelines' places
    chou = next(r for r in rows if r["source_ids"].startswith(f"{V22}#p_CEZE1"))
    assert chou["kind"] == "person" and "Zhou Enlai" in chou["variants"].split("|")
    before = snapshot()
    result = run_cli("authorities", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 created, 0 updated, ")
    assert snapshot() == before


def test_a_curated_file_updates_and_creates_and_protects(volume, tmp_path):
    from sourcebook.archive.models import Agent

    rusk = agent_of(f"{V22}#p_RD1")
    curated = tmp_path / "curated.csv"
    curated.write_text(
        "id,name,kind,variants,wikidata,viaf,lcnaf\n"
        f"{rusk.slug},,person,David Dean Rusk|Раск,Q297315,14774429,n79063596\n"
        ",Ri Chang-jeong,person,Ri Chang Jong,,,\n",
        encoding="utf-8",
    )
    result = run_cli("authorities", "import", str(curated))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 created, 1 updated, 0 unchanged"
    rusk.refresh_from_db()
    assert (rusk.wikidata, rusk.viaf, rusk.lcnaf) == ("Q297315", "14774429", "n79063596")
    assert set(rusk.protected) == {"wikidata", "viaf", "lcnaf"}
    assert {"David Dean Rusk", "Раск"} <= set(rusk.variants.values_list("name", flat=True))
    ri = Agent.objects.get(name="Ri Chang-jeong")
    assert ri.slug == "ri-chang-jeong"
    assert list(ri.variants.values_list("name", flat=True)) == ["Ri Chang Jong"]

    data = json.loads(_export(tmp_path, "json").read_text(encoding="utf-8"))
    entry = next(a for a in data["authorities"] if a["id"] == rusk.slug)
    assert entry["wikidata"] == "Q297315" and entry["source_ids"] == [f"{V22}#p_RD1"]


def test_a_bad_file_names_each_bad_row_and_changes_nothing(volume, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,kind,wikidata,viaf,lcnaf\n"
        ",Good Person,person,Q42,,\n"
        ",Bad Wikidata,person,X42,,\n"
        ",Bad VIAF,person,,12a,\n"
        ",Bad LCNAF,person,,,zz123\n"
        ",Bad Kind,ship,,,\n",
        encoding="utf-8",
    )
    before = snapshot()
    result = run_cli("authorities", "import", str(bad))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert [e.split(": ")[1] for e in errors[:-1]] == [f"{bad}:{n}" for n in (3, 4, 5, 6)]
    assert "wikidata 'X42' is not a Wikidata item id" in errors[0]
    assert errors[-1] == f"error: {bad}: nothing imported (4 bad row(s))"
    assert snapshot() == before


def test_unreadable_files_are_one_line(volume, tmp_path):
    for name, data, message in [
        ("latin1.csv", "id,name\n,Caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("noheader.csv", b"x,y\n1,2\n", "the header must name the columns"),
        ("typo.csv", b"name,wikidta\nA,Q1\n", "unknown column 'wikidta'"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        result = run_cli("authorities", "import", str(path))
        assert result.returncode == 1
        assert message in result.stderr.splitlines()[0]


def test_merge_and_split_from_the_command_line(volume, tmp_path):
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import Decision

    rusk, chou = agent_of(f"{V22}#p_RD1"), agent_of(f"{V22}#p_CEZE1")
    result = run_cli("authorities", "merge", rusk.slug, chou.slug)
    assert result.returncode == 0, result.stderr
    assert agent_of(f"{V22}#p_RD1") == chou
    result = run_cli("authorities", "split", chou.slug, "--source-id", f"{V22}#p_RD1")
    assert result.returncode == 0, result.stderr
    new = agent_of(f"{V22}#p_RD1")
    assert new != chou and new.name == "Rusk, Dean"
    assert source_ids(chou) == {f"{V22}#p_CEZE1", f"{V22}#p_ZE1"}
    assert [d.action for d in Decision.objects.all()] == ["merge", "split"]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == ["merge", "split"]
    assert AuditEntry.objects.last().actor.startswith("cli")

    for args, message in [
        (("merge", "nobody", chou.slug), "no authority 'nobody'"),
        (("merge", chou.slug, chou.slug), "cannot be merged into itself"),
        (("split", chou.slug, "--source-id", "nonsense"), "is not a source id"),
        (("split", new.slug, "--source-id", f"{V22}#p_RD1"), "would leave it empty"),
    ]:
        result = run_cli("authorities", *args)
        assert result.returncode == 1
        assert message in result.stderr and result.stderr.count("\n") == 1
