"""Offices (OPD) and their operators: the /opd/ pages and the rules in the services."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wistara.accounts import services
from wistara.accounts.access import scope_for
from wistara.accounts.defaults import DEFAULT_OFFICES
from wistara.accounts.models import Office, Role, RoleAssignment, User
from wistara.assessments.services import response_assign
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db

BASE = "/opd/11.01/"
STRONG = "kelapa-muda-Sore-42"


@pytest.fixture
def as_user(client, world):
    def _as(role: str, language: str = "en"):
        client.force_login(world.user(role))
        client.cookies["django_language"] = language
        return client

    return _as


def _new_operator(**changes) -> dict:
    return {
        "mode": "new",
        "username": "dinkes.budi",
        "full_name": "Budi Santoso",
        "position": "Staf Kesling",
        "email": "budi@example.id",
        "password1": STRONG,
        "password2": STRONG,
        **changes,
    }


def test_it_lists_the_offices_with_their_operators(world, as_user):
    response = as_user("regency_coordinator").get(BASE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dinkes" in page and "DLH" in page and "Opd Operator" in page
    assert "Add an office" in page and "Revoke" in page
    dinkes = next(o for o in response.context["offices"] if o.short_name == "Dinkes")
    assert [a.user.username for a in dinkes.operators] == ["opd.operator"]


def test_it_shows_the_list_read_only_to_others_who_see_the_regency(world, as_user):
    for role in ("leader", "opd_operator", "provincial_verifier", "national_verifier"):
        response = as_user(role).get(BASE)
        assert response.status_code == 200
        assert "Add an office" not in response.content.decode()


def test_it_answers_404_to_other_tenants_and_403_to_readers_on_every_change(world, as_user):
    office, assignment = (
        world.office_a1,
        RoleAssignment.objects.get(role=Role.OPD_OPERATOR, office=world.office_a1),
    )
    writes = [
        ("get", "baru/"),
        ("post", "baru/"),
        ("post", "standar/"),
        ("get", f"{office.id}/"),
        ("post", f"{office.id}/"),
        ("post", f"{office.id}/aktif/"),
        ("get", f"{office.id}/operator/"),
        ("post", f"{office.id}/operator/"),
        ("post", f"operator/{assignment.id}/cabut/"),
    ]
    for role, status in (
        ("leader", 403),
        ("opd_operator", 403),
        ("provincial_verifier", 403),
        ("national_verifier", 403),
        ("other_coordinator", 404),
        ("no_role", 404),
    ):
        client = as_user(role)
        for method, path in writes:
            assert getattr(client, method)(BASE + path).status_code == status, (role, method, path)
    assert as_user("other_coordinator").get(BASE).status_code == 404
    assert RoleAssignment.objects.filter(id=assignment.id).exists() and office.is_active


def test_it_adds_edits_and_refuses_duplicate_offices(world, as_user):
    client = as_user("regency_coordinator")
    response = client.post(BASE + "baru/", {"short_name": " Disdukcapil ", "name": "Dinas Dukcapil"})
    assert response.status_code == 302 and response["Location"] == BASE
    office = Office.objects.get(regency=world.regency_a1, short_name="Disdukcapil")
    response = client.post(BASE + "baru/", {"short_name": "dinkes", "name": "Dinas Kesehatan"})
    assert response.status_code == 400
    assert "already has an office with the short name" in response.content.decode()
    response = client.post(BASE + "baru/", {"short_name": "X", "name": ""})
    assert response.status_code == 400 and "name" in response.context["form"].errors
    response = client.post(f"{BASE}{office.id}/", {"short_name": "Dukcapil", "name": "Dinas Dukcapil"})
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.short_name == "Dukcapil"
    response = client.post(f"{BASE}{office.id}/", {"short_name": "DLH", "name": "x"})
    assert response.status_code == 400 and "DLH" in response.content.decode()


def test_it_lets_a_national_admin_manage_any_regency(world, as_user):
    client = as_user("national_admin")
    assert client.post("/opd/12.01/baru/", {"short_name": "DLH", "name": "Dinas LH"}).status_code == 302
    assert Office.objects.filter(regency=world.regency_b1, short_name="DLH").exists()
    # An office is reached only under its own regency's address.
    assert client.get(f"{BASE}{world.office_b1.id}/").status_code == 404


def test_it_deactivates_and_reactivates_an_office_without_deleting_it(world, as_user):
    client = as_user("regency_coordinator")
    assert client.post(f"{BASE}{world.office_a1.id}/aktif/").status_code == 302
    world.office_a1.refresh_from_db()
    assert world.office_a1.is_active is False
    page = client.get(BASE).content.decode()
    assert "Reactivate" in page and f"{BASE}{world.office_a1.id}/operator/" not in page
    client.post(f"{BASE}{world.office_a1.id}/aktif/")
    world.office_a1.refresh_from_db()
    assert world.office_a1.is_active is True


def test_it_refuses_a_deactivated_office_wherever_it_would_be_chosen(world, as_user):
    registration = register(world.regency_a1)
    services.office_deactivate(office=world.office_a1_other)
    response = registration.responses.first()
    with translation.override("en"), pytest.raises(ValidationError, match="no longer active"):
        response_assign(response=response, office=world.office_a1_other, user=None)
    reply = as_user("regency_coordinator").post(
        f"{BASE}{world.office_a1_other.id}/operator/", _new_operator()
    )
    assert reply.status_code == 400 and "no longer active" in reply.content.decode()
    assert not User.objects.filter(username="dinkes.budi").exists()


def test_it_adds_the_usual_offices_once(world, as_user):
    client = as_user("regency_coordinator")
    response = client.post(BASE + "standar/", follow=True)
    assert Office.objects.filter(regency=world.regency_a1).count() == len(DEFAULT_OFFICES)
    # The world's regency already has Dinkes and DLH.
    assert f"{len(DEFAULT_OFFICES) - 2} usual offices added" in response.content.decode()
    response = client.post(BASE + "standar/", follow=True)
    assert "already has all the usual offices" in response.content.decode()
    assert Office.objects.filter(regency=world.regency_a1).count() == len(DEFAULT_OFFICES)


def test_it_creates_an_operator_account_that_can_log_in(world, as_user, client):
    response = as_user("regency_coordinator").post(f"{BASE}{world.office_a1.id}/operator/", _new_operator())
    assert response.status_code == 302
    user = User.objects.get(username="dinkes.budi")
    assert (user.full_name, user.position, user.email) == ("Budi Santoso", "Staf Kesling", "budi@example.id")
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.office, assignment.regency, assignment.granted_by) == (
        Role.OPD_OPERATOR,
        world.office_a1,
        world.regency_a1,
        world.user("regency_coordinator"),
    )
    client.logout()
    # Through the login page: django-axes (issue 14) needs the request a sign-in comes with.
    signed_in = client.post("/akun/masuk/", {"username": "dinkes.budi", "password": STRONG})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"password1": "budi12345", "password2": "budi12345"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password2": "something-else-99"}, "password2", "differ"),
        ({"username": "Opd.Operator"}, "username", "taken"),
        ({"username": "budi santoso!"}, "username", "valid username"),
        ({"full_name": ""}, "full_name", "required"),
    ],
)
def test_it_refuses_a_bad_operator_account_with_a_clear_message(world, as_user, changes, field, expected):
    response = as_user("regency_coordinator").post(
        f"{BASE}{world.office_a1.id}/operator/", _new_operator(**changes)
    )
    assert response.status_code == 400
    errors = " ".join(response.context["new_form"].errors[field])
    assert expected in errors
    assert not User.objects.filter(full_name="Budi Santoso").exists()


def test_it_explains_a_weak_password_in_indonesian_by_default(world, as_user):
    response = as_user("regency_coordinator", language="id").post(
        f"{BASE}{world.office_a1.id}/operator/", _new_operator(password1="abc", password2="abc")
    )
    assert "terlalu pendek" in " ".join(response.context["new_form"].errors["password1"])


def test_it_makes_an_existing_user_of_the_regency_an_operator(world, as_user):
    client = as_user("regency_coordinator")
    response = client.post(
        f"{BASE}{world.office_a1_other.id}/operator/", {"mode": "existing", "username": "opd.operator"}
    )
    assert response.status_code == 302
    operator = User.objects.get(username="opd.operator")
    assert world.office_a1_other.id in scope_for(operator).operator_office_ids
    for username in ("coordinator.b", "nobody.here"):
        response = client.post(
            f"{BASE}{world.office_a1.id}/operator/", {"mode": "existing", "username": username}
        )
        assert response.status_code == 400
        assert "No active user with that username works in" in response.content.decode()
    response = client.post(
        f"{BASE}{world.office_a1.id}/operator/", {"mode": "existing", "username": "opd.operator"}
    )
    assert "already an operator" in response.content.decode()


def test_it_revokes_an_operator_and_keeps_the_account(world, as_user):
    assignment = RoleAssignment.objects.get(role=Role.OPD_OPERATOR, office=world.office_a1)
    client = as_user("regency_coordinator")
    coordinator_role = RoleAssignment.objects.get(role=Role.REGENCY_COORDINATOR, regency=world.regency_a1)
    assert client.post(f"{BASE}operator/{coordinator_role.id}/cabut/").status_code == 404
    b1_admin = as_user("other_coordinator")
    assert b1_admin.post(f"{BASE}operator/{assignment.id}/cabut/").status_code == 404
    response = as_user("regency_coordinator").post(f"{BASE}operator/{assignment.id}/cabut/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(id=assignment.id).exists()
    operator = User.objects.get(username="opd.operator")
    assert operator.is_active and not scope_for(operator).operator_office_ids


def test_it_refuses_to_revoke_another_role_through_the_operator_service(world):
    with translation.override("en"), pytest.raises(ValidationError, match="operator"):
        services.office_user_revoke(assignment=RoleAssignment.objects.get(role=Role.LEADER))
