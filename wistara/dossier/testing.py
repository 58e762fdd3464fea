"""For tests: one of each dossier object for a registration, made through the real services
(the access matrix calls every dossier URL with them)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.accounts.models import User
from wistara.assessments.models import Registration

from . import services

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str, marker: str) -> SimpleUploadedFile:
    """A tiny PDF whose bytes differ by `marker` (files are stored once per owner by content)."""
    return SimpleUploadedFile(name, PDF + marker.encode(), content_type="application/pdf")


def dossier_objects(registration: Registration, user: User) -> dict:
    regency = registration.regency
    section = registration.cycle.instrument.sections.get(code="T1")
    services.narrative_save(
        registration=registration,
        section=section,
        user=user,
        base_revision=0,
        body=f"<p>Narasi tatanan T1 {regency.name}</p>",
    )
    funding = services.funding_create(
        registration=registration,
        user=user,
        data={
            "data_year": registration.cycle.data_years[-1],
            "source": "apbd",
            "activity": "Pembinaan Pokja desa",
            "amount": "1.250.000",
        },
    )
    evidence = services.funding_evidence_upload(
        funding=funding, user=user, uploaded_file=pdf_upload("dpa.pdf", regency.code)
    )
    document = services.provincial_document_add(
        province=regency.province,
        cycle=registration.cycle,
        user=user,
        kind="decree",
        uploaded_file=pdf_upload("sk.pdf", f"sk {regency.code}"),
        title=f"SK Tim Pembina {regency.code}",
    )
    return {"key": "T1", "funding_id": funding.id, "attachment_id": evidence.id, "document_id": document.id}


def general_data_filled(registration: Registration, user: User) -> None:
    """The general data a submission requires (dossier.readiness), through the real service."""
    services.general_data_update(
        regency=registration.regency,
        user=user,
        base_revision=0,
        data={"leader_name": "Bupati Uji", "tim_pembina_chair": "Sekda Uji", "forum_name": "Forum Uji Sehat"},
    )
