import pytest

from wistara.accounts.models import ApiToken
from wistara.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def _get(client, url, secret):
    return client.get(url, headers={"Authorization": f"Bearer {secret}"})


def test_it_authenticates_the_api_with_a_token(world, client):
    _token, secret = api_token_create(user=world.user("regency_coordinator"), name="sync")
    response = _get(client, "/api/v1/me", secret)
    assert response.status_code == 200
    assert response.json()["username"] == "regency.coordinator"
    assert _get(client, "/api/v1/workspaces/regencies/11.01", secret).status_code == 200
    assert _get(client, "/api/v1/workspaces/regencies/12.01", secret).status_code == 404


def test_it_stores_only_a_digest(world):
    token, secret = api_token_create(user=world.user("leader"), name="x")
    assert secret.split("_", 2)[2] not in token.digest
    assert len(token.digest) == 64


def test_it_refuses_revoked_forged_and_inactive_tokens(world, client):
    token, secret = api_token_create(user=world.user("leader"), name="x")
    assert _get(client, "/api/v1/me", secret + "x").status_code == 401
    assert _get(client, "/api/v1/me", "wst_nope_nope").status_code == 401
    api_token_revoke(token=token)
    assert _get(client, "/api/v1/me", secret).status_code == 401
    _token2, secret2 = api_token_create(user=world.user("leader"), name="y")
    world.user("leader").__class__.objects.filter(username="leader").update(is_active=False)
    assert _get(client, "/api/v1/me", secret2).status_code == 401


def test_it_creates_and_revokes_tokens_from_the_account_page(world, client):
    client.force_login(world.user("opd_operator"))
    response = client.post("/akun/token/", {"name": "Spreadsheet Dinkes"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get(name="Spreadsheet Dinkes")
    assert client.post(f"/akun/token/{token.id}/cabut/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert _get(client, "/api/v1/me", secret).status_code == 401


def test_it_explains_a_missing_token_name(world, client):
    client.force_login(world.user("opd_operator"))
    response = client.post("/akun/token/", {"name": "  "})
    assert response.status_code == 400
    assert "tidak boleh kosong" in response.content.decode().lower()


def test_it_needs_csrf_for_session_writes_through_the_api(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("leader"))
    assert client.get("/api/v1/me").status_code == 200
