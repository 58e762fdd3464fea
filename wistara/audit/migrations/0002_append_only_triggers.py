"""Triggers that refuse UPDATE and DELETE of audit events from any SQL client (see triggers.py)."""

from django.db import migrations

from wistara.audit.triggers import triggers_install, triggers_remove


def install(apps, schema_editor):
    triggers_install(schema_editor.connection)


def remove(apps, schema_editor):
    triggers_remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
