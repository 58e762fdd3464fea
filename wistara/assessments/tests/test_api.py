import pytest

pytestmark = pytest.mark.django_db
REG = "/api/v1/assessments/registrations/11.01/TEST-2025"


def test_it_reports_progress_through_the_api(registration, world, client):
    client.force_login(world.user("leader"))
    data = client.get(REG + "/progress").json()
    assert data["items"] == 5 and data["target_category"] == "wiwerda"
    assert [c["category"] for c in data["categories"]] == ["padapa", "wiwerda", "wistara"]
    assert data["categories"][0]["unmet"]


def test_it_saves_an_item_and_answers_409_to_a_stale_revision(response, world, client):
    client.force_login(world.user("opd_operator"))
    option = response.indicator.options.get(points=100).id
    url = f"/api/v1/assessments/responses/{response.id}"
    ok = client.patch(
        url, {"revision": 0, "option_id": option, "value_curr": "5"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["points"] == 100
    stale = client.patch(url, {"revision": 0, "unit": "x"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current_revision"] == 1
    assert {c["field"] for c in stale.json()["changes"]} == {"option", "value_curr"}
    history = client.get(url + "/history").json()
    assert len(history) == 2


def test_it_refuses_a_status_no_item_can_have_as_input(response, world, client):
    client.force_login(world.user("regency_coordinator"))
    answer = client.post(
        f"/api/v1/assessments/responses/{response.id}/status",
        {"revision": 0, "status": "actual"},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "status" in answer.json()["fields"]


def test_it_limits_an_operator_to_its_offices_items(registration, response, world, client):
    client.force_login(world.user("opd_operator"))
    items = client.get(REG + "/responses").json()
    assert [i["indicator"] for i in items] == ["T1.1", "T2.1"]
    other = registration.responses.get(indicator__code="T1.2")
    assert client.get(f"/api/v1/assessments/responses/{other.id}").status_code == 404


def test_it_hides_registrations_from_other_tenants(registration, world, client):
    client.force_login(world.user("other_coordinator"))
    assert client.get(REG).status_code == 404
    assert client.get(REG + "/progress").status_code == 404


def test_it_registers_through_the_api(world, client):
    from wistara.testing.assessments import open_test_cycle

    open_test_cycle()
    client.force_login(world.user("regency_coordinator"))
    created = client.post(
        REG, {"target_category": "padapa", "lokus_districts": ["11.01.01"]}, content_type="application/json"
    )
    assert created.status_code == 201
    again = client.post(REG, {"target_category": "padapa"}, content_type="application/json")
    assert again.status_code == 400 and "sudah terdaftar" in again.json()["detail"]


def test_it_lists_what_is_missing_and_assigns_through_the_api(registration, world, client):
    client.force_login(world.user("regency_coordinator"))
    missing = client.get(REG + "/missing").json()
    assert {m["office"] for m in missing} >= {"Dinkes", "DLH"}
    assert "belum ada pilihan nilai" in missing[0]["items"][0]["reasons"]
    moved = client.post(
        REG + "/assign-section",
        {"section_code": "T2", "office_id": world.office_a1.id},
        content_type="application/json",
    )
    assert moved.json() == {"assigned": 2}
    progress = client.get(REG + "/progress").json()
    assert [m["state"] for m in progress["milestones"]][0] == "current"
    client.force_login(world.user("leader"))
    refused = client.post(REG + "/assign-suggested", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"]
