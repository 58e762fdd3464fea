"""The kept per-section totals equal a recount of the items after every kind of write.

Each step writes through the service a person's action calls (an answer, its evidence, the
submission, the verifiers' reviews at both levels, a return and its correction, the decision),
then compares every stored total with a recount from the items themselves.
"""

import pytest
from django.core.management import CommandError, call_command

from wistara.assessments.access import get_response_for_user
from wistara.assessments.management.commands.totals_rebuild import differences
from wistara.assessments.models import Registration, SectionTotal
from wistara.assessments.services import response_update
from wistara.assessments.services.totals import COLUMNS, recount
from wistara.dossier.testing import general_data_filled
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_add_link, evidence_remove, evidence_restore
from wistara.testing.assessments import register
from wistara.verification.services import (
    correction_resubmit,
    correction_return,
    decision_record,
    review_record,
    submission_submit,
    verification_complete,
)

pytestmark = pytest.mark.django_db


def _stored(registration) -> dict:
    return {
        (t.registration_id, t.section_id): tuple(getattr(t, c) for c in COLUMNS)
        for t in SectionTotal.objects.filter(registration=registration)
    }


def _counted(registration) -> dict:
    return {(r, s): values for r, s, values in recount(registration.responses.all())}


def _assert_kept(registration) -> None:
    assert _stored(registration) == _counted(registration)


def _item(registration, code):
    return registration.responses.select_related("indicator").get(indicator__code=code)


def _answer(registration, world, code, points, role="regency_coordinator"):
    """As the API does: the item read for a save, then the save (the fast path)."""
    item = _item(registration, code)
    read = get_response_for_user(world.user(role), item.id, change=True, for_save=True)
    option = item.indicator.options.get(points=points).id if points is not None else None
    return response_update(
        response=read,
        user=world.user(role),
        base_revision=read.revision,
        data={"option": option, "value_curr": str(points or 0)},
    )


def _link(registration, world, code, year):
    return evidence_add_link(
        response=_item(registration, code),
        url=f"https://data.example.go.id/{code}/{year}",
        data_year=year,
        kind="report",
        user=world.user("regency_coordinator"),
    )


def _review(registration, level, user, points, verdict="accepted", note=""):
    for item in registration.responses.select_related("indicator"):
        value = points.get(item.indicator.code, 100)
        option = item.indicator.options.get(points=value).id if verdict == "accepted" else None
        review_record(
            response=item,
            level=level,
            user=user,
            option_id=option,
            verdict=verdict if item.indicator.code in points or verdict == "accepted" else "accepted",
            note=note,
        )


def test_it_keeps_the_totals_equal_to_a_recount_through_a_whole_cycle(world):
    registration = register(world.regency_a1)
    _assert_kept(registration)
    stored = _stored(registration)
    assert sum(v[COLUMNS.index("items")] for v in stored.values()) == 5

    # Answers: set, change, clear, set again; a value alone moves nothing but is a write too.
    for code, points in (("T1.1", 100), ("T1.2", 0), ("T2.1", 100), ("K1.1", 100)):
        _answer(registration, world, code, points)
        _assert_kept(registration)
    _answer(registration, world, "T1.2", 100)
    _answer(registration, world, "T2.1", None)
    _assert_kept(registration)
    _answer(registration, world, "T2.1", 100)
    _answer(registration, world, "T2.2", 0)
    _assert_kept(registration)
    # A stale caller row: the save reads it again under the lock (the slow path).
    stale = _item(registration, "T1.1")
    _answer(registration, world, "T1.1", 0)
    response_update(
        response=stale,
        user=world.user("regency_coordinator"),
        base_revision=stale.revision + 1,
        data={"option": None},
    )
    _assert_kept(registration)

    # Evidence makes items complete and incomplete again.
    for code in ("T1.1", "T1.2", "K1.1"):
        _link(registration, world, code, 2023)
        _link(registration, world, code, 2024)
    _assert_kept(registration)
    removed = evidence_remove(
        evidence=Evidence.objects.filter(response=_item(registration, "T1.2")).first(),
        user=world.user("regency_coordinator"),
    )
    _assert_kept(registration)
    evidence_restore(evidence=removed, user=world.user("regency_coordinator"))
    _assert_kept(registration)
    _answer(registration, world, "T1.1", 100)
    _assert_kept(registration)

    # The verification: the province marks T1.2 down and returns T2.1, the office corrects it.
    general_data_filled(registration, world.user("regency_coordinator"))
    submission_submit(
        registration=registration, user=world.user("regency_coordinator"), confirm_incomplete=True
    )
    _assert_kept(registration)
    province = world.user("provincial_verifier")
    _review(registration, "provincial", province, {"T1.2": 0})
    _assert_kept(registration)
    review_record(
        response=_item(registration, "T2.1"),
        level="provincial",
        user=province,
        verdict="needs_correction",
        note="Lampirkan laporan.",
    )
    _assert_kept(registration)
    correction_return(registration=registration, level="provincial", user=province)
    _answer(registration, world, "T2.1", 0)
    _assert_kept(registration)
    correction_resubmit(registration=registration, user=world.user("regency_coordinator"))
    review_record(
        response=_item(registration, "T2.1"),
        level="provincial",
        user=province,
        verdict="accepted",
        option_id=_item(registration, "T2.1").indicator.options.get(points=100).id,
    )
    verification_complete(registration=registration, level="provincial", user=province)
    _assert_kept(registration)
    nation = world.user("national_verifier")
    _review(registration, "national", nation, {"T1.1": 0})
    verification_complete(registration=registration, level="national", user=nation)
    decision_record(
        registration=registration,
        category_code=None,
        reason="Belum memenuhi.",
        user=world.user("national_admin"),
    )
    _assert_kept(registration)
    stored = _stored(registration)
    assert sum(v[COLUMNS.index("national_scored")] for v in stored.values()) == 5
    assert sum(v[COLUMNS.index("complete")] for v in stored.values()) == 3


def test_it_recounts_a_registration_whose_totals_are_missing(world):
    """A registration from before the totals existed: its first write counts it whole."""
    registration = register(world.regency_a1)
    _answer(registration, world, "T1.1", 100)
    SectionTotal.objects.filter(registration=registration).delete()
    _answer(registration, world, "T1.2", 100)
    _assert_kept(registration)
    assert _stored(registration)


def test_it_rebuilds_and_checks_the_totals_with_a_command(world):
    registration = register(world.regency_a1)
    _answer(registration, world, "T1.1", 100)
    call_command("totals_rebuild", "--check")
    SectionTotal.objects.filter(registration=registration).update(points=7)
    assert differences(Registration.objects.all())
    with pytest.raises(CommandError):
        call_command("totals_rebuild", "--check")
    call_command("totals_rebuild", "--cycle", registration.cycle.code)
    _assert_kept(registration)
    call_command("totals_rebuild", "--check")
