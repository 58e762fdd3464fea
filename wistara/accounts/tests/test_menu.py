"""The API link sits in the menu of those who use the API; its docs page leads back (issue 10)."""

import pytest
from django.urls import reverse

from wistara.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db
API_LINK = 'href="/api/v1/docs"'


def _menu(client) -> str:
    html = client.get("/akun/").content.decode()
    return html.split("</header>")[0]


@pytest.mark.parametrize("role", ["national_admin", "national_verifier", "provincial_verifier"])
def test_national_and_provincial_users_see_the_api_link(world, login, role):
    assert API_LINK in _menu(login(world.user(role)))


@pytest.mark.parametrize("role", ["regency_coordinator", "opd_operator", "leader"])
def test_regency_staff_see_it_only_while_they_hold_a_token(world, login, role):
    user = world.user(role)
    client = login(user)
    assert API_LINK not in _menu(client)
    # Their profile, where tokens are made, still leads to the documentation.
    assert API_LINK in client.get("/akun/").content.decode()
    client.post(reverse("accounts:token-create"), {"name": "sync"})
    assert API_LINK in _menu(client)
    token = user.api_tokens.get()
    client.post(reverse("accounts:token-revoke", args=[token.id]))
    assert API_LINK not in _menu(client)


def test_a_token_made_elsewhere_shows_the_link_from_the_next_session(world, login, client):
    user = world.user("opd_operator")
    assert API_LINK not in _menu(login(user))
    token, _secret = api_token_create(user=user, name="script")
    client.logout()
    assert API_LINK in _menu(login(user))
    api_token_revoke(token=token)
    client.logout()
    assert API_LINK not in _menu(login(user))


def test_the_api_docs_page_links_back_to_wistara(world, login):
    html = login(world.user("national_verifier")).get("/api/v1/docs").content.decode()
    assert 'href="/"' in html and "Kembali ke Wistara" in html
    assert 'href="/akun/"' in html
