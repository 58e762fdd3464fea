"""The event's keyed MAC (keys.py). SQLite rebuilds the table to add a column, which its triggers
would not survive: they are dropped around the change and installed again."""

from django.db import migrations, models

from wistara.audit.triggers import triggers_install, triggers_remove


def install(apps, schema_editor):
    triggers_install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers_remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        migrations.RunPython(remove, install),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="MAC"),
        ),
        migrations.RunPython(install, remove),
    ]
