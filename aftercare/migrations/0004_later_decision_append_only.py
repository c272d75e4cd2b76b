"""On PostgreSQL the database itself refuses to change or delete a later decision and its letter
(issue 23), as it does for the recovery letters (aftercare 0002)."""

from django.db import migrations

TABLES = ("aftercare_laterdecision",)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION workflow_refuse_change();"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0003_changes_appeals_later_decisions"), ("workflow", "0002_append_only_triggers")]
    operations = [migrations.RunPython(create, drop)]
