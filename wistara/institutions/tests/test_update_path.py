"""The institutions' records through the one update path (issue 15): an over-long text is refused
on its field (the institutions always refused it; now with the same message as every app), and a
stale save of a body, a meeting or an action item is the same ConflictError as elsewhere, naming
who saved and when (from the audit trail: these records keep no editor of their own)."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wistara.assessments.services import ConflictError
from wistara.institutions import services
from wistara.institutions.models import ActionItem, Institution, Meeting

pytestmark = pytest.mark.django_db
API = "/api/v1/institutions/11.01/TEST-2025"
TOO_LONG = "Paling banyak %s karakter; isian ini %s karakter."


def _meeting(world, user, **extra):
    return services.meeting_create(
        regency=world.regency_a1,
        user=user,
        data={
            "title": "Rakor",
            "starts_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "Pembagian tugas",
            **extra,
        },
    )


def test_an_over_long_agenda_is_refused_by_the_service_and_the_api(world, coordinator, login, registration):
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        _meeting(world, coordinator, agenda="x" * 5001)
    assert refused.value.message_dict["agenda"][0].startswith(TOO_LONG % (5000, 5001))
    answer = login(coordinator).post(
        f"{API}/meetings",
        json.dumps(
            {
                "title": "Rakor",
                "starts_at": timezone.now().isoformat(),
                "place": "Aula",
                "chair": "Sekda",
                "agenda": "x" * 5001,
            }
        ),
        content_type="application/json",
        headers={"Accept-Language": "id"},
    )
    assert answer.status_code == 400 and TOO_LONG % (5000, 5001) in answer.content.decode()
    assert not Meeting.objects.exists()
    assert _meeting(world, coordinator, agenda="x" * 5000).agenda == "x" * 5000


def _stale(save) -> ConflictError:
    with translation.override("id"), pytest.raises(ConflictError) as refused:
        save()
    return refused.value


def test_a_stale_save_of_each_record_names_who_saved_and_when(world, coordinator):
    other = world.user("national_admin")
    body = services.institution_get_or_create(regency=world.regency_a1, body="tim_pembina", user=coordinator)
    services.institution_update(
        institution=body,
        user=coordinator,
        base_revision=1,
        data={"name": "Tim Pembina", "address": "Jl. Sudirman 1"},
    )
    rakor = _meeting(world, coordinator)
    services.meeting_record(meeting=rakor, user=coordinator, base_revision=1, data={"minutes": "A"})
    item = services.action_item_add(
        meeting=rakor,
        user=coordinator,
        data={"description": "Susun Perda", "office": world.office_a1.id, "due_on": "2030-01-01"},
    )
    services.action_item_update(
        item=item, user=coordinator, base_revision=1, data={"status": "in_progress"}, progress_only=True
    )
    conflicts = {
        "institution": _stale(
            lambda: services.institution_update(
                institution=body, user=other, base_revision=1, data={"name": "Lain"}
            )
        ),
        "meeting": _stale(
            lambda: services.meeting_record(meeting=rakor, user=other, base_revision=1, data={"minutes": "B"})
        ),
        "action": _stale(
            lambda: services.action_item_update(
                item=item, user=other, base_revision=1, data={"status": "done"}, progress_only=True
            )
        ),
    }
    assert {k: (c.code, c.current_revision, c.changed_by) for k, c in conflicts.items()} == {
        "institution": ("conflict", 2, coordinator),
        "meeting": ("conflict", 2, coordinator),
        "action": ("conflict", 2, coordinator),
    }
    assert all(c.changed_at is not None for c in conflicts.values())
    assert all(c.message.startswith(f"{coordinator} menyimpan data ini pada ") for c in conflicts.values())
    assert ActionItem.objects.get().status == "in_progress" and Meeting.objects.get().minutes == "A"


def test_a_handover_moves_an_action_item_to_a_new_revision(world, coordinator):
    """An edit opened before the handover is refused, instead of silently putting it back."""
    rakor = _meeting(world, coordinator)
    operator = world.user("opd_operator")
    item = services.action_item_add(
        meeting=rakor,
        user=coordinator,
        data={
            "description": "Susun Perda",
            "office": world.office_a1.id,
            "due_on": "2030-01-01",
            "assignee": operator.id,
        },
    )
    successor = world.user("office_head")
    services.handover(regency=world.regency_a1, predecessor=operator, successor=successor, user=coordinator)
    moved = ActionItem.objects.get()
    assert (moved.assignee, moved.revision) == (successor, 2)
    conflict = _stale(
        lambda: services.action_item_update(
            item=item, user=coordinator, base_revision=1, data={"status": "done"}, progress_only=True
        )
    )
    assert conflict.current_revision == 2


def test_the_body_s_page_refuses_an_over_long_name_and_a_stale_save_with_who(
    login, world, coordinator, registration
):
    url = "/ruang/11.01/TEST-2025/lembaga/forum/simpan/data/"
    client = login(coordinator)
    too_long = client.post(url, {"revision": 0, "name": "x" * 201})  # the form's own limit speaks first
    assert too_long.status_code == 400 and "paling banyak 200 karakter" in too_long.content.decode().lower()
    assert not Institution.objects.filter(name="x" * 201).exists()
    assert client.post(url, {"revision": 0, "name": "Forum Kabupaten Sehat"}).status_code in (200, 302)
    body = services.institution_get_or_create(regency=world.regency_a1, body="forum", user=coordinator)
    revision = body.revision
    assert client.post(url, {"revision": revision, "name": "Forum KKS"}).status_code in (200, 302)
    stale = login(world.user("national_admin")).post(url, {"revision": revision, "name": "Lain"})
    assert stale.status_code == 400
    assert f"{coordinator} menyimpan data ini pada " in stale.content.decode()
    body.refresh_from_db()
    assert body.name == "Forum KKS"
