"""Test support: the full 16-item kelembagaan of the 2025 instrument on the small test instrument."""

from wistara.instruments.models import Indicator, InstrumentVersion, ScaleOption, Section

ELEMENTS = [
    ("sk", "SK", (100, 0)),
    ("rencana_kerja", "Rencana Kerja", (100, 50, 0)),
    ("anggaran", "Anggaran", (100, 50, 0)),
    ("sekretariat", "Sekretariat", (100, 0)),
]
BODIES = [
    ("K1", "tim_pembina", "Tim Pembina"),
    ("K2", "forum", "Forum Kabupaten/Kota"),
    ("K3", "fkk", "Forum Komunikasi Kecamatan"),
    ("K4", "pokja", "Pokja Desa/Kelurahan"),
]


def full_kelembagaan(version: InstrumentVersion) -> list[Indicator]:
    """Give `version` the four bodies x four elements (K1.1 ... K4.4), keeping what exists."""
    last = version.sections.order_by("-order").first()
    order = (last.order + 1) if last else 0
    out = []
    for number, (code, body, name) in enumerate(BODIES, start=1):
        section, created = Section.objects.get_or_create(
            version=version,
            code=code,
            defaults={
                "kind": "kelembagaan",
                "number": 100 + number,
                "name": name,
                "body": body,
                "order": order,
            },
        )
        order += created
        for position, (element, title, points) in enumerate(ELEMENTS, start=1):
            indicator, made = Indicator.objects.get_or_create(
                section=section,
                number=position,
                defaults={
                    "code": f"{code}.{position}",
                    "name": title,
                    "order": position,
                    "element": element,
                    "data_source": "Bappeda",
                },
            )
            if made:
                for place, value in enumerate(points, start=1):
                    ScaleOption.objects.create(
                        indicator=indicator, position=place, points=value, description=f"Nilai {value}"
                    )
            out.append(indicator)
    return out


def institution_objects(registration, world) -> dict:
    """URL parameters of one institution, decree, meeting and action item of a registered regency
    (for the access matrix): the action item belongs to the office of the regency's item T1.1."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from . import services

    admin = world.user("national_admin")
    regency = registration.regency
    office = registration.responses.get(indicator__code="T1.1").office
    institution = services.institution_get_or_create(regency=regency, body="tim_pembina", user=admin)
    decree = services.decree_add(
        institution=institution,
        user=admin,
        uploaded_file=SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n" + regency.code.encode()),
        data={"number": "1", "signed_on": "2023-01-01", "signer_name": "B", "signer_authority": "bupati"},
    )
    meeting = services.meeting_create(
        regency=regency,
        user=admin,
        data={
            "title": "Rakor",
            "starts_at": (timezone.now() - timedelta(days=1)).isoformat(),
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "Agenda",
            "invited_offices": [office.id],
        },
    )
    item = services.action_item_add(
        meeting=meeting,
        user=admin,
        data={"description": "Tindak lanjut", "office": office.id, "due_on": "2030-01-01"},
    )
    return {
        "institution_id": institution.id,
        "file_id": decree.file_id,
        "kind": "sk",
        "record_id": decree.id,
        "action": "hapus",
        "verb": "remove",
        "body_slug": "tim-pembina",
        "area_body": "fkk",
        "area_code": f"{regency.code}.01",
        "what": "sk",
        "meeting_id": meeting.id,
        "step": "minutes",
        "document": "undangan",
        "item_id": item.id,
        "year": 2024,
    }
