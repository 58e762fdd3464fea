"""odf_set, the lock, and the summary and gate selectors."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from wistara.assessments.models import Cycle, Registration, VillageOdf
from wistara.assessments.selectors_odf import odf_gate, odf_rows, odf_summary
from wistara.assessments.services.odf import odf_import, odf_set
from wistara.testing.assessments import register
from wistara.testing.factories import DistrictFactory, VillageFactory

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"
DAY = date(2024, 8, 17)


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


def _set(registration, code, is_odf, verified_on=DAY, user=None):
    with translation.override("en"):
        return odf_set(
            registration=registration, village_code=code, is_odf=is_odf, verified_on=verified_on, user=user
        )


def _past_deadline(registration) -> Registration:
    yesterday = timezone.localdate() - timedelta(days=1)
    Cycle.objects.filter(pk=registration.cycle_id).update(self_assessment_deadline=yesterday)
    return Registration.objects.select_related("cycle").get(pk=registration.pk)


def test_it_sets_one_village_and_keeps_the_date_only_when_odf(world, registration):
    row = _set(registration, DESA, True, user=world.user("regency_coordinator"))
    assert (row.is_odf, row.verified_on, row.updated_by) == (True, DAY, world.user("regency_coordinator"))
    row = _set(registration, DESA, False)
    assert (row.is_odf, row.verified_on) == (False, None)
    assert VillageOdf.objects.filter(registration=registration).count() == 1


def test_it_does_not_record_a_save_that_changes_nothing(world, registration):
    _set(registration, DESA, True, user=world.user("regency_coordinator"))
    row = _set(registration, DESA, True, user=world.user("national_admin"))
    assert row.updated_by == world.user("regency_coordinator")


@pytest.mark.parametrize(
    ("code", "is_odf", "day", "expected"),
    [
        (DESA, True, None, "needs its verification date"),
        (DESA, True, date.today() + timedelta(days=2), "in the future"),
        ("12.01.01.2001", True, DAY, "not in this regency"),
    ],
)
def test_it_refuses_a_bad_single_change(registration, code, is_odf, day, expected):
    with pytest.raises(ValidationError, match=expected):
        _set(registration, code, is_odf, day)
    assert not VillageOdf.objects.exists()


def test_it_locks_odf_data_after_the_self_assessment_deadline(registration):
    _set(registration, DESA, True)
    locked = _past_deadline(registration)
    with pytest.raises(ValidationError, match="deadline") as caught:
        _set(locked, KEL, True)
    assert caught.value.code == "locked"
    upload = SimpleUploadedFile("odf.csv", f"Kode;Status;Tanggal\n{KEL};Ya;17-08-2024\n".encode())
    with translation.override("en"), pytest.raises(ValidationError, match="deadline"):
        odf_import(registration=locked, uploaded_file=upload, user=None)
    assert list(VillageOdf.objects.values_list("village__code", flat=True)) == [DESA]


def test_it_locks_odf_data_once_the_regency_has_submitted(registration):
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="submitted"):
        _set(registration, DESA, True)


def test_it_computes_the_percentage_over_every_village_of_the_regency(world, registration):
    summary = odf_summary(registration)
    assert (summary["villages"], summary["odf"], summary["percent"]) == (2, 0, Decimal("0.00"))
    _set(registration, DESA, True)
    summary = odf_summary(registration)
    assert (summary["desa"], summary["kelurahan"], summary["odf"], summary["not_odf"]) == (1, 1, 1, 1)
    assert summary["percent"] == Decimal("50.00")
    assert summary["districts"][0] | {"percent": None} == {
        "code": "11.01.01",
        "name": summary["districts"][0]["name"],
        "villages": 2,
        "desa": 1,
        "kelurahan": 1,
        "odf": 1,
        "lokus": 2,
        "lokus_odf": 1,
        "percent": None,
    }
    assert summary["district_count"] == 1


def test_it_rounds_the_percentage_to_two_places(world, registration):
    district = DistrictFactory(regency=world.regency_a1, code="11.01.02")
    VillageFactory(district=district, code="11.01.02.2001")
    _set(registration, DESA, True)
    summary = odf_summary(registration)
    assert summary["percent"] == Decimal("33.33")
    assert [d["odf"] for d in summary["districts"]] == [1, 0]


def test_it_checks_the_gate_of_the_target_category(registration):
    # wiwerda needs at least 90 % of desa/kelurahan ODF
    assert odf_gate(registration, odf_summary(registration)) == (False, Decimal("90.00"), Decimal("0.00"))
    _set(registration, DESA, True)
    _set(registration, KEL, True)
    assert odf_gate(registration, odf_summary(registration)) == (True, Decimal("90.00"), Decimal("100.00"))


def test_it_has_no_percentage_and_no_gate_without_villages(world):
    registration = register(world.regency_a2)
    world.regency_a2.districts.get().villages.all().delete()
    summary = odf_summary(registration)
    assert summary["percent"] is None
    assert odf_gate(registration, summary) == (False, Decimal("90.00"), None)
    registration.target_category.min_odf_percent = Decimal(0)
    assert odf_gate(registration, summary)[0] is True


def test_it_reads_summary_and_rows_in_a_fixed_number_of_queries(
    world, registration, django_assert_num_queries
):
    for number in range(2, 6):
        district = DistrictFactory(regency=world.regency_a1, code=f"11.01.0{number}")
        for village in range(30):
            VillageFactory(district=district, code=f"{district.code}.{2001 + village}")
    _set(registration, DESA, True)
    with django_assert_num_queries(1):
        summary = odf_summary(registration)
    with django_assert_num_queries(3):
        districts = odf_rows(registration)
    assert summary["villages"] == sum(len(d.rows) for d in districts) == 122


def test_it_filters_rows_and_groups_them_by_kecamatan(world, registration):
    _set(registration, DESA, True)
    registration.lokus_villages.set(registration.lokus_villages.filter(code=KEL))
    codes = {
        show: [r.code for d in odf_rows(registration, show=show) for r in d.rows]
        for show in ("all", "odf", "not_odf", "lokus")
    }
    assert codes == {"all": [KEL, DESA], "odf": [DESA], "not_odf": [KEL], "lokus": [KEL]}
    (district,) = odf_rows(registration, show="odf")
    assert (district.villages, district.odf) == (2, 1)
