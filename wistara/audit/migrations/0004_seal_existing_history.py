"""Seal the items' history lines written before the trail captured every write (capture.py):
one `history.sealed` event per thousand lines, so that audit_check can vouch for them too."""

from django.db import migrations


def seal(apps, schema_editor):
    from wistara.audit.capture import row_seal
    from wistara.audit.services import append_events

    ResponseChange = apps.get_model("assessments", "ResponseChange")
    ids = list(ResponseChange.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), 1000):
        lines = ResponseChange.objects.filter(id__in=ids[start:start + 1000]).order_by("id")
        append_events([{
            "action": "history.sealed", "actor": None, "object_type": "assessments.responsechange",
            "object_id": "", "cycle_code": "",
            "payload": {"seals": {str(line.pk): row_seal(line) for line in lines}},
        }])


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_event_mac"),
        ("assessments", "0005_response_change_note"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
