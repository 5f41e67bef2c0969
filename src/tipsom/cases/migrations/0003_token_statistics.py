"""Name search on PostgreSQL: a fuller sample of the token column's common values.

With the default sample the planner thinks a name token shared by ten thousand persons is
shared by a thousand, and sorts them all instead of walking the index newest first and
stopping at the page's end. SQLite has no such setting; nothing is done there.
"""

from django.db import migrations


def more_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE cases_personnametoken ALTER COLUMN token SET STATISTICS 2000"
        )


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_personnametoken ALTER COLUMN token SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_date_precision_label")]

    operations = [migrations.RunPython(more_statistics, default_statistics)]
