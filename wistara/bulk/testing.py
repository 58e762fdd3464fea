"""Test support: items made complete or validated, and a bulk change of a registered regency for
the access matrix (tests/conftest.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.assessments.models import Response
from wistara.assessments.services import response_set_status, response_update
from wistara.evidence.services import evidence_upload

from .models import BulkChange

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def item(registration, code) -> Response:
    return registration.responses.select_related(
        "registration__cycle__instrument", "indicator", "office"
    ).get(indicator__code=code)


def complete(registration, code, user) -> Response:
    """The item answered with its best option and a file for each data year."""
    response = item(registration, code)
    best = response.indicator.options.get(points=100)
    response = response_update(
        response=response, user=user, base_revision=response.revision, data={"option": best.id}
    )
    for year in (2023, 2024):
        upload = SimpleUploadedFile(f"{code}-{year}.pdf", PDF + f"{code}{year}".encode())
        evidence_upload(response=response, user=user, data_year=year, kind="report", uploaded_file=upload)
    return response


def validate(registration, code, user) -> Response:
    response = item(registration, code)
    return response_set_status(
        response=response, user=user, base_revision=response.revision, status=Response.Status.VALIDATED
    )


def decree(regency, user):
    """A valid decree of the regency's Tim Pembina (worth 100 for K1.1)."""
    from wistara.institutions import services

    tim = services.institution_get_or_create(regency=regency, body="tim_pembina", user=user)
    return services.decree_add(
        institution=tim,
        user=user,
        uploaded_file=SimpleUploadedFile("sk.pdf", PDF + b"sk"),
        data={
            "number": "SK/1",
            "signed_on": "2022-05-01",
            "signer_name": "Bupati",
            "signer_authority": "bupati",
        },
    )


def bulk_objects(registration) -> dict:
    """A planned validation of the regency's item T1.1 (its office's head may act on it)."""
    item = registration.responses.select_related("indicator", "office").get(indicator__code="T1.1")
    change = BulkChange.objects.create(
        registration=registration,
        kind=BulkChange.Kind.VALIDATE,
        rows=[
            {
                "response": item.id,
                "code": "T1.1",
                "name": item.indicator.name,
                "before": {
                    "revision": item.revision,
                    "status": item.status,
                    "office": item.office_id,
                    "office_name": item.office.short_name,
                    "option": None,
                    "points": None,
                    "explanation": "",
                    "validated_by": None,
                    "validated_at": None,
                },
                "after": {"status": "validated"},
                "notes": [],
            }
        ],
    )
    return {"change_id": change.id}
