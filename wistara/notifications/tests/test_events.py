"""Each event tells the right people of the object's own tenant, and nobody else."""

import pytest
from django.core.exceptions import ValidationError

from wistara.accounts import services as accounts
from wistara.accounts.models import Role
from wistara.assessments.services.assignments import response_assign
from wistara.notifications.models import Notification
from wistara.reminders import scan
from wistara.reminders.services import missing_list_send
from wistara.testing.assessments import register
from wistara.testing.factories import UserFactory
from wistara.verification.services import submission_submit
from wistara.verification.tests.conftest import build_rounds

pytestmark = pytest.mark.django_db


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_return_tells_the_items_office_and_the_coordinator_only(world, media):
    # Another office of A1 and the same office name in B1 have people too: they hear nothing.
    other_operator = UserFactory(username="operator.dlh")
    accounts.role_grant(
        user=other_operator, role=Role.OPD_OPERATOR, regency=world.regency_a1, office=world.office_a1_other
    )
    b_operator = UserFactory(username="operator.b")
    accounts.role_grant(
        user=b_operator, role=Role.OPD_OPERATOR, regency=world.regency_b1, office=world.office_b1
    )
    rounds = build_rounds(world, returned=("T1.1",))
    item = rounds.item("T1.1")
    assert item.office_id is None or item.office_id == world.office_a1.id
    item.office = world.office_a1
    item.save(update_fields=["office"])
    Notification.objects.all().delete()
    from wistara.notifications import events
    from wistara.verification.models import Review

    correction = rounds.registration.corrections.get()
    reviews = list(
        Review.objects.filter(response=item, verdict="needs_correction").select_related("response")
    )
    events.items_returned(registration=rounds.registration, correction=correction, reviews=reviews)
    assert told("item_returned") == {"opd.operator", "office.head"}
    assert told("correction_opened") == {"regency.coordinator"}
    note = Notification.objects.get(kind="item_returned", user=world.user("opd_operator"))
    assert note.url == f"/ruang/11.01/TEST-2025/indikator/{item.pk}/"
    assert correction.deadline.strftime("%H:%M") in note.params["deadline"] or note.params["deadline"]


def test_the_return_service_itself_notifies(world, media):
    rounds = build_rounds(world, returned=("T1.1",))
    assert told("correction_opened") == {"regency.coordinator"}
    assert rounds.registration.corrections.count() == 1


def test_a_submission_tells_its_provinces_verifiers_only(world, media):
    b_verifier = UserFactory(username="verifier.b")
    accounts.role_grant(user=b_verifier, role=Role.PROVINCIAL_VERIFIER, province=world.province_b)
    registration = register(world.regency_a1)
    from wistara.dossier.testing import general_data_filled

    general_data_filled(registration, world.user("regency_coordinator"))
    submission_submit(
        registration=registration, user=world.user("regency_coordinator"), confirm_incomplete=True
    )
    assert told("regency_submitted") == {"provincial.verifier"}


def test_an_assignment_tells_the_offices_operators_not_the_one_who_assigned(world):
    registration = register(world.regency_a1)
    registration.responses.update(office=None)
    item = registration.responses.get(indicator__code="T1.1")
    response_assign(response=item, office=world.office_a1, user=world.user("regency_coordinator"))
    assert told("item_assigned") == {"opd.operator"}
    response_assign(response=item, office=world.office_a1, user=world.user("regency_coordinator"))
    assert Notification.objects.filter(kind="item_assigned").count() == 1  # no change, no repeat


def test_the_missing_list_goes_to_the_offices_people(world):
    registration = register(world.regency_a1)
    registration.responses.update(office=None)
    registration.responses.filter(indicator__code="T1.1").update(office=world.office_a1)
    count, people = missing_list_send(
        registration=registration, office=world.office_a1, user=world.user("regency_coordinator")
    )
    assert (count, people) == (1, 2)
    assert told("missing_list") == {"opd.operator", "office.head"}
    note = Notification.objects.filter(kind="missing_list").first()
    assert note.url.startswith("/ruang/11.01/TEST-2025/kekurangan/")
    with pytest.raises(ValidationError, match="DLH"):  # owes nothing: nothing to send
        missing_list_send(
            registration=registration, office=world.office_a1_other, user=world.user("regency_coordinator")
        )
    with pytest.raises(ValidationError):  # another regency's office
        missing_list_send(
            registration=registration, office=world.office_b1, user=world.user("regency_coordinator")
        )


def test_a_rakor_invites_its_offices_and_the_coordinator_and_its_action_items_their_owner(world):
    from wistara.institutions.services.meetings import action_item_add, meeting_create

    register(world.regency_a1)
    coordinator = world.user("regency_coordinator")
    meeting = meeting_create(
        regency=world.regency_a1,
        user=coordinator,
        data={
            "title": "Rakor Tim Pembina",
            "starts_at": "2030-01-08 09:00",
            "place": "Aula Bappeda",
            "chair": "Sekda",
            "agenda": "Persiapan verifikasi",
            "invited_offices": [world.office_a1.id],
        },
    )
    assert told("rakor_invitation") == {"opd.operator", "office.head", "regency.coordinator"}
    note = Notification.objects.filter(kind="rakor_invitation").first()
    assert (
        note.url == f"/ruang/11.01/TEST-2025/rakor/{meeting.pk}/"
        and "08-01-2030 09:00" in note.params["when"]
    )
    action_item_add(
        meeting=meeting,
        user=coordinator,
        data={
            "description": "Lengkapi SK Forum",
            "office": world.office_a1_other.id,
            "assignee": world.user("opd_operator").id,
            "due_on": "2030-01-20",
        },
    )
    assert told("action_assigned") == {"opd.operator"}


def test_an_overdue_action_reminds_its_owner_and_the_coordinator_once(world):

    from django.utils import timezone

    from wistara.institutions.services.meetings import action_item_add, meeting_create

    register(world.regency_a1)
    coordinator = world.user("regency_coordinator")
    meeting = meeting_create(
        regency=world.regency_a1,
        user=coordinator,
        data={
            "title": "Rakor",
            "starts_at": "2030-01-08 09:00",
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "A",
        },
    )
    action_item_add(
        meeting=meeting,
        user=coordinator,
        data={"description": "Lengkapi SK Forum", "office": world.office_a1.id, "due_on": "2030-01-20"},
    )
    later = timezone.make_aware(timezone.datetime(2030, 1, 22, 8, 0))
    assert scan.scan(later)["action_overdue"] == 3  # the office's operator and head, the coordinator
    assert scan.scan(later)["action_overdue"] == 0


def test_a_completed_level_tells_the_regency_and_after_the_province_the_nation(world, media):
    from wistara.verification.services import review_record, verification_complete
    from wistara.verification.tests.conftest import build_rounds as build

    rounds = build(world, returned=("T1.1",))
    rounds.fix("T1.1")
    rounds.resubmit()
    item = rounds.item("T1.1")
    review_record(
        response=item,
        level="provincial",
        user=rounds.verifier,
        verdict="accepted",
        option_id=item.indicator.options.get(points=100).id,
    )
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)
    assert told("level_completed") == {"regency.coordinator", "leader", "national.verifier"}


def test_a_decision_tells_the_regency_and_its_province(world):
    from types import SimpleNamespace

    from wistara.notifications import events

    registration = register(world.regency_a1)
    events.decision_recorded(decision=SimpleNamespace(pk=1, registration=registration, category=None))
    assert told("decision_recorded") == {"regency.coordinator", "leader", "provincial.verifier"}


def test_waiting_items_remind_their_head_once_a_day(world):
    from django.utils import timezone

    registration = register(world.regency_a1)
    registration.responses.update(office=None)
    item = registration.responses.get(indicator__code="T1.1")
    option = item.indicator.options.first()
    registration.responses.filter(pk=item.pk).update(
        office=world.office_a1, option=option, evidence_prev=1, evidence_curr=1
    )
    now = timezone.now()
    assert scan.scan(now)["waiting_validation"] == 1
    assert told("waiting_validation") == {"office.head"}
    assert scan.scan(now)["waiting_validation"] == 0
