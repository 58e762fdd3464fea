"""Every bulk change is planned (nothing written), applied after confirmation through the
assessments' services, and undone in one step unless something newer touched its items."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.assessments.models import Response, ResponseChange
from wistara.assessments.services import response_assign, response_update
from wistara.assessments.services.status import WITHDRAWN_MOVED
from wistara.audit.models import AuditEvent
from wistara.bulk import plans, services
from wistara.bulk.models import BulkChange
from wistara.evidence.models import Evidence
from wistara.evidence.services import evidence_upload
from wistara.institutions import services as institutions

from .conftest import PDF, item, validate

pytestmark = pytest.mark.django_db


def ids(registration, *codes):
    return [item(registration, code).id for code in codes]


def statuses(registration, *codes):
    return [item(registration, code).status for code in codes]


# --- Bulk validation by the head of office --------------------------------------------------------


def test_a_head_validates_the_selected_items_and_undoes_it(registration, head):
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1", "T1.2", "T2.2")
    )
    assert [r["code"] for r in change.rows] == ["T1.1", "T1.2"]
    assert [s["code"] for s in change.skipped] == ["T2.2"]  # no option chosen
    assert statuses(registration, "T1.1", "T1.2") == ["draft", "draft"]  # a plan writes nothing

    services.bulk_apply(change=change, user=head)
    assert statuses(registration, "T1.1", "T1.2") == ["validated", "validated"]
    assert item(registration, "T1.1").validated_by == head
    assert item(registration, "T2.1").status == "draft"  # not selected

    change.refresh_from_db()
    assert change.state == BulkChange.State.APPLIED and services.undo_blockers(change) == []
    services.bulk_undo(change=change, user=head)
    assert statuses(registration, "T1.1", "T1.2") == ["draft", "draft"]
    line = item(registration, "T1.1").changes.filter(field="status").first()
    assert (line.old, line.new, line.note) == (
        "validated",
        "draft",
        "undone with the bulk change it came from",
    )
    change.refresh_from_db()
    assert change.state == BulkChange.State.UNDONE
    assert [
        (e.action, e.payload["items"])
        for e in AuditEvent.objects.filter(
            object_type="bulk.bulkchange", action__startswith="bulk."
        ).order_by("sequence")
    ] == [("bulk.applied", ["T1.1", "T1.2"]), ("bulk.undone", ["T1.1", "T1.2"])]
    with pytest.raises(ValidationError, match="sudah diurungkan"):
        services.bulk_undo(change=change, user=head)


def test_the_undo_is_refused_after_a_newer_change(registration, head, coordinator):
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1", "T1.2")
    )
    services.bulk_apply(change=change, user=head)
    edited = item(registration, "T1.2")
    response_update(
        response=edited, user=coordinator, base_revision=edited.revision, data={"explanation": "Diperbaiki"}
    )
    change.refresh_from_db()
    assert services.undo_blockers(change)[0].startswith("T1.2 (")
    with pytest.raises(ValidationError) as refused:
        services.bulk_undo(change=change, user=head)
    assert "T1.2" in refused.value.messages[0] and "Tidak ada yang diurungkan" in refused.value.messages[0]
    # Nothing half undone: T1.1 keeps its validation, T1.2 its edit (which withdrew its own).
    assert statuses(registration, "T1.1", "T1.2") == ["validated", "draft"]
    change.refresh_from_db()
    assert change.state == BulkChange.State.APPLIED


def test_evidence_added_after_the_change_also_blocks_the_undo(registration, head, coordinator):
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1")
    )
    services.bulk_apply(change=change, user=head)
    evidence_upload(
        response=item(registration, "T1.1"),
        user=coordinator,
        data_year=2024,
        kind="report",
        uploaded_file=SimpleUploadedFile("baru.pdf", PDF + b"baru"),
    )
    change.refresh_from_db()
    with pytest.raises(ValidationError):
        services.bulk_undo(change=change, user=head)


def test_a_change_is_applied_only_as_previewed(registration, head, coordinator):
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1", "T1.2")
    )
    validate(registration, "T1.2", coordinator)  # someone else, after the preview
    with pytest.raises(ValidationError, match="T1.2"):
        services.bulk_apply(change=change, user=head)
    assert item(registration, "T1.1").status == "draft"  # all or nothing
    change.refresh_from_db()
    assert change.state == BulkChange.State.PLANNED


def test_only_the_ticked_rows_are_applied(registration, head):
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1", "T1.2", "T2.1")
    )
    change = services.bulk_apply(change=change, user=head, selected=[0, 2])
    assert [r["code"] for r in change.rows] == ["T1.1", "T2.1"]
    assert statuses(registration, "T1.1", "T1.2", "T2.1") == ["validated", "draft", "validated"]
    with pytest.raises(ValidationError):
        services.bulk_apply(change=change, user=head)  # applied once only


def test_a_head_validates_only_its_own_offices_items(world, registration, head):
    registration.responses.filter(indicator__code="T1.2").update(office=world.office_a1_other)
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1", "T1.2")
    )
    assert [r["code"] for r in change.rows] == ["T1.1"]
    assert change.skipped[0]["code"] == "T1.2"
    with pytest.raises(ValidationError, match="Pilih setidaknya|Select at least"):
        plans.plan_validation(registration=registration, user=head, response_ids=[])
    # A change holding another office's item is not the head's to apply.
    other = plans.plan_validation(
        registration=registration,
        user=world.user("regency_coordinator"),
        response_ids=ids(registration, "T1.2"),
    )
    with pytest.raises(PermissionDenied):
        services.bulk_apply(change=other, user=head)
    with pytest.raises(PermissionDenied):
        services.bulk_apply(change=change, user=world.user("opd_operator"))


# --- Assignment by tatanan ------------------------------------------------------------------------


def test_assignment_by_tatanan_leaves_assigned_items_alone(world, registration, coordinator):
    registration.responses.filter(indicator__code="T1.1").update(office=None)
    change = plans.plan_assignment(
        registration=registration, user=coordinator, section_code="T1", office=world.office_a1_other
    )
    assert [r["code"] for r in change.rows] == ["T1.1"]
    assert change.skipped == [
        {"code": "T1.2", "reason": plans.SKIP_HAS_OFFICE, "params": {"office": "Dinkes"}}
    ]
    assert item(registration, "T1.1").office is None  # not yet
    services.bulk_apply(change=change, user=coordinator)
    assert item(registration, "T1.1").office == world.office_a1_other
    assert item(registration, "T1.2").office == world.office_a1
    change.refresh_from_db()
    services.bulk_undo(change=change, user=coordinator)
    assert item(registration, "T1.1").office is None


def test_moving_validated_items_withdraws_their_validation_and_the_undo_gives_it_back(
    world, registration, coordinator, head
):
    validate(registration, "T1.2", head)
    before = item(registration, "T1.2")
    change = plans.plan_assignment(
        registration=registration,
        user=coordinator,
        section_code="T1",
        office=world.office_a1_other,
        include_assigned=True,
    )
    row = next(r for r in change.rows if r["code"] == "T1.2")
    assert row["after"] == {"office": world.office_a1_other.id, "office_name": "DLH", "status": "draft"}
    assert row["notes"] == [plans.NOTE_WITHDRAWN_MOVED]
    services.bulk_apply(change=change, user=coordinator)
    moved = item(registration, "T1.2")
    assert (moved.office, moved.status, moved.validated_by) == (world.office_a1_other, "draft", None)
    assert moved.changes.filter(field="status", new="draft", note=WITHDRAWN_MOVED).exists()

    change.refresh_from_db()
    services.bulk_undo(change=change, user=coordinator)
    back = item(registration, "T1.2")
    assert (back.office, back.status) == (world.office_a1, "validated")
    assert (back.validated_by, back.validated_at) == (head, before.validated_at)
    assert item(registration, "T1.1").office == world.office_a1


def test_the_assignment_undo_is_refused_after_a_newer_assignment(world, registration, coordinator):
    registration.responses.filter(indicator__section__code="T2").update(office=None)
    change = plans.plan_assignment(
        registration=registration, user=coordinator, section_code="T2", office=world.office_a1_other
    )
    services.bulk_apply(change=change, user=coordinator)
    response_assign(response=item(registration, "T2.2"), office=world.office_a1, user=coordinator)
    change.refresh_from_db()
    with pytest.raises(ValidationError, match="T2.2"):
        services.bulk_undo(change=change, user=coordinator)
    assert item(registration, "T2.1").office == world.office_a1_other


def test_nothing_to_assign_says_so(world, registration, coordinator):
    with pytest.raises(ValidationError, match="T1"):
        plans.plan_assignment(
            registration=registration, user=coordinator, section_code="T1", office=world.office_a1_other
        )
    assert not BulkChange.objects.exists()


def test_one_row_moved_withdraws_its_validation(world, registration, head, coordinator):
    validate(registration, "T1.1", head)
    moved = response_assign(
        response=item(registration, "T1.1"), office=world.office_a1_other, user=coordinator
    )
    assert moved.withdrawn and item(registration, "T1.1").status == "draft"
    again = response_assign(
        response=item(registration, "T1.1"), office=world.office_a1_other, user=coordinator
    )
    assert not again.withdrawn


def test_suggested_assignment_is_planned_then_undone(registration, coordinator):
    registration.responses.filter(indicator__code__in=["T1.1", "T1.2"]).update(office=None)
    change = plans.plan_suggested(registration=registration, user=coordinator)
    assert {r["code"]: r["after"]["office_name"] for r in change.rows} == {"T1.1": "Dinkes", "T1.2": "DLH"}
    services.bulk_apply(change=change, user=coordinator)
    assert item(registration, "T1.2").office.short_name == "DLH"
    change.refresh_from_db()
    services.bulk_undo(change=change, user=coordinator)
    assert item(registration, "T1.2").office is None


# --- The kelembagaan pre-fill ---------------------------------------------------------------------


def _decree(world, coordinator):
    tim = institutions.institution_get_or_create(
        regency=world.regency_a1, body="tim_pembina", user=coordinator
    )
    return institutions.decree_add(
        institution=tim,
        user=coordinator,
        uploaded_file=SimpleUploadedFile("sk.pdf", PDF + b"sk"),
        data={
            "number": "SK/1",
            "signed_on": "2022-05-01",
            "signer_name": "Bupati",
            "signer_authority": "bupati",
        },
    )


def test_the_prefill_is_previewed_with_its_effect_applied_and_undone(world, registration, coordinator):
    _decree(world, coordinator)
    # K1.2 was answered 100 by hand and validated; the records are worth 0 for it.
    k12 = item(registration, "K1.2")
    k12 = response_update(
        response=k12,
        user=coordinator,
        base_revision=k12.revision,
        data={"option": k12.indicator.options.get(points=100).id, "explanation": "Renja ada di Bappeda"},
    )
    change = institutions.plan_prefill(registration=registration, user=coordinator)
    rows = {r["code"]: r for r in change.rows}
    assert rows["K1.1"]["after"]["points"] == 100 and rows["K1.1"]["before"]["points"] is None
    assert len(rows["K1.1"]["files"]) == 2  # the decree, for 2023 and 2024
    assert rows["K1.2"]["before"]["points"] == 100 and rows["K1.2"]["after"]["points"] == 0
    assert rows["K1.2"]["notes"] == [plans.NOTE_LOWER]
    assert "explanation" not in rows["K1.2"]["after"]  # the office's own words stay
    # The preview leaves K1.2 (which would go down) unticked: its effect is shown for that
    # default and for every row.
    effect, every = change.params["effect"], change.params["effect_all"]
    assert (effect["kelembagaan_before"], effect["kelembagaan_after"]) == ("6.25", "12.50")
    assert (every["kelembagaan_before"], every["kelembagaan_after"]) == ("6.25", "6.25")
    assert item(registration, "K1.1").points is None  # nothing written yet

    services.bulk_apply(change=change, user=coordinator)  # every row, K1.2 too
    change.refresh_from_db()
    assert change.params == {"effect": every}  # the applied change shows what it did
    k11 = item(registration, "K1.1")
    assert k11.points == 100 and k11.explanation.startswith("SK SK/1")
    assert Evidence.objects.filter(response=k11, removed_at__isnull=True).count() == 2
    assert item(registration, "K1.2").points == 0

    change.refresh_from_db()
    services.bulk_undo(change=change, user=coordinator)
    k11 = item(registration, "K1.1")
    assert (k11.points, k11.option_id, k11.explanation) == (None, None, "")
    assert Evidence.objects.filter(response=k11, removed_at__isnull=True).count() == 0
    assert (k11.evidence_prev, k11.evidence_curr) == (0, 0)
    k12 = item(registration, "K1.2")
    assert (k12.points, k12.explanation) == (100, "Renja ada di Bappeda")


def test_the_prefill_gives_back_a_validation_it_withdrew(world, registration, coordinator, head):
    _decree(world, coordinator)
    registration.responses.filter(indicator__code="K1.1").update(office=world.office_a1)
    k11 = item(registration, "K1.1")
    response_update(
        response=k11,
        user=coordinator,
        base_revision=k11.revision,
        data={"option": k11.indicator.options.get(points=0).id, "explanation": "Belum"},
    )
    validate(registration, "K1.1", coordinator)
    change = institutions.plan_prefill(registration=registration, user=coordinator)
    row = next(r for r in change.rows if r["code"] == "K1.1")
    assert row["after"]["status"] == "draft" and plans.NOTE_WITHDRAWN_EDITED in row["notes"]
    services.bulk_apply(change=change, user=coordinator)
    assert item(registration, "K1.1").status == "draft"
    change.refresh_from_db()
    services.bulk_undo(change=change, user=coordinator)
    back = item(registration, "K1.1")
    assert (back.points, back.status) == (0, "validated")


def test_the_prefill_undo_is_refused_after_a_newer_change(world, registration, coordinator):
    _decree(world, coordinator)
    change = institutions.plan_prefill(registration=registration, user=coordinator)
    services.bulk_apply(change=change, user=coordinator)
    k11 = item(registration, "K1.1")
    response_update(
        response=k11, user=coordinator, base_revision=k11.revision, data={"explanation": "Ditulis ulang"}
    )
    change.refresh_from_db()
    with pytest.raises(ValidationError, match="K1.1"):
        services.bulk_undo(change=change, user=coordinator)
    assert item(registration, "K1.1").points == 100
    assert ResponseChange.objects.filter(response=k11, note__startswith="undone").count() == 0


def test_the_api_prefill_is_the_same_change_applied_at_once(world, registration, coordinator):
    _decree(world, coordinator)
    result = institutions.kelembagaan_prefill(registration=registration, user=coordinator)
    assert "K1.1" in result.changed and result.attached == 2
    change = BulkChange.objects.get(id=result.change_id)
    assert change.state == BulkChange.State.APPLIED
    assert institutions.kelembagaan_prefill(registration=registration, user=coordinator).changed == []


def test_response_status_keeps_its_revision_rules(registration, head):
    # An undo goes through response_set_status: the head's stale page still conflicts as before.
    change = plans.plan_validation(
        registration=registration, user=head, response_ids=ids(registration, "T1.1")
    )
    services.bulk_apply(change=change, user=head)
    assert item(registration, "T1.1").revision == 2
    assert Response.objects.filter(status="validated").count() == 1
