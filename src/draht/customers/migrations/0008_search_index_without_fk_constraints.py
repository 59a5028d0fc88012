"""The search index without foreign key constraints in the database (decision 0003). On SQLite, Django rebuilds
the table for this and the FTS5 triggers go with the old one: they are installed again (the FTS5 index itself
keeps its rows, the ids are copied)."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

search_engine = importlib.import_module("draht.customers.migrations.0002_search_engine")
TRIGGERS = [sql for sql in search_engine.SQLITE_UP if sql.startswith("CREATE TRIGGER")]
DROP_TRIGGERS = [sql for sql in search_engine.SQLITE_DOWN if sql.startswith("DROP TRIGGER")]


def reinstall_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP_TRIGGERS + TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("customers", "0007_fewer_write_indexes"),
    ]

    operations = [
        # backwards, Django rebuilds the table again after this step: the triggers are installed once more
        migrations.RunPython(migrations.RunPython.noop, reinstall_triggers),
        migrations.AlterField(
            model_name="searchentry",
            name="contact_person",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                    on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="customers.contactperson"),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="customer",
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="customers.customer"),
        ),
        migrations.RunPython(reinstall_triggers, migrations.RunPython.noop),
    ]
