"""Counts as each interface language writes them (1,234 · 1.234 · 1 234), read through the
real pages: the home list, the search page's result line, facets and timeline, the date
browser and a collection. Years, ids and the numbers in links are never grouped."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sourcebook.archive.models import Collection, Document
from tests.support.kept import kept_for_module

pytestmark = pytest.mark.django_db

N = 1234
NBSP = "\xa0"
# "1234" as each language groups it (Django's ru format: a no-break space).
GROUPED = {"en": "1,234", "de": "1.234", "ru": f"1{NBSP}234", "zh-hans": "1,234", "ko": "1,234"}


@pytest.fixture(scope="module")
def big_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """1,234 published documents of 1962 in one collection, indexed once for the module (its
    tests only read them); the index's folder."""
    from sourcebook.search import indexer

    index = tmp_path_factory.mktemp("grouped") / "index"
    with pytest.MonkeyPatch.context() as patch, kept_for_module(django_db_blocker):
        patch.setenv("SOURCEBOOK_INDEX", str(index))
        coll = Collection.objects.create(slug="big", name="A Big Collection")
        day = dt.date(1962, 3, 12)
        Document.objects.bulk_create(
            Document(
                public_id=f"d-{i:05d}",
                title=f"Letter {i}",
                collection=coll,
                date_text="12 March 1962",
                date_earliest=day,
                date_latest=day,
                date_edtf="1962-03-12",
            )
            for i in range(N)
        )
        assert indexer.rebuild() == N
        yield index


@pytest.fixture
def archive(big_archive, monkeypatch, settings):
    monkeypatch.setenv("SOURCEBOOK_INDEX", str(big_archive))
    settings.SOURCEBOOK_PAGE_CACHE = 0


def _get(client, url: str, language: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', page)


def _ungrouped_numbers(page: str) -> None:
    """No year, id or link grouped: 1962 never appears as 1,962 / 1.962 / 1 962."""
    for shown in ("1,962", "1.962", f"1{NBSP}962", "1 962"):
        assert shown not in page
    for href in _hrefs(page):
        assert not re.search(r"\d[,.\xa0]\d{3}", href), href


@pytest.mark.parametrize("language", ["en", "de", "ru", "zh-hans"])
def test_the_home_page_groups_its_count(client, archive, language):
    page = _get(client, "/", language)
    assert f"{GROUPED[language]} " in page and ">1234 " not in page
    assert "12 March 1962" in page  # the document's date as written
    _ungrouped_numbers(page)


def test_the_home_count_in_each_language(client, archive):
    def line(language):
        return re.search(r"<p>([^<]*)<a", _get(client, "/", language)).group(1).strip()

    assert line("en") == "1,234 documents, by date."
    assert line("de") == "1.234 Dokumente, nach Datum."
    # Russian chooses the plural form from the number (1234: "документа"), not the text.
    assert line("ru") == f"1{NBSP}234 документа, по дате."


@pytest.mark.parametrize("language", ["en", "de", "ru"])
def test_search_counts_facets_and_timeline_are_grouped(client, archive, language):
    page = _get(client, "/search/?q=letter", language)
    n = GROUPED[language]
    summary = re.search(r'<p class="summary-line"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "1–20 " in summary and f" {n} " in summary
    # The facets: the year is the value (ungrouped, also in its link), the count is grouped.
    year = re.search(
        r'<a href="([^"]*)" data-value="1962">1962</a> <span class="count">([^<]*)<', page
    )
    assert year and year.group(2) == n and "year=1962" in year.group(1)
    decade = re.search(r'data-value="1960s">[^<]*</a> <span class="count">([^<]*)<', page)
    assert decade.group(1) == n
    # The timeline's bar: "1962: 1,234 documents" (the Python message).
    assert re.search(rf"<title>1962: {re.escape(n)} \w+</title>", page)
    _ungrouped_numbers(page)


@pytest.mark.parametrize("language", ["en", "de", "ru"])
def test_the_date_browser_groups_its_counts(client, archive, language):
    page = _get(client, "/dates/", language)
    n = GROUPED[language]
    row = re.search(r'<tr data-period="1960s" data-count="(\d+)".*?</tr>', page, re.S)
    assert row.group(1) == "1234"  # the data attribute stays a number
    assert f">{n}<" in row.group(0)
    summary = re.search(r'<p class="summary-line">(.*?)</p>', page, re.S).group(1)
    assert summary.strip().startswith(n)
    _ungrouped_numbers(page)


@pytest.mark.parametrize("language", ["en", "de", "ru"])
def test_a_collection_page_groups_its_total(client, archive, language):
    page = _get(client, "/collections/big/", language)
    total = re.search(r'<p class="total">([^<]*)</p>', page).group(1)
    assert total.startswith(GROUPED[language] + " ")
    assert 'href="?page=2"' in page  # a page number in a link: as it is
    assert "12 March 1962" in page
    _ungrouped_numbers(page)


def test_the_filter_leaves_what_is_not_a_count_alone():
    from django.utils import translation

    from sourcebook.web.templatetags.numbers import grouped

    with translation.override("de"):
        assert grouped(1234567) == "1.234.567" and grouped(999) == "999"
        assert grouped("1962") == "1962" and grouped(None) is None and grouped(True) is True
    with translation.override("zh-hans"):  # Django's zh_Hans writes no separator
        assert grouped(100000) == "100,000"
