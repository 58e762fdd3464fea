"""The what-is-missing page shows operators' e-mail addresses only to who may change the regency."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/ruang/11.01/TEST-2025/kekurangan/"
ADDRESS = "operator.dinkes@example.org"


@pytest.fixture
def operator_address(world):
    operator = world.user("opd_operator")
    operator.email = ADDRESS
    operator.save(update_fields=["email"])


@pytest.mark.parametrize("role", ["regency_coordinator", "national_admin"])
def test_it_fills_the_send_link_for_who_may_change_the_regency(response, world, client, operator_address,
                                                               role):
    client.force_login(world.user(role))
    body = client.get(URL).content.decode()
    assert f"mailto:{ADDRESS}?subject=" in body


@pytest.mark.parametrize("role", ["leader", "office_head", "opd_operator", "provincial_verifier",
                                  "national_verifier"])
def test_it_keeps_the_addresses_from_other_readers(response, world, client, operator_address, role):
    client.force_login(world.user(role))
    page = client.get(URL)
    body = page.content.decode()
    assert page.status_code == 200 and "Dinkes" in body
    assert ADDRESS not in body
    assert 'href="mailto:?subject=' in body  # the link is still there, without an addressee
