"""The national admin sets, per instrument version, which checks run and their thresholds."""

import pytest

from ..models import CheckSettings, UseCheck
from . import files
from .corpus_text import WATER

pytestmark = pytest.mark.django_db


def test_the_national_admin_changes_the_settings_and_the_findings_follow(
    checked, response, registration, world, login, django_capture_on_commit_callbacks
):
    evidence = checked(response, files.scanned_pdf(WATER.format(years="2024"), ppi=80), name="scan.pdf")
    codes = {f["code"] for f in UseCheck.objects.get(file=evidence.file).findings}
    assert "low_resolution" in codes
    client = login(world.user("national_admin"))
    assert client.get("/admin/evidence_checks/checksettings/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/admin/evidence_checks/checksettings/add/",
            {
                "version": registration.cycle.instrument_id,
                "checks": ["opens", "legibility"],
                "min_ppi": "60",
                "min_sharpness": "120",
                "match_ratio": "1.5",
                "photo_needs_gps": "on",
            },
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    settings = CheckSettings.objects.get()
    assert settings.checks == ["opens", "legibility"] and settings.revision == 2
    codes = {f["code"] for f in UseCheck.objects.get(file=evidence.file).findings}
    assert codes == set()  # 80 ppi passes 60; years, indicator and signature checks are off
    assert client.get("/admin/evidence_checks/indicatorwords/").status_code == 200
    assert login(world.user("regency_coordinator")).get(
        "/admin/evidence_checks/checksettings/"
    ).status_code in (302, 403)
