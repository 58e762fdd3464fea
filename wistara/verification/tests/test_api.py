import pytest

from wistara.dossier.testing import general_data_filled
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db
API = "/api/v1/verification/11.01/TEST-2025"


def test_it_runs_the_workflow_through_the_api(world, client):
    registration = register(world.regency_a1)
    general_data_filled(registration, world.user("regency_coordinator"))
    client.force_login(world.user("regency_coordinator"))
    refused = client.post(API + "/submit", {}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["items"][0] == "T1.1"
    ok = client.post(API + "/submit", {"confirm_incomplete": True}, content_type="application/json")
    assert ok.json() == {"status": "submitted"}
    client.force_login(world.user("provincial_verifier"))
    item = registration.responses.get(indicator__code="T1.1")
    saved = client.post(
        f"{API}/provincial/reviews/{item.id}",
        {"verdict": "needs_correction", "note": "Tanda tangan"},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["round"] == 1
    assert client.post(API + "/provincial/return").json() == {"status": "provincial_returned"}
    reviews = client.get(API + "/provincial/reviews").json()
    assert [r["indicator"] for r in reviews] == ["T1.1"]
    award = client.get(API + "/award").json()
    assert award["category"] is None and award["what_if"]["target"] == "padapa"
    client.force_login(world.user("leader"))
    denied = client.post(API + "/decision", {"reason": "x"}, content_type="application/json")
    assert denied.status_code == 403 and denied.json()["detail"]
