"""Completion cannot skip an item: every round, at both levels; deadlines default and extend."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.assessments.models import Registration, ResponseChange
from wistara.audit.models import AuditEvent
from wistara.verification.models import DeadlineExtension
from wistara.verification.selectors_scope import item_states, pending_items
from wistara.verification.services import (
    UnreviewedError,
    correction_extend,
    correction_resubmit,
    correction_return,
    review_record,
    verification_complete,
)
from wistara.verification.services.deadlines import default_correction_deadline

from .conftest import build_rounds

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def _accept(rounds, code, level="provincial", user=None):
    item = rounds.item(code)
    return review_record(
        response=item,
        level=level,
        user=user or rounds.verifier,
        verdict="accepted",
        option_id=item.indicator.options.get(points=100).id,
    )


def _refuse(rounds, code, level="provincial", user=None):
    return review_record(
        response=rounds.item(code),
        level=level,
        user=user or rounds.verifier,
        verdict="needs_correction",
        note="Lampirkan laporan bertanda tangan.",
    )


def _codes(registration, level):
    return [s.code for s in pending_items(registration, level)]


def _refused(registration, level, user):
    with pytest.raises(UnreviewedError) as refused:
        verification_complete(registration=registration, level=level, user=user)
    return [i.code for i in refused.value.items]


def test_round_two_cannot_complete_until_the_corrected_item_is_reviewed_again(rounds):
    assert _codes(rounds.registration, "provincial") == ["T1.1"]
    assert _refused(rounds.registration, "provincial", rounds.verifier) == ["T1.1"]
    _accept(rounds, "T1.1")
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)


def test_an_item_returned_in_round_one_stays_in_scope_in_round_three(world, media):
    """The bug of the issue: round 2 returned another item, and the round-1 item was forgotten."""
    rounds = build_rounds(world, returned=("T1.1",))
    rounds.fix("T1.1")
    rounds.resubmit()  # round 2: the verifier looks at T1.2 again instead of T1.1
    _refuse(rounds, "T1.2")
    correction_return(registration=rounds.registration, level="provincial", user=rounds.verifier)
    rounds.fix("T1.2")
    rounds.resubmit()  # round 3
    assert _refused(rounds.registration, "provincial", rounds.verifier) == ["T1.1", "T1.2"]
    _accept(rounds, "T1.2")
    assert _refused(rounds.registration, "provincial", rounds.verifier) == ["T1.1"]
    _accept(rounds, "T1.1")
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)


def test_an_accepted_item_changed_after_its_review_must_be_reviewed_again(world, media):
    rounds = build_rounds(world, returned=("T1.1",))
    rounds.fix("T1.1")
    rounds.resubmit()
    # An answer changed after the province accepted it (an administrator's repair, say): the
    # item's history is what the rule reads, whoever wrote it.
    t21 = rounds.item("T2.1")
    ResponseChange.objects.create(
        response=t21,
        revision=t21.revision + 1,
        field="value_curr",
        old="1",
        new="3",
        changed_by=rounds.operator,
    )
    states = item_states(rounds.registration, "provincial")
    assert states[t21.id].reason == "changed"
    assert _refused(rounds.registration, "provincial", rounds.verifier) == ["T1.1", "T2.1"]
    _accept(rounds, "T1.1")
    _accept(rounds, "T2.1")
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)


def test_a_refused_item_of_this_round_must_go_back_first(world, media):
    rounds = build_rounds(world, returned=("T1.1",))
    rounds.fix("T1.1")
    rounds.resubmit()
    _refuse(rounds, "T1.1")
    with pytest.raises(ValidationError) as refused:
        verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)
    assert refused.value.code == "needs_correction"


def test_national_rounds_follow_the_same_rule(rounds):
    _accept(rounds, "T1.1")
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)
    nation = world_user = rounds.world.user("national_verifier")
    codes = [r.indicator.code for r in rounds.registration.responses.select_related("indicator")]
    _accept(rounds, codes[0], "national", nation)
    assert sorted(_refused(rounds.registration, "national", nation)) == sorted(codes[1:])
    for code in codes:
        (_refuse if code == "T2.2" else _accept)(rounds, code, "national", world_user)
    correction_return(registration=rounds.registration, level="national", user=nation)
    rounds.fix("T2.2")
    correction_resubmit(registration=rounds.registration, user=rounds.world.user("regency_coordinator"))
    assert _refused(rounds.registration, "national", nation) == ["T2.2"]
    _accept(rounds, "T2.2", "national", nation)
    verification_complete(registration=rounds.registration, level="national", user=nation)
    rounds.registration.refresh_from_db()
    assert rounds.registration.status == Registration.Status.NATIONAL_VERIFIED


@pytest.mark.parametrize(
    "returned_at, expected",
    [
        (datetime(2025, 9, 1, 10, 0, tzinfo=WIB), datetime(2025, 9, 3, 15, 0, tzinfo=WIB)),
        (datetime(2025, 9, 1, 15, 0, tzinfo=WIB), datetime(2025, 9, 3, 15, 0, tzinfo=WIB)),
        (datetime(2025, 9, 1, 16, 30, tzinfo=WIB), datetime(2025, 9, 4, 15, 0, tzinfo=WIB)),
    ],
)
def test_the_default_deadline_is_two_full_days_closing_at_15_wib(returned_at, expected):
    assert default_correction_deadline(None, returned_at) == expected


def test_a_chosen_deadline_is_kept_and_a_past_one_refused(world, media):
    rounds = build_rounds(world, returned=())  # nothing returned yet
    _refuse(rounds, "T1.1")
    with pytest.raises(ValidationError):
        correction_return(
            registration=rounds.registration,
            level="provincial",
            user=rounds.verifier,
            deadline=timezone.now() - timedelta(hours=1),
        )
    chosen = timezone.now() + timedelta(days=5)
    correction = correction_return(
        registration=rounds.registration, level="provincial", user=rounds.verifier, deadline=chosen
    )
    rounds.registration.refresh_from_db()
    assert correction.deadline == chosen == rounds.registration.correction_deadline


def test_a_verifier_extends_a_deadline_and_the_extension_is_recorded(world, media):
    rounds = build_rounds(world)
    before = rounds.registration.corrections.get().deadline
    with pytest.raises(ValidationError):
        correction_extend(
            registration=rounds.registration,
            level="provincial",
            deadline=before - timedelta(hours=1),
            user=rounds.verifier,
        )
    later = before + timedelta(days=1)
    correction_extend(
        registration=rounds.registration,
        level="provincial",
        deadline=later,
        user=rounds.verifier,
        reason="Listrik padam di kantor dinas",
    )
    extension = DeadlineExtension.objects.get()
    assert (extension.old_deadline, extension.new_deadline) == (before, later)
    rounds.registration.refresh_from_db()
    assert rounds.registration.correction_deadline == later
    event = AuditEvent.objects.filter(action="correction.extended").get()
    assert event.payload["reason"] == "Listrik padam di kantor dinas"
    rounds.resubmit()
    with pytest.raises(ValidationError):  # nothing is out for correction any more
        correction_extend(
            registration=rounds.registration,
            level="provincial",
            deadline=later + timedelta(days=1),
            user=rounds.verifier,
        )
