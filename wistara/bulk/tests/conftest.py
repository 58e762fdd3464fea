import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.assessments.models import Response
from wistara.assessments.services import response_set_status, response_update
from wistara.common.testing.assessments import register
from wistara.evidence.services import evidence_upload
from wistara.institutions.testing import full_kelembagaan
from wistara.instruments.models import InstrumentVersion

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(world):
    return world.user("regency_coordinator")


@pytest.fixture
def head(world):
    return world.user("office_head")  # head of Dinkes (world.office_a1)


@pytest.fixture
def registration(world):
    """Regency A1 with the 16 kelembagaan items; every tatanan item with Dinkes; T1.1, T1.2 and
    T2.1 complete and waiting for the head's validation."""
    full_kelembagaan(InstrumentVersion.objects.get(code="TEST-2025"))
    registration = register(world.regency_a1)
    registration.responses.filter(indicator__section__kind="tatanan").update(office=world.office_a1)
    for code in ("T1.1", "T1.2", "T2.1"):
        complete(registration, code, world.user("regency_coordinator"))
    return registration


def item(registration, code) -> Response:
    return registration.responses.select_related("registration__cycle__instrument", "indicator",
                                                 "office").get(indicator__code=code)


def complete(registration, code, user):
    response = item(registration, code)
    best = response.indicator.options.get(points=100)
    response = response_update(response=response, user=user, base_revision=response.revision,
                               data={"option": best.id})
    for year in (2023, 2024):
        upload = SimpleUploadedFile(f"{code}-{year}.pdf", PDF + f"{code}{year}".encode())
        evidence_upload(response=response, user=user, data_year=year, kind="report", uploaded_file=upload)
    return response


def validate(registration, code, user):
    response = item(registration, code)
    return response_set_status(response=response, user=user, base_revision=response.revision,
                               status=Response.Status.VALIDATED)
