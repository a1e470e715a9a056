import secrets

from django.db import migrations, models


def first_token(apps, schema_editor):
    PageGeneration = apps.get_model("web", "PageGeneration")
    PageGeneration.objects.using(schema_editor.connection.alias).update_or_create(
        id=1, defaults={"token": secrets.randbits(62)}
    )


class Migration(migrations.Migration):

    dependencies = [
        ("web", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(first_token, migrations.RunPython.noop),
    ]
