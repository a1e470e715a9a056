"""Word keys for the names already listed surname first ("Rusk, Dean").

Why: the list's name search finds an agent's inverted name by the words of its natural order
(``w:dean w:rusk``, :mod:`sourcebook.authorities.namesearch`); saves and the ingest write them
for new names, this writes them for the names an archive has. Only agents' names with a comma
(and their variants and source ids) change; each gets its keys again from the same pure
function the index uses, so running it twice gives the same rows.
"""

from django.db import migrations


def rekey(apps, schema_editor):
    from sourcebook.authorities.namesearch import keys_of

    NameKey = apps.get_model("authorities", "NameKey")
    sources = [
        ("agent", apps.get_model("archive", "Agent").objects.all()),
        ("variant", apps.get_model("archive", "NameVariant").objects.filter(place__isnull=True)),
        ("sid", apps.get_model("authorities", "SourceId").objects.all()),
    ]
    for column, rows in sources:
        names = rows.filter(name__contains=",").order_by("pk").values_list("pk", "name")
        batch: list[tuple[int, str]] = []
        for row in names.iterator(2000):
            batch.append(row)
            if len(batch) >= 2000:
                _write(NameKey, column, batch, keys_of)
                batch = []
        _write(NameKey, column, batch, keys_of)


def _write(NameKey, column: str, batch: list[tuple[int, str]], keys_of) -> None:
    if not batch:
        return
    NameKey.objects.filter(**{f"{column}_id__in": [pk for pk, _ in batch]}).delete()
    NameKey.objects.bulk_create(
        [
            NameKey(key=k, **{f"{column}_id": pk})
            for pk, name in batch
            for k in sorted(keys_of(name, natural=True))
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0009_authority_name_order"),
        ("authorities", "0005_authority_summaries"),
    ]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
