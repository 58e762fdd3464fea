"""Decree checks, the registry's counts against the lokus, and what is missing per data year."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from wistara.audit.models import AuditEvent
from wistara.evidence.models import EvidenceFile
from wistara.institutions import selectors, services
from wistara.institutions.checks import decree_problems, reference_date
from wistara.institutions.models import Decree, Institution

from .conftest import pdf

pytestmark = pytest.mark.django_db

ON = date(2024, 12, 31)


def tim_pembina(world, coordinator):
    return services.institution_get_or_create(regency=world.regency_a1, body="tim_pembina", user=coordinator)


def sk(institution, coordinator, **overrides):
    data = {
        "number": "188.45/123/2023",
        "signed_on": "2023-02-01",
        "signer_name": "H. Bupati",
        "signer_authority": "bupati",
        "valid_until": "",
        **overrides,
    }
    return services.decree_add(
        institution=institution, user=coordinator, data=data, uploaded_file=pdf(salt=str(overrides))
    )


def test_reference_date_is_the_end_of_the_last_data_year():
    assert reference_date([2023, 2024]) == date(2024, 12, 31)


def test_a_good_decree_has_no_problem(world, coordinator):
    institution = tim_pembina(world, coordinator)
    assert decree_problems(sk(institution, coordinator), institution, ON) == []


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"signed_on": "2014-12-31"}, "lebih dari 10 tahun"),  # ten years on the reference day
        ({"valid_until": "2024-12-30"}, "kedaluwarsa pada 30-12-2024"),
        ({"signer_authority": "sekda"}, "bukan oleh Bupati"),
        ({"is_draft": True}, "masih berupa draf"),
        ({"names_kks": False}, "tidak menyebut program KKS"),
    ],
)
def test_a_decree_is_flagged(world, coordinator, overrides, problem):
    institution = tim_pembina(world, coordinator)
    problems = decree_problems(sk(institution, coordinator, **overrides), institution, ON)
    assert any(problem in p for p in problems), problems


def test_one_day_short_of_ten_years_still_counts(world, coordinator):
    institution = tim_pembina(world, coordinator)
    assert decree_problems(sk(institution, coordinator, signed_on="2015-01-01"), institution, ON) == []


def test_a_city_needs_its_walikota_and_a_kelurahan_its_lurah(world, coordinator):
    city = services.institution_get_or_create(regency=world.regency_a2, body="forum", user=coordinator)
    problems = decree_problems(sk(city, coordinator), city, ON)
    assert any("bukan oleh Walikota" in p for p in problems)
    pokja = services.institution_get_or_create(
        regency=world.regency_a1, body="pokja", area_code="11.01.01.1001", user=coordinator
    )
    problems = decree_problems(sk(pokja, coordinator, signer_authority="kepala_desa"), pokja, ON)
    assert any("bukan oleh Lurah" in p for p in problems)
    assert decree_problems(sk(pokja, coordinator, signer_authority="lurah"), pokja, ON) == []


def test_a_decree_without_its_file_is_flagged(world, coordinator):
    institution = tim_pembina(world, coordinator)
    decree = services.decree_add(
        institution=institution,
        user=coordinator,
        data={"number": "1", "signed_on": "2023-01-01", "signer_name": "B", "signer_authority": "bupati"},
    )
    assert "tidak ada berkas terlampir" in decree_problems(decree, institution, ON)


def test_bad_decree_input_is_refused_with_nothing_left(world, coordinator):
    institution = tim_pembina(world, coordinator)
    for data, field in [
        ({"signer_authority": "raja"}, "signer_authority"),
        ({"signed_on": "kemarin"}, "signed_on"),
        ({"valid_until": "2022-01-01"}, "valid_until"),
        ({"number": "  "}, "number"),
    ]:
        with pytest.raises(ValidationError) as caught:
            sk(institution, coordinator, **data)
        assert field in caught.value.message_dict
    assert not Decree.objects.exists()
    assert not EvidenceFile.objects.exists()  # the stored upload went away with the refusal


def test_an_fkk_belongs_to_a_kecamatan_of_the_regency(world, coordinator):
    with pytest.raises(ValidationError):
        services.institution_get_or_create(
            regency=world.regency_a1, body="fkk", area_code="12.01.01", user=coordinator
        )
    fkk = services.institution_get_or_create(
        regency=world.regency_a1, body="fkk", area_code="11.01.01", user=coordinator
    )
    again = services.institution_get_or_create(
        regency=world.regency_a1, body="fkk", area_code="11.01.01", user=coordinator
    )
    assert fkk == again and Institution.objects.filter(body="fkk").count() == 1
    assert AuditEvent.objects.filter(action="institution.created").count() == 1


def test_decree_count_is_compared_with_the_lokus(world, coordinator, registration):
    # The lokus holds one kecamatan and two villages (a desa and a kelurahan).
    registry = selectors.registry(registration)
    assert len(registry.fkk) == 1 and len(registry.pokja) == 2
    flags = registry.flags()
    assert "Pokja Desa/Kelurahan Sehat: 0 SK sah dari 2 yang dinyatakan saat pendaftaran." in flags
    desa = services.institution_get_or_create(
        regency=world.regency_a1, body="pokja", area_code="11.01.01.2001", user=coordinator
    )
    sk(desa, coordinator, signer_authority="kepala_desa")
    flags = selectors.registry(registration).flags()
    assert "Pokja Desa/Kelurahan Sehat: 1 SK sah dari 2 yang dinyatakan saat pendaftaran." in flags


def test_missing_work_plans_and_budgets_are_listed_per_data_year(world, coordinator, registration):
    institution = tim_pembina(world, coordinator)
    services.activity_add(
        institution=institution,
        user=coordinator,
        data={"year": 2023, "name": "Sosialisasi", "target": "9 kecamatan"},
    )
    services.work_plan_file_set(
        institution=institution, user=coordinator, data={"year": 2023}, uploaded_file=pdf("renja.pdf")
    )
    services.activity_add(
        institution=institution, user=coordinator, data={"year": 2024, "name": "Lomba", "target": "1 kali"}
    )
    services.budget_add(
        institution=institution,
        user=coordinator,
        data={"year": 2024, "source": "apbd", "amount": "25.000.000"},
        uploaded_file=pdf("dpa.pdf"),
    )
    flags = [f for f in selectors.registry(registration).flags() if f.startswith("Tim Pembina:")]
    assert "Tim Pembina: tidak ada rencana kerja untuk 2024 (tidak ada dokumen)." in flags
    assert "Tim Pembina: tidak ada anggaran untuk 2023." in flags
    assert not any("rencana kerja untuk 2023" in f or "anggaran untuk 2024" in f for f in flags)
    state = selectors.registry(registration).singles["tim_pembina"]
    assert state.budget_totals == {2024: 25_000_000}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("25.000.000", 25_000_000), ("Rp 1.500.000,00", 1_500_000), ("2500000", 2_500_000), (750000, 750_000)],
)
def test_amounts_as_people_type_them(world, coordinator, typed, amount):
    budget = services.budget_add(
        institution=tim_pembina(world, coordinator),
        user=coordinator,
        data={"year": 2024, "source": "apbd", "amount": typed},
    )
    assert budget.amount == amount


def test_removal_is_soft_and_reversible(world, coordinator, registration):
    institution = tim_pembina(world, coordinator)
    decree = sk(institution, coordinator)
    services.record_remove(record=decree, user=coordinator)
    assert selectors.registry(registration).singles["tim_pembina"].decree is None
    decree.refresh_from_db()
    assert decree.removed_by == coordinator and decree.file is not None
    services.record_restore(record=decree, user=coordinator)
    assert selectors.registry(registration).singles["tim_pembina"].decree == decree


def test_a_secretariat_photo_must_be_an_image(world, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            institution=tim_pembina(world, coordinator), user=coordinator, uploaded_file=pdf("kantor.pdf")
        )
    assert "foto" in str(caught.value)
    assert not EvidenceFile.objects.exists()


def test_institution_edit_refuses_a_stale_copy(world, coordinator):
    institution = tim_pembina(world, coordinator)
    services.institution_update(
        institution=institution,
        user=coordinator,
        base_revision=1,
        data={"name": "Tim Pembina", "address": "Jl. Sudirman 1"},
    )
    with pytest.raises(ValidationError) as caught:
        services.institution_update(
            institution=institution,
            user=coordinator,
            base_revision=1,
            data={"name": "Tim lain", "address": ""},
        )
    assert caught.value.code == "conflict"
    institution.refresh_from_db()
    assert institution.address == "Jl. Sudirman 1"
