from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wistara.assessments.models import Cycle
from wistara.dossier.models import ProvincialDocument, ProvincialDossier
from wistara.dossier.selectors import province_statuses
from wistara.dossier.services import (
    MissingKindsError,
    provincial_document_add,
    provincial_document_remove,
    provincial_document_replace,
    provincial_dossier_submit,
    provincial_resubmit,
    provincial_return,
    provincial_review_record,
)
from wistara.dossier.testing import pdf_upload
from wistara.regions.models import Province
from wistara.testing.assessments import open_test_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world):
    return open_test_cycle()


def _add(world, cycle, kind, marker, province=None):
    return provincial_document_add(
        province=province or world.province_a,
        cycle=cycle,
        user=world.user("provincial_verifier"),
        kind=kind,
        uploaded_file=pdf_upload(f"{kind}.pdf", marker),
    )


def _full_set(world, cycle):
    return [_add(world, cycle, kind, kind) for kind in ("decree", "work_plan", "coaching_report")]


def test_it_keeps_the_provinces_files_as_the_provinces_own(world, cycle):
    document = _add(world, cycle, "decree", "sk")
    assert document.file.province == world.province_a and document.file.regency is None
    assert document.title == "decree" and document.versions.count() == 1


def test_it_asks_before_submitting_a_set_without_every_required_kind(world, cycle):
    _add(world, cycle, "decree", "sk")
    with pytest.raises(MissingKindsError) as missing:
        provincial_dossier_submit(
            province=world.province_a, cycle=cycle, user=world.user("provincial_verifier")
        )
    assert missing.value.kinds == ["work_plan", "coaching_report"]
    dossier = provincial_dossier_submit(
        province=world.province_a,
        cycle=cycle,
        confirm_incomplete=True,
        user=world.user("provincial_verifier"),
    )
    assert dossier.status == ProvincialDossier.Status.SUBMITTED
    with pytest.raises(ValidationError) as locked:
        _add(world, cycle, "other", "late")
    assert locked.value.code == "locked"


def test_it_locks_the_documents_when_the_provincial_verification_period_ends(world, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(
        provincial_verification_end=timezone.localdate() - timedelta(days=1)
    )
    cycle.refresh_from_db()
    with pytest.raises(ValidationError) as locked:
        _add(world, cycle, "decree", "sk")
    assert locked.value.code == "locked"


def test_the_nation_reviews_returns_and_takes_back_documents_in_rounds(world, cycle):
    decree, plan, report = _full_set(world, cycle)
    verifier, province_user = world.user("national_verifier"), world.user("provincial_verifier")
    with pytest.raises(ValidationError):  # not submitted yet
        provincial_review_record(document=decree, user=verifier, verdict="accepted")
    provincial_dossier_submit(province=world.province_a, cycle=cycle, user=province_user)
    provincial_review_record(
        document=decree, user=verifier, verdict="needs_correction", note="SK belum ditandatangani"
    )
    provincial_review_record(document=plan, user=verifier, verdict="accepted")
    provincial_review_record(document=report, user=verifier, verdict="accepted")
    correction = provincial_return(province=world.province_a, cycle=cycle, user=verifier)
    decree.refresh_from_db()
    assert decree.status == ProvincialDocument.Status.RETURNED and correction.number == 1
    with pytest.raises(ValidationError):  # only the returned ones change
        provincial_document_remove(document=plan, user=province_user)
    replaced = provincial_document_replace(
        document=decree, user=province_user, uploaded_file=pdf_upload("sk-ttd.pdf", "signed")
    )
    assert replaced.versions.count() == 2 and replaced.file.original_name == "sk-ttd.pdf"
    provincial_resubmit(province=world.province_a, cycle=cycle, user=province_user)
    second = provincial_review_record(document=decree, user=verifier, verdict="accepted")
    assert second.round == 2
    with pytest.raises(ValidationError):
        provincial_review_record(document=plan, user=verifier, verdict="needs_correction", note="x")
    [status] = province_statuses(cycle, Province.objects.filter(pk=world.province_a.pk))
    assert (status.complete, status.verified, status.accepted, status.documents) == (True, True, 3, 3)


def test_it_tells_each_province_where_it_stands(world, cycle):
    _full_set(world, cycle)
    _add(world, cycle, "decree", "b", province=world.province_b)
    statuses = {s.province.code: s for s in province_statuses(cycle, Province.objects.all())}
    assert statuses["11"].kinds == {"decree": 1, "work_plan": 1, "coaching_report": 1}
    assert not statuses["11"].complete  # not submitted yet
    assert (statuses["12"].documents, statuses["12"].complete) == (1, False)
