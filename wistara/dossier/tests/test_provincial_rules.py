"""Issue 15: each service of a province's own documents, its rules, refusals and audit events."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.audit.selectors import audit_events_for
from wistara.common.errors import Conflict
from wistara.dossier.models import ProvincialDocument, ProvincialDossier
from wistara.dossier.services import (
    provincial_document_add,
    provincial_document_remove,
    provincial_document_replace,
    provincial_document_update,
    provincial_dossier_submit,
    provincial_resubmit,
    provincial_return,
    provincial_review_record,
)
from wistara.dossier.testing import pdf_upload
from wistara.testing.assessments import open_test_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world):
    return open_test_cycle()


@pytest.fixture
def province_user(world):
    return world.user("provincial_verifier")


@pytest.fixture
def nation(world):
    return world.user("national_verifier")


def add(world, cycle, kind="decree", marker="sk", user=None):
    return provincial_document_add(
        province=world.province_a,
        cycle=cycle,
        user=user or world.user("provincial_verifier"),
        kind=kind,
        uploaded_file=pdf_upload(f"{kind}.pdf", marker),
    )


def actions(world) -> list[str]:
    """The province's dossier events, oldest first."""
    return list(
        reversed(
            audit_events_for(province=world.province_a)
            .filter(action__startswith="provincial_")
            .values_list("action", flat=True)
        )
    )


def submit(world, cycle):
    return provincial_dossier_submit(
        province=world.province_a,
        cycle=cycle,
        user=world.user("provincial_verifier"),
        confirm_incomplete=True,
    )


def test_every_step_of_the_province_and_the_nation_reaches_the_audit_trail(
    world, cycle, province_user, nation
):
    decree = add(world, cycle)
    decree = provincial_document_update(
        document=decree,
        user=province_user,
        base_revision=decree.revision,
        kind="decree",
        title="SK Tim Pembina Provinsi",
    )
    submit(world, cycle)
    provincial_review_record(document=decree, user=nation, verdict="needs_correction", note="Belum ttd")
    provincial_return(province=world.province_a, cycle=cycle, user=nation)
    provincial_document_replace(
        document=decree, user=province_user, uploaded_file=pdf_upload("sk-ttd.pdf", "ttd")
    )
    provincial_resubmit(province=world.province_a, cycle=cycle, user=province_user)
    assert actions(world) == [
        "provincial_document.added",
        "provincial_document.changed",
        "provincial_dossier.submitted",
        "provincial_document.reviewed",
        "provincial_dossier.returned",
        "provincial_document.replaced",
        "provincial_dossier.resubmitted",
    ]
    changed = audit_events_for(province=world.province_a).get(action="provincial_document.changed")
    assert changed.payload["changes"]["title"] == ["decree", "SK Tim Pembina Provinsi"]
    assert changed.actor_username == province_user.username


def test_an_update_refuses_a_stale_revision_an_empty_title_and_an_unknown_kind(world, cycle, province_user):
    decree = add(world, cycle)
    stale = decree.revision
    provincial_document_update(
        document=decree, user=province_user, base_revision=stale, kind="decree", title="SK 1"
    )
    with pytest.raises(Conflict):
        provincial_document_update(
            document=decree, user=province_user, base_revision=stale, kind="decree", title="SK 2"
        )
    current = ProvincialDocument.objects.get(pk=decree.pk)
    for kind, title, field in (("decree", "  ", "title"), ("surat", "SK", "kind")):
        with pytest.raises(ValidationError) as refused:
            provincial_document_update(
                document=current, user=province_user, base_revision=current.revision, kind=kind, title=title
            )
        assert field in refused.value.message_dict
    assert ProvincialDocument.objects.get(pk=decree.pk).title == "SK 1"


def test_a_title_too_long_is_refused_not_cut(world, cycle, province_user):
    decree = add(world, cycle)
    with pytest.raises(ValidationError) as refused:
        provincial_document_update(
            document=decree, user=province_user, base_revision=decree.revision, kind="decree", title="S" * 201
        )
    assert "title" in refused.value.message_dict
    assert ProvincialDocument.objects.get(pk=decree.pk).title == "decree"


def test_a_replacement_must_be_another_file_and_keeps_the_old_one_as_a_version(world, cycle, province_user):
    decree = add(world, cycle)
    with pytest.raises(ValidationError) as same:
        provincial_document_replace(
            document=decree, user=province_user, uploaded_file=pdf_upload("lagi.pdf", "sk")
        )
    assert same.value.code == "duplicate"
    first_file = decree.file_id
    replaced = provincial_document_replace(
        document=decree, user=province_user, uploaded_file=pdf_upload("baru.pdf", "baru")
    )
    assert [v.file_id for v in replaced.versions.order_by("number")] == [first_file, replaced.file_id]
    assert replaced.revision == decree.revision + 1


def test_removing_twice_records_once_and_a_removed_document_is_not_reviewed(
    world, cycle, province_user, nation
):
    decree, plan = add(world, cycle), add(world, cycle, "work_plan", "rk")
    provincial_document_remove(document=decree, user=province_user)
    provincial_document_remove(document=decree, user=province_user)
    assert actions(world).count("provincial_document.removed") == 1
    submit(world, cycle)
    with pytest.raises(ValidationError):
        provincial_review_record(
            document=ProvincialDocument.objects.get(pk=decree.pk), user=nation, verdict="accepted"
        )
    with pytest.raises(ValidationError):  # a correction says what to correct
        provincial_review_record(document=plan, user=nation, verdict="needs_correction", note=" ")
    assert not plan.reviews.exists()


def test_submitting_needs_a_document_and_records_what_was_missing(world, cycle, province_user):
    with pytest.raises(ValidationError):
        submit(world, cycle)
    add(world, cycle)
    dossier = submit(world, cycle)
    assert dossier.status == ProvincialDossier.Status.SUBMITTED and dossier.submitted_by == province_user
    event = audit_events_for(province=world.province_a).get(action="provincial_dossier.submitted")
    assert event.payload["missing"] == ["work_plan", "coaching_report"]


def test_a_return_needs_a_document_to_correct_and_a_deadline_ahead(world, cycle, nation):
    decree, other = add(world, cycle), add(world, cycle, "work_plan", "rk")
    submit(world, cycle)
    provincial_review_record(document=decree, user=nation, verdict="accepted")
    with pytest.raises(ValidationError):  # nothing needs correction
        provincial_return(province=world.province_a, cycle=cycle, user=nation)
    provincial_review_record(document=other, user=nation, verdict="needs_correction", note="Tahun salah")
    with pytest.raises(ValidationError) as past:
        provincial_return(
            province=world.province_a, cycle=cycle, user=nation, deadline=timezone.now() - timedelta(hours=1)
        )
    assert "deadline" in past.value.message_dict
    dossier = ProvincialDossier.objects.get(province=world.province_a)
    assert dossier.status == ProvincialDossier.Status.SUBMITTED
    correction = provincial_return(province=world.province_a, cycle=cycle, user=nation)
    assert correction.deadline > timezone.now()
    with pytest.raises(ValidationError):  # the returned set is with the province
        provincial_review_record(document=decree, user=nation, verdict="accepted")


def test_a_document_added_while_the_set_is_returned_goes_back_with_the_corrected_ones(
    world, cycle, province_user, nation
):
    with pytest.raises(ValidationError):  # nothing is out for correction
        provincial_resubmit(province=world.province_a, cycle=cycle, user=province_user)
    decree = add(world, cycle)
    submit(world, cycle)
    provincial_review_record(document=decree, user=nation, verdict="needs_correction", note="Belum ttd")
    provincial_return(province=world.province_a, cycle=cycle, user=nation)
    late = add(world, cycle, "coaching_report", "lap")
    assert late.status == ProvincialDocument.Status.RETURNED
    dossier = provincial_resubmit(province=world.province_a, cycle=cycle, user=province_user)
    assert dossier.status == ProvincialDossier.Status.SUBMITTED and dossier.correction_deadline is None
    assert set(dossier.documents.values_list("status", flat=True)) == {ProvincialDocument.Status.SUBMITTED}
    assert dossier.corrections.get().resubmitted_at is not None
