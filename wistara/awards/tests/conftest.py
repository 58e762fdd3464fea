import pytest
from django.core.management import call_command

from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import open_test_cycle, register

WORKBOOK = "wistara/instruments/data/instrumen-kks-2025.xlsx"


@pytest.fixture
def kks(world) -> InstrumentVersion:
    call_command("import_instrument", WORKBOOK, code="KKS-2025", verbosity=0)
    return InstrumentVersion.objects.get(code="KKS-2025")


@pytest.fixture
def registration(world, kks, settings, tmp_path):
    """Regency A1 registered in a KKS-2025 cycle whose self-assessment is open."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return register(world.regency_a1, open_test_cycle(kks, code="KKS-2025"))
