import pytest
from django.test import override_settings

from wistara.accounts.models import LoginThrottle
from wistara.testing.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/akun/masuk/"


def _post(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_logs_in_and_lands_home(world, client):
    response = _post(client, "regency.coordinator", TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/", follow=True).request["PATH_INFO"] == "/wilayah/kabupaten/11.01/"


def test_it_refuses_a_wrong_password_in_indonesian(world, client):
    response = _post(client, "regency.coordinator", "wrong")
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
def test_it_locks_an_account_after_repeated_failures(world, client):
    for _ in range(3):
        _post(client, "Regency.Coordinator ", "wrong")
    response = _post(client, "regency.coordinator", TEST_PASSWORD)
    assert response.status_code == 200
    assert "terkunci" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_unlocks_after_the_lockout_window(world, client):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(3):
        _post(client, "regency.coordinator", "wrong")
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert _post(client, "regency.coordinator", TEST_PASSWORD).status_code == 302
    assert not LoginThrottle.objects.exists()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_forgets_failures_after_a_success(world, client):
    for _ in range(2):
        _post(client, "regency.coordinator", "wrong")
    assert _post(client, "regency.coordinator", TEST_PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        _post(client, "regency.coordinator", "wrong")
    assert _post(client, "regency.coordinator", TEST_PASSWORD).status_code == 302


def test_it_logs_out_on_post_only(world, client):
    client.force_login(world.user("leader"))
    assert client.post("/akun/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(world, client):
    user = UserFactory(username="changer")
    client.force_login(user)
    response = client.post("/akun/sandi/", {
        "old_password": TEST_PASSWORD, "new_password1": "Sehat-Mandiri-2025!",
        "new_password2": "Sehat-Mandiri-2025!",
    })
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sehat-Mandiri-2025!")


def test_it_rejects_a_weak_new_password_with_a_message(world, client):
    client.force_login(UserFactory(username="weak"))
    response = client.post("/akun/sandi/", {
        "old_password": TEST_PASSWORD, "new_password1": "12345", "new_password2": "12345",
    })
    assert response.status_code == 200
    assert "terlalu pendek" in response.content.decode()


def test_it_switches_to_english(world, client):
    client.force_login(world.user("leader"))
    page = client.get("/akun/").content.decode()
    assert "Peran saya" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/akun/"})
    assert "My roles" in client.get("/akun/").content.decode()


def test_it_speaks_indonesian_even_to_an_english_browser(world, client):
    client.force_login(world.user("leader"))
    page = client.get("/akun/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert "Peran saya" in page
