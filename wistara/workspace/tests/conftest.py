import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.assessments.models import Response
from wistara.assessments.services import response_set_status, response_update
from wistara.evidence.services import evidence_upload
from wistara.testing.assessments import register

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def registration(world):
    """Regency A1 with one item in each stage, all of Dinkes's (the operator's office) but T2.2:
    T1.1 complete and validated, T1.2 complete and waiting, T2.1 started, T2.2 (DLH) and K1.1
    (Dinkes) not started."""
    registration = register(world.regency_a1)
    registration.responses.filter(indicator__code="T2.2").update(office=world.office_a1_other)
    registration.responses.exclude(indicator__code="T2.2").update(office=world.office_a1)
    coordinator = world.user("regency_coordinator")
    for code in ("T1.1", "T1.2"):
        complete(registration, code, coordinator)
    item = registration.responses.get(indicator__code="T1.1")
    response_set_status(
        response=item,
        user=world.user("office_head"),
        base_revision=item.revision,
        status=Response.Status.VALIDATED,
    )
    started = registration.responses.get(indicator__code="T2.1")
    response_update(response=started, user=coordinator, base_revision=0, data={"value_curr": "3"})
    return registration


def complete(registration, code, user):
    item = registration.responses.select_related("registration__cycle__instrument").get(indicator__code=code)
    best = item.indicator.options.get(points=100)
    item = response_update(response=item, user=user, base_revision=item.revision, data={"option": best.id})
    for year in (2023, 2024):
        upload = SimpleUploadedFile(f"{code}-{year}.pdf", PDF + f"{code}{year}".encode())
        evidence_upload(response=item, user=user, data_year=year, kind="report", uploaded_file=upload)
    return item
