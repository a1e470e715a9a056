"""Persons and collections an editor corrected keep the correction when the volume is
re-imported; the volume's differing values wait for review."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import SAMPLES
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)

VOLUME = SAMPLES / "frus1961-63v22.xml"


def modified_volume(tmp_path):
    """The volume re-exported with a person's name and description and its title changed."""
    text = VOLUME.read_text(encoding="utf-8")
    for old, new in (
        (
            "Amory, Robert</persName>,</hi> Deputy Director for",
            "Amory, Robert</persName>,</hi> Deputy Director (DDI) for",
        ),
        ("XXII, Northeast Asia</title>", "XXII, North-East Asia</title>"),
        ('"p_AR1">Amory, Robert</persName>', '"p_AR1">Amory, Robert, Jr.</persName>'),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "frus1961-63v22.xml"
    path.write_text(text, encoding="utf-8")
    return path


def edit_collection_in_admin(name: str) -> None:
    from sourcebook.archive.models import Collection

    client = Client()
    client.force_login(User.objects.create_superuser("ann", "a@example.org", "pw"))
    coll = Collection.objects.get(slug="frus1961-63v22")
    url = f"/admin/archive/collection/{coll.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "name": name,
            "data": json.dumps(coll.data),
            "protected": json.dumps(coll.protected),
            "variants-TOTAL_FORMS": "0",
            "variants-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]


def test_volume_reimport_keeps_edited_person_and_collection(tmp_path):
    from sourcebook.archive.editing import edit_authority
    from sourcebook.archive.models import Agent, Collection, SourceChange
    from sourcebook.audit.models import AuditEntry
    from sourcebook.authorities.models import SourceId

    assert run_cli("ingest", str(VOLUME)).returncode == 0
    amory = SourceId.objects.get(volume="frus1961-63v22", xml_id="p_AR1").agent
    original_description = amory.description
    assert amory.name == "Amory, Robert" and original_description.startswith("Deputy Director")
    edit_authority(amory, {"name": "Amory, Robert, Jr. (CIA)"}, "ann", "full name")
    edit_collection_in_admin("FRUS 1961–1963, vol. XXII: Northeast Asia")
    assert Collection.objects.get(slug="frus1961-63v22").protected == ["name"]

    result = run_cli("ingest", str(modified_volume(tmp_path)))
    assert result.returncode == 0, result.stderr

    amory = Agent.objects.get(pk=amory.pk)
    assert amory.name == "Amory, Robert, Jr. (CIA)"  # protected: kept
    assert amory.description.startswith("Deputy Director (DDI) for")  # not protected: updated
    coll = Collection.objects.get(slug="frus1961-63v22")
    assert coll.name == "FRUS 1961–1963, vol. XXII: Northeast Asia"
    changes = {c.target: c for c in SourceChange.objects.filter(resolution="")}
    assert set(changes) == {"agent", "collection"}
    assert (changes["agent"].target_id, changes["agent"].field) == (amory.pk, "name")
    assert changes["agent"].source_value == "Amory, Robert, Jr."
    assert changes["collection"].field == "name"
    assert "North-East Asia" in changes["collection"].source_value
    assert AuditEntry.objects.filter(action="edit", target="collection", actor="ann").exists()

    listed = run_cli("changes").stdout
    assert f"{changes['agent'].pk}\tagent {amory.slug}\tname\tAmory, Robert, Jr.\n" in listed
    result = run_cli("changes", "accept", str(changes["agent"].pk), "--as", "bob", process=True)
    assert result.returncode == 0, result.stderr
    amory = Agent.objects.get(pk=amory.pk)
    assert (amory.name, amory.protected) == ("Amory, Robert, Jr.", [])
    # The review page of every change: the collection's, with its diff, dismissed there.
    client = Client()
    client.force_login(User.objects.get(username="ann"))
    page = client.get("/changes/").content.decode()
    assert f'<a href="/collections/{coll.slug}/">{coll.name}</a> (collection): Name' in page
    diff = re.search(r'<p class="diff">(.*?)</p>', page.split("(collection)")[1], re.S).group(1)
    assert diff == (
        "<del>FRUS</del><ins>Foreign Relations of the United States,</ins> 1961–1963, "
        "<del>vol. XXII: Northeast</del><ins>Volume XXII, North-East</ins> Asia"
    )
    response = client.post("/changes/", {"change": changes["collection"].pk, "action": "dismiss"})
    assert response.status_code == 302 and response["Location"] == "/changes/"
    assert "No source changes to review." in client.get("/changes/").content.decode()
    assert Collection.objects.get(pk=coll.pk).name == "FRUS 1961–1963, vol. XXII: Northeast Asia"
