from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.assessments.models import Registration, Response
from wistara.assessments.selectors import registration_progress
from wistara.assessments.services import response_update
from wistara.assessments.services.calendar import correction_deadline_default
from wistara.audit.models import AuditEvent
from wistara.audit.selectors import audit_chain_check
from wistara.dossier.testing import general_data_filled
from wistara.testing.assessments import register
from wistara.verification.models import Review, Submission
from wistara.verification.services import (
    IncompleteError,
    correction_resubmit,
    correction_return,
    decision_record,
    field_visit_record,
    review_record,
    submission_submit,
    verification_complete,
)
from wistara.verification.services.deadlines import default_correction_deadline

pytestmark = pytest.mark.django_db
S = Registration.Status


@pytest.fixture
def registration(world):
    registration = register(world.regency_a1)
    for response in registration.responses.all():
        best = response.indicator.options.get(points=100)
        response_update(
            response=response,
            user=world.user("regency_coordinator"),
            base_revision=response.revision,
            data={"option": best.id, "value_curr": "1"},
        )
    general_data_filled(registration, world.user("regency_coordinator"))
    return registration


def _submit(registration, world):
    return submission_submit(
        registration=registration, user=world.user("regency_coordinator"), confirm_incomplete=True
    )


def _review_all(registration, level, user, *, points=100, except_code=None):
    for response in registration.responses.select_related("indicator"):
        if response.indicator.code == except_code:
            review_record(
                response=response,
                level=level,
                user=user,
                verdict="needs_correction",
                note="Lampirkan laporan 2023 yang ditandatangani.",
            )
            continue
        option = response.indicator.options.get(points=points)
        review_record(
            response=response, level=level, user=user, option_id=option.id, verdict="accepted", note=""
        )


def test_it_refuses_a_submission_without_the_general_data_the_berita_acara_prints(world):
    registration = register(world.regency_a1)
    with pytest.raises(ValidationError) as refused:
        submission_submit(
            registration=registration, user=world.user("regency_coordinator"), confirm_incomplete=True
        )
    message = refused.value.messages[0]
    assert "Bupati/Wali Kota" in message and "data umum" in message.lower()
    registration.refresh_from_db()
    assert registration.status == "self_assessment" and not registration.submissions.exists()


def test_it_lists_incomplete_items_and_needs_a_confirmation(registration, world):
    with pytest.raises(IncompleteError) as caught:
        submission_submit(registration=registration, user=world.user("regency_coordinator"))
    assert caught.value.items == ["T1.1", "T1.2", "T2.1", "T2.2", "K1.1"]
    assert not Submission.objects.exists()
    registration.refresh_from_db()
    assert registration.status == S.SELF_ASSESSMENT


def test_it_freezes_what_was_submitted(registration, world):
    submission = _submit(registration, world)
    assert submission.number == 1 and len(submission.snapshot) == 5
    assert {item["points"] for item in submission.snapshot} == {100}
    response = registration.responses.get(indicator__code="T1.1")
    assert response.status == Response.Status.SUBMITTED
    with pytest.raises(ValidationError, match="terkunci|locked"):
        response_update(
            response=response,
            user=world.user("opd_operator"),
            base_revision=response.revision,
            data={"unit": "x"},
        )


def test_it_returns_one_item_and_unlocks_only_it(registration, world):
    _submit(registration, world)
    verifier = world.user("provincial_verifier")
    _review_all(registration, "provincial", verifier, except_code="T1.1")
    with pytest.raises(ValidationError, match="perbaikan|correction"):
        verification_complete(registration=registration, level="provincial", user=verifier)
    round_ = correction_return(registration=registration, level="provincial", user=verifier)
    # The cycle calendar's rule (issue 12): 2x24 hours, ending at the next 15.00 WIB.
    assert round_.deadline == correction_deadline_default(round_.registration.cycle, round_.returned_at)
    assert round_.deadline == default_correction_deadline(registration, round_.returned_at)
    assert round_.deadline - round_.returned_at >= timedelta(hours=48)
    registration.refresh_from_db()
    assert registration.status == S.PROVINCIAL_RETURNED
    returned = registration.responses.get(indicator__code="T1.1")
    other = registration.responses.get(indicator__code="T1.2")
    assert returned.status == Response.Status.RETURNED
    response_update(
        response=returned,
        user=world.user("opd_operator"),
        base_revision=returned.revision,
        data={"note_prev": "Laporan terlampir"},
    )
    with pytest.raises(ValidationError):
        response_update(
            response=other,
            user=world.user("regency_coordinator"),
            base_revision=other.revision,
            data={"unit": "x"},
        )


def test_it_refuses_a_fix_after_the_correction_window(registration, world):
    _submit(registration, world)
    verifier = world.user("provincial_verifier")
    _review_all(registration, "provincial", verifier, except_code="T1.1")
    correction_return(registration=registration, level="provincial", user=verifier)
    Registration.objects.filter(pk=registration.pk).update(
        correction_deadline=timezone.now() - timedelta(minutes=1)
    )
    returned = registration.responses.get(indicator__code="T1.1")
    with pytest.raises(ValidationError, match="perbaikan|correction"):
        response_update(
            response=returned,
            user=world.user("opd_operator"),
            base_revision=returned.revision,
            data={"unit": "x"},
        )


def test_it_carries_a_regency_through_every_level_to_a_decision(registration, world):
    _submit(registration, world)
    province, nation = world.user("provincial_verifier"), world.user("national_verifier")
    _review_all(registration, "provincial", province, except_code="T1.1")
    correction_return(registration=registration, level="provincial", user=province)
    second = correction_resubmit(registration=registration, user=world.user("regency_coordinator"))
    assert second.number == 2
    t11 = registration.responses.get(indicator__code="T1.1")
    review_record(
        response=t11,
        level="provincial",
        user=province,
        verdict="accepted",
        option_id=t11.indicator.options.get(points=100).id,
    )
    assert Review.objects.filter(response=t11, level="provincial").count() == 2  # both rounds kept
    verification_complete(registration=registration, level="provincial", user=province)
    _review_all(registration, "national", nation, points=0)
    verification_complete(registration=registration, level="national", user=nation)
    registration.refresh_from_db()
    assert registration.status == S.NATIONAL_VERIFIED
    assert registration_progress(registration, level="latest").award.overall == 0
    assert registration_progress(registration, level="provincial").award.overall == 100
    field_visit_record(
        registration=registration,
        starts_on=date(2025, 10, 1),
        ends_on=date(2025, 10, 2),
        team=[{"name": "Tim Pusat"}],
        village_codes=["11.01.01.2001"],
        findings={"T1": "Sesuai"},
        user=nation,
    )
    decision = decision_record(
        registration=registration,
        category_code=None,
        user=world.user("national_admin"),
        reason="Skor di bawah ambang Padapa.",
    )
    registration.refresh_from_db()
    assert registration.status == S.DECIDED and decision.category is None
    actions = list(
        AuditEvent.objects.exclude(action__startswith="row.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )  # rows written are captured too (issue 14)
    actions = [a for a in actions if not a.startswith("dossier.")]  # the general data came first
    assert actions[0] == "registration.submitted" and actions[-1] == "decision.recorded"
    assert {
        "correction.returned",
        "correction.resubmitted",
        "verification.completed",
        "field_validation.recorded",
    } <= set(actions)
    assert audit_chain_check().ok


@pytest.mark.parametrize("move", ["national_review", "decide", "complete", "resubmit", "resubmit_twice"])
def test_it_refuses_illegal_transitions(registration, world, move):
    user = world.user("national_admin")
    response = registration.responses.first()
    attempts = {
        "national_review": lambda: review_record(
            response=response, level="national", user=user, verdict="accepted", option_id=response.option_id
        ),
        "decide": lambda: decision_record(
            registration=registration, category_code="padapa", reason="x", user=user
        ),
        "complete": lambda: verification_complete(registration=registration, level="provincial", user=user),
        "resubmit": lambda: correction_resubmit(registration=registration, user=user),
        "resubmit_twice": lambda: (_submit(registration, world), _submit(registration, world)),
    }
    with pytest.raises(ValidationError) as caught:
        attempts[move]()
    assert caught.value.code == "illegal_transition"


def test_it_needs_a_note_to_ask_for_a_correction(registration, world):
    _submit(registration, world)
    with pytest.raises(ValidationError):
        review_record(
            response=registration.responses.first(),
            level="provincial",
            user=world.user("provincial_verifier"),
            verdict="needs_correction",
            note=" ",
        )
