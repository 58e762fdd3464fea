"""The 16 kelembagaan items pre-filled from the registry, and the score each would get."""

import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.models import Response
from wistara.assessments.services import response_update
from wistara.evidence.models import Evidence
from wistara.institutions import services
from wistara.institutions.services import scoring

from .conftest import pdf

pytestmark = pytest.mark.django_db


def estimates(registration) -> dict[str, scoring.ItemEstimate]:
    return {e.indicator.code: e for e in scoring.kelembagaan_estimates(registration)}


def body(world, user, kind, area=""):
    return services.institution_get_or_create(regency=world.regency_a1, body=kind, area_code=area, user=user)


def decree(institution, user, authority="bupati", salt=""):
    return services.decree_add(
        institution=institution,
        user=user,
        uploaded_file=pdf(salt=salt or institution.name),
        data={
            "number": f"SK/{institution.id}",
            "signed_on": "2022-05-01",
            "signer_name": "Pejabat",
            "signer_authority": authority,
        },
    )


def plan(institution, user, year):
    services.activity_add(
        institution=institution, user=user, data={"year": year, "name": "Kegiatan", "target": "100%"}
    )
    services.work_plan_file_set(
        institution=institution,
        user=user,
        data={"year": year},
        uploaded_file=pdf("renja.pdf", f"{institution.id}-{year}"),
    )


def test_nothing_recorded_scores_nothing(registration):
    found = estimates(registration)
    assert len(found) == 16
    assert {e.points for e in found.values()} == {0}
    assert found["K3.1"].reasons == ["0 dari 1 wilayah yang dinyatakan memiliki SK yang sah."]


def test_each_element_of_the_tim_pembina(world, coordinator, registration):
    tp = body(world, coordinator, "tim_pembina")
    decree(tp, coordinator)
    plan(tp, coordinator, 2023)
    services.budget_add(
        institution=tp,
        user=coordinator,
        uploaded_file=pdf("dpa23.pdf", "a"),
        data={"year": 2023, "source": "apbd", "amount": 1000},
    )
    services.budget_add(
        institution=tp,
        user=coordinator,
        uploaded_file=pdf("dpa24.pdf", "b"),
        data={"year": 2024, "source": "apbd", "amount": 1000},
    )
    found = estimates(registration)
    assert found["K1.1"].points == 100
    assert found["K1.2"].points == 50 and "Kurang: 2024." in found["K1.2"].reasons[0]
    assert found["K1.3"].points == 100
    assert found["K1.4"].points == 0  # no address, no photo
    plan(tp, coordinator, 2024)
    assert estimates(registration)["K1.2"].points == 100


def test_a_plan_without_activities_does_not_count(world, coordinator, registration):
    tp = body(world, coordinator, "tim_pembina")
    services.work_plan_file_set(
        institution=tp, user=coordinator, data={"year": 2023}, uploaded_file=pdf("renja.pdf")
    )
    assert estimates(registration)["K1.2"].points == 0


def test_fkk_and_pokja_need_as_many_decrees_as_the_lokus(world, coordinator, registration):
    fkk = body(world, coordinator, "fkk", "11.01.01")
    decree(fkk, coordinator, "camat")
    desa = body(world, coordinator, "pokja", "11.01.01.2001")
    decree(desa, coordinator, "kepala_desa")
    plan(desa, coordinator, 2023)
    plan(desa, coordinator, 2024)
    found = estimates(registration)
    assert found["K3.1"].points == 100
    assert found["K4.1"].points == 0  # one of two villages
    assert found["K4.2"].points == 50  # complete for one village of two
    kelurahan = body(world, coordinator, "pokja", "11.01.01.1001")
    decree(kelurahan, coordinator, "lurah")
    assert estimates(registration)["K4.1"].points == 100


def test_prefill_sets_options_and_links_the_files(world, coordinator, registration):
    tp = body(world, coordinator, "tim_pembina")
    sk = decree(tp, coordinator)
    result = services.kelembagaan_prefill(registration=registration, user=coordinator)
    item = registration.responses.get(indicator__code="K1.1")
    assert item.points == 100 and "K1.1" in result.changed
    assert item.explanation.startswith("SK SK/")
    linked = Evidence.objects.filter(response=item, removed_at__isnull=True)
    assert {(e.file_id, e.data_year, e.kind) for e in linked} == {
        (sk.file_id, 2023, "decree"),
        (sk.file_id, 2024, "decree"),
    }
    assert registration.responses.get(indicator__code="K1.2").points == 0
    # Running it again changes nothing and attaches nothing twice.
    again = services.kelembagaan_prefill(registration=registration, user=coordinator)
    assert again.changed == [] and again.attached == 0
    assert Evidence.objects.filter(response=item).count() == 2


def test_prefill_keeps_the_office_explanation(world, coordinator, registration):
    item = registration.responses.get(indicator__code="K1.1")
    response_update(
        response=item,
        user=coordinator,
        base_revision=item.revision,
        data={"explanation": "Penjelasan Bappeda"},
    )
    decree(body(world, coordinator, "tim_pembina"), coordinator)
    services.kelembagaan_prefill(registration=registration, user=coordinator)
    item.refresh_from_db()
    assert item.explanation == "Penjelasan Bappeda" and item.points == 100


def test_prefill_skips_locked_items(world, coordinator, registration):
    decree(body(world, coordinator, "tim_pembina"), coordinator)
    Response.objects.filter(registration=registration).update(status=Response.Status.SUBMITTED)
    registration.status = "submitted"
    registration.save(update_fields=["status"])
    result = services.kelembagaan_prefill(registration=registration, user=coordinator)
    assert result.changed == [] and len(result.skipped) == 16
    assert registration.responses.get(indicator__code="K1.1").points is None


def test_documents_attached_to_the_item_count_for_their_year(world, coordinator, registration):
    tp = body(world, coordinator, "tim_pembina")
    plan(tp, coordinator, 2023)
    item = registration.responses.select_related(
        "registration__cycle__instrument", "registration__regency"
    ).get(indicator__code="K1.2")
    from wistara.evidence.services import evidence_upload

    evidence_upload(
        response=item, uploaded_file=pdf("notulen.pdf"), data_year=2024, kind="minutes", user=coordinator
    )
    assert estimates(registration)["K1.2"].points == 100


def test_no_option_for_the_points_is_refused(world, coordinator, registration):
    item = registration.responses.get(indicator__code="K1.1")
    item.indicator.options.filter(points=0).delete()
    with pytest.raises(ValidationError):
        services.kelembagaan_prefill(registration=registration, user=coordinator)
    assert registration.responses.get(indicator__code="K1.1").points is None
