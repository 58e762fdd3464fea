import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("national_admin", "/"),
        ("national_verifier", "/"),
        ("provincial_verifier", "/verifikasi/antrean/"),  # the regencies waiting for review
        ("regency_coordinator", "/wilayah/kabupaten/11.01/"),
        ("opd_operator", "/wilayah/kabupaten/11.01/"),
        ("leader", "/wilayah/kabupaten/11.01/"),
    ],
)
def test_it_sends_each_role_to_its_home(world, client, role, lands_on):
    client.force_login(world.user(role))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == lands_on


def test_it_shows_the_nation_its_provinces(world, client):
    client.force_login(world.user("national_verifier"))
    body = client.get("/").content.decode()
    assert "PROVINSI A" in body and "PROVINSI B" in body


def test_it_lets_a_user_with_two_regencies_choose(world, client):
    from wistara.accounts.models import Role
    from wistara.accounts.services import role_grant

    user = world.user("leader")
    role_grant(user=user, role=Role.LEADER, regency=world.regency_a2)
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "KABUPATEN A SATU" in body and "KOTA A DUA" in body
    assert "KABUPATEN B SATU" not in body


def test_it_tells_a_user_without_a_role_what_to_do(world, client):
    client.force_login(world.user("no_role"))
    assert "belum memiliki peran" in client.get("/").content.decode()


def test_it_marks_the_operators_own_office(world, client):
    client.force_login(world.user("opd_operator"))
    body = client.get("/wilayah/kabupaten/11.01/").content.decode()
    assert "kantor saya" in body
