"""Bad input answers 4xx with a message, never 500 (issue 14), on SQLite and PostgreSQL alike.

Found by attacking the running application: integers of 2**63 or more in JSON bodies (SQLite
cannot bind them), a meeting in year 0001, a NUL byte in an API text field or a region code in a
URL (PostgreSQL cannot store it), a cycle in 9999.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.services.cycles import cycle_open
from wistara.testing.assessments import register
from wistara.testing.factories import small_instrument

pytestmark = pytest.mark.django_db

HUGE = 2**63
MEETING = {
    "title": "Rakor",
    "starts_at": "2030-01-01T09:00:00+07:00",
    "place": "Aula",
    "chair": "Sekda",
    "agenda": "A",
}


@pytest.fixture
def coordinator(world, client):
    client.raise_request_exception = False  # a 500 must show as a 500, not as a test error
    client.force_login(world.user("regency_coordinator"))
    return client


def _json(client, method, url, body):
    import json

    return client.generic(method, url, data=json.dumps(body), content_type="application/json")


def test_an_id_of_2_63_or_more_in_a_json_body_is_400(world, coordinator):
    registration = register(world.regency_a1)
    item = registration.responses.get(indicator__code="T1.1")
    answer = _json(
        coordinator, "PATCH", f"/api/v1/assessments/responses/{item.id}", {"revision": 0, "option_id": HUGE}
    )
    assert answer.status_code in (400, 422), answer.content
    base = f"/api/v1/institutions/11.01/{registration.cycle.code}"
    for body in ({**MEETING, "invited_offices": [HUGE]},):
        got = _json(coordinator, "POST", f"{base}/meetings", body)
        assert got.status_code in (400, 422), got.content
    got = _json(coordinator, "POST", f"{base}/handover", {"predecessor": HUGE, "successor": HUGE})
    assert got.status_code in (400, 404, 422), got.content


def test_a_meeting_in_year_0001_is_refused_with_a_message(world, coordinator):
    registration = register(world.regency_a1)
    got = _json(
        coordinator,
        "POST",
        f"/api/v1/institutions/11.01/{registration.cycle.code}/meetings",
        {**MEETING, "starts_at": "0001-01-01T00:00:00"},
    )
    assert got.status_code in (400, 422) and "2000" in got.content.decode()


def test_a_nul_byte_in_a_text_field_or_a_region_code_is_400(world, coordinator):
    registration = register(world.regency_a1)
    got = _json(
        coordinator,
        "POST",
        f"/api/v1/institutions/11.01/{registration.cycle.code}/meetings",
        {**MEETING, "title": "Rakor\u0000"},
    )
    assert got.status_code == 400 and "NUL" in got.json()["detail"]
    assert coordinator.get("/api/v1/regions/regencies/11.01%00/districts").status_code == 400
    assert coordinator.get("/wilayah/kabupaten/11.01%00/").status_code == 400


def test_a_cycle_in_9999_is_refused(world):
    from wistara.assessments.services.cycles import MILESTONES

    milestones = {name: date(9999, 1, 1) for name in MILESTONES}
    with pytest.raises(ValidationError) as caught:
        cycle_open(code="KKS-9999", name="x", instrument=small_instrument("T-9999"), **milestones)
    assert "2100" in str(caught.value)
