import pytest

from wistara.bulk.testing import PDF, complete, item, validate  # noqa: F401 - the tests' helpers
from wistara.institutions.testing import full_kelembagaan
from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import register


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
