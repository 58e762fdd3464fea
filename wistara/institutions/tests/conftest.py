import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.institutions.testing import full_kelembagaan
from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import register

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "sk.pdf", salt: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + salt.encode())


@pytest.fixture
def registration(world):
    full_kelembagaan(InstrumentVersion.objects.get(code="TEST-2025"))
    return register(world.regency_a1)


@pytest.fixture
def coordinator(world):
    return world.user("regency_coordinator")
