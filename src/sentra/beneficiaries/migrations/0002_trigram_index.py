"""Trigram search on PostgreSQL: the pg_trgm extension and GIN indexes on the normalised names.

Nothing happens on SQLite, where the duplicate finder uses a birth-year / name-prefix prefilter.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS benef_name_key_trgm ON beneficiaries_beneficiary "
        "USING gin (name_key gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS benef_aliases_key_trgm ON beneficiaries_beneficiary "
        "USING gin (aliases_key gin_trgm_ops) WHERE aliases_key <> ''"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS benef_aliases_key_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS benef_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
