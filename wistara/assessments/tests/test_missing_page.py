"""The what-is-missing page: "Send to the office" (issue 10 item 7, issue 12) is a form that
notifies the office's own users inside Wistara, shown only to who may change the regency; no
operator address is ever on the page."""

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
def test_it_offers_the_send_form_to_who_may_change_the_regency(
    response, world, client, operator_address, role
):
    client.force_login(world.user(role))
    body = client.get(URL).content.decode()
    assert 'action="/ruang/11.01/TEST-2025/kekurangan/kirim/"' in body
    assert "mailto:" not in body and ADDRESS not in body


@pytest.mark.parametrize(
    "role", ["leader", "office_head", "opd_operator", "provincial_verifier", "national_verifier"]
)
def test_it_keeps_the_send_form_from_other_readers(response, world, client, operator_address, role):
    client.force_login(world.user(role))
    page = client.get(URL)
    body = page.content.decode()
    assert page.status_code == 200 and "Dinkes" in body
    assert ADDRESS not in body and "kekurangan/kirim/" not in body
