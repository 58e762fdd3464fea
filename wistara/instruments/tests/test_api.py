"""The instruments API gives every signed-in user a version's award rules (issue 13 item 7), so
a province or a regency can read by which rules a category is decided without the page."""

from decimal import Decimal

import pytest

from wistara.instruments.models import InstrumentVersion
from wistara.instruments.services import award_rules_mark_used, award_settings_update

pytestmark = pytest.mark.django_db


def test_a_version_answers_with_its_award_rules_as_set(world, login):
    version = InstrumentVersion.objects.get(code="TEST-2025")  # the world's instrument
    award_settings_update(
        version=version,
        values={"band_edge": "exclusive", "min_tatanan_percent": Decimal("55.5"), "percent_decimals": 0},
    )
    award_rules_mark_used(version=version)
    client = login(world.user("regency_coordinator"))
    answer = client.get(f"/api/v1/instruments/{version.code}")
    assert answer.status_code == 200
    rules = answer.json()["award_rules"]
    assert rules["band_edge"] == "exclusive"
    assert rules["min_tatanan_percent"] == 55.5
    assert rules["percent_decimals"] == 0
    assert rules["odf_denominator"] == "all_villages" and rules["odf_status"] == "claimed"
    assert rules["score_method"] == "per_indicator" and rules["kelembagaan_pass_mark"] == 60
    assert rules["rules_used_at"] is not None
