"""Public history: the history, version and diff pages, their API, and citing a version.

Realistic: the seed (Wilson Center cable 208190) is ingested, then re-ingested twice from changed
copies, as an archive re-exports a corrected file; a FRUS volume gets a second version the same
way. Runs on SQLite and PostgreSQL like every test.
"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Permission, User

from sourcebook.archive import ingest
from sourcebook.archive.models import Document
from tests.conftest import SEED

from .history_support import FRUS, NEW_TITLE, OLD_TITLE, page_text, three_versions_fixture, today

assert three_versions_fixture  # the ``three_versions`` fixture, used by name below


def test_history_lists_versions_newest_first_with_who_and_note(client, three_versions):
    response = client.get("/documents/208190/history/")
    assert response.status_code == 200
    text = page_text(response)
    assert "3 versions, newest first" in text
    positions = [text.index(f"Version {n} ") for n in (3, 2, 1)]
    assert positions == sorted(positions)
    assert "by ada" in text and "Summary reworded after checking the original" in text
    assert text.count(f"by Import ({SEED.name})") == 2  # versions 1 and 2 came from files
    html = response.content.decode()
    for n in (1, 2, 3):
        assert f'href="/documents/208190/v/{n}/"' in html
    assert 'href="/documents/208190/diff/1..2/"' in html
    assert 'href="/documents/208190/diff/2..3/"' in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script


def test_old_version_shows_old_title_with_not_current_banner(client, three_versions):
    response = client.get("/documents/208190/v/1/")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Version 1 of {today()} — this is not the current version." in text
    assert "View the current version" in text
    assert "The document has changed since this version (2 later versions)" in text
    assert OLD_TITLE in text and NEW_TITLE not in text
    assert "handling of illegal border crossers" in text
    html = response.content.decode()
    assert 'href="/documents/208190/"' in html
    assert 'href="/documents/208190/diff/1..3/"' in html
    assert '<meta name="robots" content="noindex">' in html  # search engines index the current


def test_current_version_page_says_it_is_current(client, three_versions):
    text = page_text(client.get("/documents/208190/v/3/"))
    assert f"Version 3 of {today()} — this is the current version." in text
    assert "not the current version" not in text and "changed since" not in text
    assert NEW_TITLE in text and "how to treat Koreans" in text


def test_missing_versions_answer_404(client, three_versions):
    assert client.get("/documents/208190/v/4/").status_code == 404
    assert client.get("/documents/208190/diff/1..9/").status_code == 404
    assert client.get("/documents/nosuch/history/").status_code == 404
    assert client.get("/documents/208190/v/0/").status_code == 404
    huge = "9" * 30  # beyond every database's integer: still a 404, not a server error
    assert client.get(f"/documents/208190/v/{huge}/").status_code == 404
    assert client.get(f"/documents/208190/diff/1..{huge}/").status_code == 404
    assert client.get(f"/api/documents/208190/versions/{huge}").status_code in (404, 400)
    assert client.get(f"/documents/208190.bib?version={huge}").status_code == 404


def test_diff_marks_changed_words(client, three_versions):
    response = client.get("/documents/208190/diff/1..2/")
    assert response.status_code == 200
    html = response.content.decode()
    deleted = re.findall(r"<del>(.*?)</del>", html, flags=re.S)
    inserted = re.findall(r"<ins>(.*?)</ins>", html, flags=re.S)
    strip = lambda parts: [re.sub(r"<[^>]+>|\[(added|removed): |\]", "", p) for p in parts]  # noqa: E731
    # The legend's sample words, then the changed word of the title, of the citation line (which
    # quotes the title) and of the translation.
    assert strip(deleted) == ["struck through", "Cable", "Cable", "illegal"]
    assert strip(inserted) == ["underlined", "Telegram", "Telegram", "unauthorized"]
    assert (
        '<span class="visually-hidden">[removed: </span>Cable' in html
    )  # read out by screen readers
    text = page_text(response)
    assert "Changes from version 1 to version 2" in text
    assert "unchanged words" in text  # the long unchanged runs of the translation are collapsed
    assert "Summary" not in text.split("Metadata", 1)[1].split("Translation", 1)[0]


def test_versions_api(client, three_versions):
    listed = client.get("/api/documents/208190/versions").json()
    assert [v["version"] for v in listed] == [3, 2, 1]
    assert [v["author"] for v in listed] == ["ada", "import", "import"]
    assert listed[0]["note"] == "Summary reworded after checking the original"
    assert listed[2]["url"] == "/api/documents/208190/versions/1"
    assert listed[2]["page_url"].endswith("/documents/208190/v/1/")
    one = client.get("/api/documents/208190/versions/1").json()
    assert one["title"] == OLD_TITLE.rstrip() + " Foreign Ministry Consular Affairs Department"
    assert one["version"] == 1 and one["current_version"] == 3 and not one["is_current"]
    assert one["texts"][0]["body"].count("illegal border crossers") == 1
    assert client.get("/api/documents/208190/versions/7").status_code == 404
    current = client.get("/api/documents/208190").json()
    assert current["versions_url"] == "/api/documents/208190/versions"
    cited = client.get("/api/documents/208190/citations?version=1").json()
    assert f"version 1 of {today()}" in cited["styles"]["chicago"]
    assert cited["csl"]["URL"] == "http://testserver/documents/208190/v/1/"
    assert client.get("/api/documents/208190/citations?version=5").status_code == 404


STYLES = ("archive", "chicago", "chicago-bibliography", "mla", "apa")


def test_version_page_cites_the_version_in_every_style(client, three_versions):
    html = client.get("/documents/208190/v/2/").content.decode()
    phrase = f"2 of {today()}"
    for style in STYLES:
        cited = re.search(rf'data-style="{style}">(.*?)</p>', html, flags=re.S).group(1)
        assert re.search(rf"[Vv]ersion {phrase}", unescape(cited)), (style, cited)
        assert "/documents/208190/v/2/" in cited, (style, cited)
    assert f"Cite version {phrase}" in page_text(client.get("/documents/208190/v/2/"))
    assert 'href="/documents/208190.bib?download=1&amp;version=2"' in html
    assert 'href="/api/documents/208190/citations?version=2"' in html
    download = client.get("/documents/208190.ris?download=1&version=2")
    assert 'filename="208190-v2.ris"' in download["Content-Disposition"]


def test_version_exports_name_the_version(client, three_versions):
    phrase = f"ersion 1 of {today()}"
    bib = client.get("/documents/208190.bib?version=1").content.decode()
    assert "version = {1}" in bib and phrase in bib
    assert "url = {http://testserver/documents/208190/v/1/}" in bib
    assert "Cable, Chinese Embassy" in bib
    ris = client.get("/documents/208190.ris?version=1").content.decode()
    assert f"ET  - V{phrase}" in ris and "UR  - http://testserver/documents/208190/v/1/" in ris
    csl = client.get("/documents/208190.csl.json?version=1").json()[0]
    assert csl["version"] == "1" and csl["URL"] == "http://testserver/documents/208190/v/1/"
    assert csl["title"].startswith("Cable,")
    assert client.get("/documents/208190.bib?version=9").status_code == 404
    assert client.get("/documents/208190.bib?version=x").status_code == 404
    current = client.get("/documents/208190.bib").content.decode()
    assert "version =" not in current and "Telegram" in current


def test_current_page_offers_cite_this_version(client, three_versions):
    response = client.get("/documents/208190/")
    html = response.content.decode()
    assert '<a href="/documents/208190/v/3/#cite-heading">Cite this version</a>' in html
    assert f"version 3 of {today()}" in page_text(response)
    assert 'href="/documents/208190/history/"' in html


def test_withdrawn_and_draft_history_hidden_from_readers(client, three_versions):
    """The ``states`` service is not on this branch: the status is set on the model here."""
    doc = three_versions
    Document.objects.filter(pk=doc.pk).update(
        status=Document.WITHDRAWN, withdrawn_reason="Duplicate of 208191"
    )
    for url in (
        "/documents/208190/history/",
        "/documents/208190/v/1/",
        "/documents/208190/diff/1..2/",
        "/api/documents/208190/versions",
        "/api/documents/208190/versions/1",
    ):
        response = client.get(url)
        assert response.status_code == 410, url
        assert "Duplicate of 208191" in response.content.decode(), url
    Document.objects.filter(pk=doc.pk).update(status=Document.DRAFT)
    for url in ("/documents/208190/history/", "/documents/208190/v/1/"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/documents/208190/versions").status_code == 404
    editor = User.objects.create_user("ada")
    editor.user_permissions.add(Permission.objects.get(codename="change_document"))
    client.force_login(editor)
    assert client.get("/documents/208190/history/").status_code == 200
    assert client.get("/documents/208190/v/1/").status_code == 200
    assert client.get("/api/documents/208190/versions").status_code == 200


def test_frus_document_versions_and_diff(client, db, tmp_path):
    """A FRUS volume re-exported with one document's heading and a sentence corrected."""
    assert {o.status for o in ingest.ingest_file(FRUS)} == {"added"}
    doc = Document.objects.order_by("public_id").first()
    old_title = doc.title
    data = FRUS.read_text(encoding="utf-8")
    words = re.findall(r"\b[a-z]{7,}\b", doc.texts.first().body)
    word = next(w for w in words if len(re.findall(rf"\b{w}\b", data)) == 1)  # in this text only
    changed = tmp_path / FRUS.name
    changed.write_text(data.replace(word, word + "ville", 1), encoding="utf-8")
    assert "updated" in {o.status for o in ingest.ingest_file(changed)}
    doc.refresh_from_db()
    assert doc.version == 2
    html = client.get(f"/documents/{doc.public_id}/diff/1..2/").content.decode()
    assert "ville" in "".join(re.findall(r"<ins>(.*?)</ins>", html, flags=re.S))
    page = client.get(f"/documents/{doc.public_id}/v/1/")
    assert page.status_code == 200 and old_title.split()[0] in page_text(page)
    assert client.get(f"/documents/{doc.public_id}/history/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_cli_exports_a_version_and_lists_who_made_each(three_versions):
    from tests.support.cli import run_cli

    result = run_cli(
        "export", "208190", "--format", "ris", "--version", "1",
        env_extra={"SOURCEBOOK_BASE_URL": "https://archive.example.org"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"ET  - Version 1 of {today()}" in result.stdout
    assert "UR  - https://archive.example.org/documents/208190/v/1/" in result.stdout
    assert "TI  - Cable, Chinese Embassy" in result.stdout
    missing = run_cli("export", "208190", "--format", "ris", "--version", "8")
    assert missing.returncode != 0
    assert "208190 has no version 8 (it has 3); see: sourcebook history 208190" in missing.stderr
    shown = json.loads(run_cli("show", "208190", "--json").stdout)
    assert shown["versions_url"] == "/api/documents/208190/versions"
    lines = run_cli("history", "208190", process=True).stdout.splitlines()
    assert lines[2].endswith("\tada: Summary reworded after checking the original")
    assert lines[0].endswith("\timport")
