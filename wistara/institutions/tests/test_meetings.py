"""Coordination meetings: schedule, attendance, minutes, action items through their life, the
minutes as evidence in one step, and the handover of a person's work."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.accounts.models import Role, RoleAssignment
from wistara.accounts.services import role_grant
from wistara.evidence.models import Evidence
from wistara.institutions import selectors, services
from wistara.institutions.models import ActionItem, Meeting
from wistara.testing.factories import UserFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db


def meeting(world, user, *, when=None, **extra):
    when = when or timezone.now() - timedelta(days=1)
    return services.meeting_create(
        regency=world.regency_a1,
        user=user,
        data={
            "title": "Rakor Tim Pembina KKS",
            "starts_at": when.isoformat(),
            "place": "Aula Bappeda",
            "chair": "Sekda",
            "agenda": "Pembagian tugas per tatanan",
            "invited_offices": [world.office_a1.id, world.office_a1_other.id],
            **extra,
        },
    )


def test_a_meeting_lists_its_invitees_for_attendance(world, coordinator):
    rakor = meeting(world, coordinator)
    rows = list(rakor.attendance.all())
    assert {r.office_id for r in rows} == {world.office_a1.id, world.office_a1_other.id}
    services.meeting_attendance_set(
        meeting=rakor,
        user=coordinator,
        entries=[
            {"id": rows[0].id, "present": True, "represented_by": "Kabid P2P"},
            {"id": rows[1].id, "present": False, "represented_by": "ignored"},
        ],
    )
    assert [(r.present, r.represented_by) for r in rakor.attendance.order_by("id")] == [
        (True, "Kabid P2P"),
        (False, ""),
    ]


def test_offices_of_another_regency_cannot_be_invited(world, coordinator):
    with pytest.raises(ValidationError) as caught:
        meeting(world, coordinator, invited_offices=[world.office_b1.id])
    assert "invited_offices" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_minutes_wait_for_the_meeting(world, coordinator):
    rakor = meeting(world, coordinator, when=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=rakor, user=coordinator, base_revision=rakor.revision, data={"minutes": "Notulen"}
        )
    past = meeting(world, coordinator)
    done = services.meeting_record(
        meeting=past,
        user=coordinator,
        base_revision=past.revision,
        data={"minutes": "Notulen\nbaris dua", "decisions": "Perda KKS"},
    )
    assert done.status == "held" and done.minutes == "Notulen\nbaris dua"


def test_a_stale_edit_is_refused(world, coordinator):
    rakor = meeting(world, coordinator)
    services.meeting_record(meeting=rakor, user=coordinator, base_revision=1, data={"minutes": "A"})
    with pytest.raises(ValidationError) as caught:
        services.meeting_record(meeting=rakor, user=coordinator, base_revision=1, data={"minutes": "B"})
    assert caught.value.code == "conflict"


def action(world, user, rakor, **extra):
    return services.action_item_add(
        meeting=rakor,
        user=user,
        data={
            "description": "Siapkan rancangan Perda KKS",
            "office": world.office_a1.id,
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            **extra,
        },
    )


def test_an_action_item_through_its_life(world, coordinator):
    rakor = meeting(world, coordinator)
    item = action(world, coordinator, rakor, assignee=world.user("opd_operator").id)
    assert item.is_open and item.assignee == world.user("opd_operator")
    operator = world.user("opd_operator")
    item = services.action_item_update(
        item=item,
        user=operator,
        base_revision=item.revision,
        data={"status": "in_progress", "progress_note": "Draf disusun"},
        progress_only=True,
    )
    assert item.status == "in_progress" and item.closed_at is None
    item = services.action_item_update(
        item=item, user=operator, base_revision=item.revision, data={"status": "done"}, progress_only=True
    )
    assert item.closed_by == operator and item.progress_note == "Draf disusun"
    item = services.action_item_update(
        item=item,
        user=coordinator,
        base_revision=item.revision,
        data={
            "status": "open",
            "description": "Ulang",
            "office": world.office_a1_other.id,
            "due_on": "2030-01-01",
        },
    )
    assert item.is_open and item.closed_at is None and item.office == world.office_a1_other


def test_overdue_action_items_stand_out(world, coordinator):
    rakor = meeting(world, coordinator)
    late = action(world, coordinator, rakor, due_on=(timezone.localdate() - timedelta(days=1)).isoformat())
    action(world, coordinator, rakor)
    done = action(world, coordinator, rakor, due_on="2020-01-01")
    services.action_item_update(
        item=done, user=coordinator, base_revision=1, data={"status": "done"}, progress_only=True
    )
    assert list(selectors.overdue_action_items(world.regency_a1)) == [late]


def test_an_assignee_must_work_in_the_regency(world, coordinator):
    rakor = meeting(world, coordinator)
    with pytest.raises(ValidationError) as caught:
        action(world, coordinator, rakor, assignee=world.user("other_coordinator").id)
    assert "assignee" in caught.value.message_dict


def test_minutes_and_attendance_become_evidence_in_one_step(world, coordinator, registration):
    rakor = meeting(world, coordinator)
    with pytest.raises(ValidationError):  # nothing uploaded yet
        services.meeting_attach_evidence(
            meeting=rakor, registration=registration, user=coordinator, response_ids=[1], data_year=2024
        )
    services.meeting_file_set(
        meeting=rakor, user=coordinator, which="minutes", uploaded_file=pdf("notulen.pdf", "n")
    )
    services.meeting_file_set(
        meeting=rakor, user=coordinator, which="attendance", uploaded_file=pdf("absensi.pdf", "a")
    )
    items = list(registration.responses.filter(indicator__code__in=["K1.2", "T1.1"]))
    added = services.meeting_attach_evidence(
        meeting=rakor,
        registration=registration,
        user=coordinator,
        response_ids=[i.id for i in items],
        data_year=2024,
    )
    assert added == 4
    for item in items:
        kinds = sorted(Evidence.objects.filter(response=item).values_list("kind", flat=True))
        assert kinds == ["attendance", "minutes"]
        item.refresh_from_db()
        assert item.evidence_curr == 2
    again = services.meeting_attach_evidence(
        meeting=rakor,
        registration=registration,
        user=coordinator,
        response_ids=[i.id for i in items],
        data_year=2024,
    )
    assert again == 0


def test_attaching_to_a_locked_item_attaches_nothing(world, coordinator, registration):
    rakor = meeting(world, coordinator)
    services.meeting_file_set(
        meeting=rakor, user=coordinator, which="minutes", uploaded_file=pdf("notulen.pdf")
    )
    open_item, locked = registration.responses.filter(indicator__code__in=["K1.2", "T1.1"]).order_by("id")
    locked.status = "submitted"
    locked.save(update_fields=["status"])
    registration.status = "submitted"
    registration.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.meeting_attach_evidence(
            meeting=rakor,
            registration=registration,
            user=coordinator,
            response_ids=[open_item.id, locked.id],
            data_year=2024,
        )
    assert not Evidence.objects.exists()


def test_handover_moves_roles_and_open_action_items(world, coordinator):
    leaving = world.user("opd_operator")
    role_grant(user=leaving, role=Role.OFFICE_HEAD, regency=world.regency_a1, office=world.office_a1_other)
    successor = UserFactory(username="pengganti")
    role_grant(user=successor, role=Role.LEADER, regency=world.regency_a1)
    rakor = meeting(world, coordinator)
    open_item = action(world, coordinator, rakor, assignee=leaving.id)
    closed = action(world, coordinator, rakor, assignee=leaving.id)
    services.action_item_update(
        item=closed, user=coordinator, base_revision=1, data={"status": "done"}, progress_only=True
    )
    result = services.handover(
        regency=world.regency_a1, predecessor=leaving, successor=successor, user=coordinator
    )
    assert result.action_items == 1 and len(result.roles) == 2
    assert not RoleAssignment.objects.filter(
        user=leaving, regency=world.regency_a1, role__in=[Role.OPD_OPERATOR, Role.OFFICE_HEAD]
    ).exists()
    assert set(
        RoleAssignment.objects.filter(user=successor, office__isnull=False).values_list("role", "office")
    ) == {(Role.OPD_OPERATOR, world.office_a1.id), (Role.OFFICE_HEAD, world.office_a1_other.id)}
    open_item.refresh_from_db()
    closed.refresh_from_db()
    assert open_item.assignee == successor and closed.assignee == leaving
    with pytest.raises(ValidationError):  # nothing left to hand over
        services.handover(
            regency=world.regency_a1, predecessor=leaving, successor=successor, user=coordinator
        )


def test_handover_to_oneself_is_refused(world, coordinator):
    leaving = world.user("opd_operator")
    with pytest.raises(ValidationError):
        services.handover(regency=world.regency_a1, predecessor=leaving, successor=leaving, user=coordinator)
    assert ActionItem.objects.count() == 0
