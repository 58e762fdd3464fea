from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.accounts.models import Role, RoleAssignment
from wistara.accounts.services import role_grant
from wistara.bulk.testing import bulk_objects
from wistara.dossier.testing import dossier_objects
from wistara.evidence.services import evidence_upload
from wistara.institutions.testing import institution_objects
from wistara.testing.assessments import register
from wistara.testing.factories import UserFactory
from wistara.testing.world import World


@dataclass
class Tenants:
    """Every regency of the world registered, with one object of each kind per regency."""

    world: World
    objects: dict[str, dict]

    def params(self, regency_code: str, *, province: bool = False) -> dict:
        values = dict(self.objects[regency_code])
        if province:
            values["code"] = self.world_province(regency_code)
        return values

    def world_province(self, regency_code: str) -> str:
        return regency_code.split(".")[0]


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _objects(registration, world) -> dict:
    regency = registration.regency
    item = registration.responses.get(indicator__code="T1.1")
    upload = SimpleUploadedFile("laporan.pdf", PDF + regency.code.encode())
    evidence = evidence_upload(
        response=item, uploaded_file=upload, data_year=2023, kind="report", user=world.user("national_admin")
    )
    return {
        "code": regency.code,
        "regency_code": regency.code,
        "cycle_code": registration.cycle.code,
        "response_id": item.id,
        "office_id": item.office_id,
        "evidence_id": evidence.id,
        "level": "provincial",
        "section_code": "T1",
        "village_code": f"{regency.code}.01.2001",
        "assignment_id": _operator(item.office).id,
        **dossier_objects(registration, world.user("national_admin")),
        **institution_objects(registration, world),
        **bulk_objects(registration),  # issue 10: a planned bulk validation of T1.1
    }


def _operator(office):
    """An operator of the office (the world has one only in 11.01)."""
    found = RoleAssignment.objects.filter(office=office, role=Role.OPD_OPERATOR).first()
    return found or role_grant(
        user=UserFactory(), role=Role.OPD_OPERATOR, regency=office.regency, office=office
    )


@pytest.fixture
def tenants(world, settings, tmp_path) -> Tenants:
    settings.MEDIA_ROOT = tmp_path / "media"
    objects = {}
    for regency in (world.regency_a1, world.regency_a2, world.regency_b1):
        objects[regency.code] = _objects(register(regency), world)
    return Tenants(world, objects)
