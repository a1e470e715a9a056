"""``__in`` over more values than SQLite takes parameters (``sourcebook.archive.long_lists``).

SQLite's limit is lowered to 300 on the test's connection (the ``few_variables`` fixture);
each query below asks for 1,200 values. Without the one-parameter ``in`` every one of them
fails with "too many SQL variables" (checked by turning the registration off).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MANY = 1_200


def _absent_ids() -> list[int]:
    return list(range(10**9, 10**9 + MANY))


def test_a_long_list_of_texts_finds_what_it_names(seed_doc, few_variables):
    from sourcebook.archive.models import Document

    wanted = [f"missing-{i}" for i in range(MANY)] + [seed_doc.public_id]
    assert list(Document.objects.filter(public_id__in=wanted)) == [seed_doc]
    assert not Document.objects.filter(public_id__in=wanted[:-1]).exists()


def test_a_long_list_of_numbers_filters_and_excludes(seed_doc, few_variables):
    from sourcebook.archive.models import Document

    assert Document.objects.filter(pk__in=[*_absent_ids(), seed_doc.pk]).get() == seed_doc
    assert Document.objects.exclude(pk__in=_absent_ids()).get() == seed_doc
    assert not Document.objects.exclude(pk__in=[*_absent_ids(), seed_doc.pk]).exists()


def test_a_long_list_through_a_relation(seed_doc, few_variables):
    from sourcebook.archive.models import Text

    texts = Text.objects.filter(document=seed_doc).count()
    assert texts > 0
    assert Text.objects.filter(document__in=[*_absent_ids(), seed_doc.pk]).count() == texts
    assert Text.objects.filter(document_id__in=[seed_doc.pk, *_absent_ids()]).count() == texts
    asked = [f"x{i}" for i in range(MANY)] + ["208190"]
    assert Text.objects.filter(document__public_id__in=asked).count() == texts


def test_names_in_other_scripts_match_exactly(few_variables):
    """Values travel as JSON text: accents, Cyrillic, Hangul, Han and quotes come back whole."""
    from sourcebook.archive.models import Agent

    names = ["Хрущёв, Никита", "김일성", "周恩来", 'Dean "Rusk"', "Čapek\\Ernő", "Ali\u0301"]
    for i, name in enumerate(names):
        Agent.objects.create(slug=f"p{i}", name=name)
    near_misses = [f"{name} {i}" for i in range(200) for name in names]
    asked = near_misses + names[1:]  # and five of the six
    assert sorted(Agent.objects.filter(name__in=asked).values_list("slug", flat=True)) == [
        f"p{i}" for i in range(1, len(names))
    ]


def test_short_lists_keep_plain_parameters(seed_doc):
    """Under the threshold nothing changes in the SQL Django writes."""
    from django.db import connection

    from sourcebook.archive import long_lists
    from sourcebook.archive.models import Document

    short = str(Document.objects.filter(pk__in=range(long_lists.LONG)).query)
    long = str(Document.objects.filter(pk__in=range(long_lists.LONG + 1)).query)
    assert "json_each" not in short
    assert ("json_each" in long) == (connection.vendor == "sqlite")
