"""Issue 15: the admin changes accounts only through their services (and so the audit trail),
or shows the rows read only and links to the page that changes them; its role list stays cheap."""

import re

import pytest

from wistara.accounts.models import Office, Role, RoleAssignment, User
from wistara.accounts.services import role_grant
from wistara.audit.models import AuditEvent
from wistara.testing.factories import OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = "/admin/accounts/roleassignment/"


@pytest.fixture
def admin_client(world, login):
    return login(world.user("national_admin"))


def events(obj) -> list[str]:
    rows = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return list(rows.order_by("sequence").values_list("action", flat=True))


def test_the_role_list_reads_one_page_in_a_fixed_number_of_queries(
    world, admin_client, django_assert_max_num_queries
):
    for number in range(40):  # more rows than the queries a page may take
        office = OfficeFactory(regency=world.regency_b1, short_name=f"OPD{number}")
        role_grant(
            user=UserFactory(username=f"operator{number}"),
            role=Role.OPD_OPERATOR,
            regency=world.regency_b1,
            office=office,
        )
    with django_assert_max_num_queries(15):
        answer = admin_client.get(ROLES)
    assert answer.status_code == 200
    assert "OPD39" in answer.content.decode()


def test_the_role_lists_columns_are_named_in_the_users_language(world, admin_client):
    page = admin_client.get(ROLES).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>.*?<div class="text">(?:<a [^>]*>)?([^<]+)<', page, re.S)
    expected = ["Pengguna", "Peran", "Provinsi", "Kab/kota", "Perangkat daerah (OPD)", "Diberikan pada"]
    assert headers == expected


def test_a_grant_in_the_admin_goes_through_the_service_and_reaches_the_trail(world, admin_client):
    user = UserFactory(username="new.verifier")
    refused = admin_client.post(f"{ROLES}add/", {"user": user.id, "role": Role.PROVINCIAL_VERIFIER})
    assert refused.status_code == 200 and not user.role_assignments.exists()  # no province: refused
    answer = admin_client.post(
        f"{ROLES}add/", {"user": user.id, "role": Role.PROVINCIAL_VERIFIER, "province": world.province_b.id}
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    grant = user.role_assignments.get()
    assert grant.province == world.province_b and grant.granted_by == world.user("national_admin")
    assert events(grant) == ["row.created"]


def test_a_grant_is_never_changed_in_place_and_its_deletion_is_a_revocation(world, admin_client):
    grant = RoleAssignment.objects.get(user=world.user("leader"))
    assert (
        admin_client.post(
            f"{ROLES}{grant.id}/change/", {"user": grant.user_id, "role": Role.NATIONAL_ADMIN}
        ).status_code
        == 403
    )
    grant.refresh_from_db()
    assert grant.role == Role.LEADER
    assert admin_client.get(f"{ROLES}{grant.id}/change/").status_code == 200  # still shown
    answer = admin_client.post(f"{ROLES}{grant.id}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert not RoleAssignment.objects.filter(id=grant.id).exists()
    assert events(grant)[-1] == "row.deleted"


def test_a_users_profile_changes_through_the_service_but_not_its_username(world, admin_client):
    leader = world.user("leader")
    answer = admin_client.post(
        f"/admin/accounts/user/{leader.id}/change/",
        {
            "username": "renamed",
            "full_name": "Bupati Baru",
            "email": "bupati@example.go.id",
            "position": "Bupati",
            "phone": "0812",
            "is_active": "on",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    leader.refresh_from_db()
    assert (leader.username, leader.full_name, leader.position) == ("leader", "Bupati Baru", "Bupati")
    assert events(leader)[-1] == "row.updated"
    assert leader.role_assignments.count() == 1  # roles are shown on the page, not edited there
    page = admin_client.get(f"/admin/accounts/user/{leader.id}/change/").content.decode()
    assert f"{ROLES}add/?user={leader.id}" in page


def test_a_user_added_in_the_admin_is_made_by_the_service(admin_client):
    answer = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "baru",
            "full_name": "Pegawai Baru",
            "password1": "Rahasia-Kuat-2025",
            "password2": "Rahasia-Kuat-2025",
            "usable_password": "true",
        },
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    user = User.objects.get(username="baru")
    assert user.full_name == "Pegawai Baru" and user.check_password("Rahasia-Kuat-2025")
    assert events(user) == ["row.created"]
    assert admin_client.post(f"/admin/accounts/user/{user.id}/delete/", {"post": "yes"}).status_code == 403


def test_offices_are_read_only_in_the_admin_and_link_to_their_page(world, admin_client):
    office = world.office_a1
    page = admin_client.get("/admin/accounts/office/").content.decode()
    assert f"/opd/{office.regency.code}/{office.id}/" in page
    assert (
        admin_client.post(
            f"/admin/accounts/office/{office.id}/change/",
            {"short_name": "X", "name": "X", "regency": office.regency_id},
        ).status_code
        == 403
    )
    assert admin_client.get("/admin/accounts/office/add/").status_code == 403
    assert Office.objects.get(id=office.id).short_name == office.short_name
