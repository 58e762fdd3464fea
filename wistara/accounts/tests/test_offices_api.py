"""The offices endpoints under /api/v1/offices/: same rules as the /opd/ pages."""

import pytest

from wistara.accounts.defaults import DEFAULT_OFFICES
from wistara.accounts.models import Office, Role, RoleAssignment, User
from wistara.accounts.services import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/offices/11.01"
STRONG = "kelapa-muda-Sore-42"


@pytest.fixture
def api(client, world):
    def _api(role: str, method: str, path: str = "", body: dict | None = None):
        _token, secret = api_token_create(user=world.user(role), name="test")
        client.cookies["django_language"] = "en"
        kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
        return getattr(client, method)(URL + path, headers={"Authorization": f"Bearer {secret}"}, **kwargs)

    return _api


def test_it_lists_offices_with_operators(world, api):
    rows = api("leader", "get").json()
    assert sorted(o["short_name"] for o in rows) == ["DLH", "Dinkes"]
    dinkes = next(o for o in rows if o["short_name"] == "Dinkes")
    assert [op["username"] for op in dinkes["operators"]] == ["opd.operator"]
    assert api("other_coordinator", "get").status_code == 404


def test_it_creates_renames_and_deactivates_offices(world, api):
    response = api("regency_coordinator", "post", "", {"short_name": "Disdukcapil", "name": "Dinas X"})
    assert response.status_code == 201
    office_id = response.json()["id"]
    response = api("regency_coordinator", "post", "", {"short_name": "DINKES", "name": "Dinas Kesehatan"})
    assert response.status_code == 400 and "short_name" in response.json()["fields"]
    response = api(
        "regency_coordinator", "patch", f"/{office_id}", {"name": "Dinas Dukcapil", "is_active": False}
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["is_active"]) == ("Dinas Dukcapil", False)
    assert api("national_admin", "post", "/defaults").status_code == 200
    assert Office.objects.filter(regency=world.regency_a1).count() == len(DEFAULT_OFFICES) + 1


def test_it_creates_and_revokes_operators(world, api):
    office = world.office_a1_other
    body = {"username": "dlh.sari", "full_name": "Sari", "password": "123"}
    response = api("regency_coordinator", "post", f"/{office.id}/operators", body)
    assert response.status_code == 400 and "password" in response.json()["fields"]
    response = api("regency_coordinator", "post", f"/{office.id}/operators", body | {"password": STRONG})
    assert response.status_code == 201
    assignment_id = response.json()["assignment_id"]
    assert User.objects.get(username="dlh.sari").check_password(STRONG)
    response = api("regency_coordinator", "post", f"/{office.id}/operators/grant", {"username": "leader"})
    assert response.status_code == 201
    assert api("regency_coordinator", "delete", f"/operators/{assignment_id}").status_code == 204
    assert not RoleAssignment.objects.filter(id=assignment_id).exists()
    assert RoleAssignment.objects.filter(user__username="leader", role=Role.OPD_OPERATOR).exists()


def test_it_answers_403_to_readers_and_404_to_other_tenants(world, api):
    office = world.office_a1
    assignment = RoleAssignment.objects.get(role=Role.OPD_OPERATOR, office=office)
    calls = [
        ("post", "", {"short_name": "X", "name": "X"}),
        ("post", "/defaults", None),
        ("patch", f"/{office.id}", {"is_active": False}),
        ("post", f"/{office.id}/operators", {"username": "x.y", "full_name": "X", "password": STRONG}),
        ("post", f"/{office.id}/operators/grant", {"username": "leader"}),
        ("delete", f"/operators/{assignment.id}", None),
    ]
    for role, status in (
        ("leader", 403),
        ("opd_operator", 403),
        ("provincial_verifier", 403),
        ("national_verifier", 403),
        ("other_coordinator", 404),
    ):
        for method, path, body in calls:
            assert api(role, method, path, body).status_code == status, (role, method, path)
    assert api("national_admin", "patch", f"/{world.office_b1.id}", {"is_active": False}).status_code == 404
    office.refresh_from_db()
    assert office.is_active and RoleAssignment.objects.filter(id=assignment.id).exists()
