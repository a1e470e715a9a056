"""An archive upgraded to a release that analyzes SQLite gets its statistics at once.

Why: ingests now analyze SQLite as the archive grows (:mod:`sourcebook.archive.planner_stats`),
but an archive built before had none, and until its next ingest every page of a volume's
document read all published documents to find its neighbours (97 ms a page at 200,000
documents; 11 ms analyzed). PostgreSQL's were gathered already (by ingests and autovacuum).
"""

from django.db import migrations

FIRST = 1000  # as planner_stats.FIRST: smaller archives are analyzed by their ingests


def analyze_large_sqlite_archive(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    if apps.get_model("archive", "Document").objects.count() < FIRST:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0007_document_date_order"),
    ]

    operations = [
        migrations.RunPython(analyze_large_sqlite_archive, migrations.RunPython.noop),
    ]
