from pathlib import Path

import pytest

from wistara.dossier.testing import general_data_filled
from wistara.testing.assessments import register
from wistara.verification.services import submission_submit


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


@pytest.fixture
def coordinator(world):
    return world.user("regency_coordinator")


@pytest.fixture
def submitted(registration, coordinator):
    """The registration submitted to the province (items incomplete, confirmed)."""
    general_data_filled(registration, coordinator)
    submission_submit(registration=registration, user=coordinator, confirm_incomplete=True)
    registration.refresh_from_db()
    return registration


def stored(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())
