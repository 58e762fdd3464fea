from pathlib import Path

import pytest

from wistara.assessments.models import Response
from wistara.testing.assessments import register

from ..models import Evidence, EvidenceFile


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


def _response(registration, office, code: str) -> Response:
    response = registration.responses.select_related(
        "registration__cycle__instrument", "registration__regency", "indicator"
    ).get(indicator__code=code)
    Response.objects.filter(pk=response.pk).update(office=office)
    response.office = office
    return response


@pytest.fixture
def response(registration, world) -> Response:
    """Indicator T1.1 of regency A1, assigned to its office Dinkes (the opd_operator's)."""
    return _response(registration, world.office_a1, "T1.1")


@pytest.fixture
def other_response(registration, world) -> Response:
    return _response(registration, world.office_a1, "T1.2")


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def assert_nothing_left(media: Path) -> None:
    assert not Evidence.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == []
