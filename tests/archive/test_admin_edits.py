"""An editor's correction in the admin keeps the previous version."""

import json

import pytest
from django.contrib.auth.models import User

from sourcebook.archive.models import Document, IndexEvent, Revision

pytestmark = pytest.mark.django_db


def test_admin_edit_makes_a_new_version(client, seed_doc):
    client.force_login(User.objects.create_superuser("editor", "e@example.org", "pw"))
    url = f"/admin/archive/document/{seed_doc.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "title": "Cable, Chinese Embassy in the DPRK to the Consular Affairs Department",
            "title_lines": '["Cable, Chinese Embassy in the DPRK to the Consular Affairs Department"]',
            "translators": '["David Cowhig"]',
            "funders": '["Henry Luce Foundation"]',
            "languages": '["zh"]',
            "contents": '[{"kind": "translation", "language": "en", "label": "Translation - English"}]',
            "suggested": "{}",
            "extra": "{}",
            "texts-TOTAL_FORMS": "1",
            "texts-INITIAL_FORMS": "1",
            "texts-0-id": str(seed_doc.texts.get().pk),
            "texts-0-document": str(seed_doc.pk),
            "texts-0-position": "0",
            "texts-0-kind": "translation",
            "texts-0-language": "en",
            "texts-0-label": "Translation - English",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    doc = Document.objects.get(pk=seed_doc.pk)
    assert doc.version == 2
    versions = Revision.objects.filter(document=doc).order_by("version")
    assert [r.data["title"] for r in versions] == [
        "Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department",
        "Cable, Chinese Embassy in the DPRK to the Consular Affairs Department",
    ]
    assert (versions[1].reason, versions[1].author) == ("edit", "editor")
    assert doc.protected == ["title"]
    assert IndexEvent.objects.filter(public_id="208190").count() == 2


def test_admin_refuses_a_bad_date_on_its_field(client, seed_doc):
    client.force_login(User.objects.create_superuser("editor", "e@example.org", "pw"))
    url = f"/admin/archive/document/{seed_doc.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    for name in ("title_lines", "translators", "funders", "languages", "contents", "suggested"):
        data[name] = json.dumps(getattr(seed_doc, name))
    data.update(
        {
            "extra": json.dumps(seed_doc.extra),
            "protected": "[]",
            "date_text": "Octobre 11, 1959",
            "texts-TOTAL_FORMS": "1",
            "texts-INITIAL_FORMS": "1",
            "texts-0-id": str(seed_doc.texts.get().pk),
            "texts-0-document": str(seed_doc.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "unknown month 'Octobre'" in errors["date_text"][0]
    assert Document.objects.get(pk=seed_doc.pk).version == 1
