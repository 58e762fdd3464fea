import pytest
from django.test import override_settings

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


# Sign-in throttling with django-axes (issue 14): by address and username together, and by
# address alone; on the login page and on /admin/login/; a password reset unlocks.


def _from(client, address, username, password, path=LOGIN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_it_locks_an_address_and_username_after_repeated_failures(world, client):
    for _ in range(3):
        _from(client, "10.0.0.1", "Regency.Coordinator ", "wrong")
    response = _from(client, "10.0.0.1", "regency.coordinator", TEST_PASSWORD)
    assert response.status_code == 429
    assert "terkunci" in response.content.decode() and "/akun/sandi/lupa/" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone else's failures do not lock the real user out from their own address.
    assert _from(client, "10.0.0.2", "regency.coordinator", TEST_PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_one_address_spraying_usernames_is_stopped(world, client):
    codes = [_from(client, "10.0.0.9", f"tebak{n}", "wrong").status_code for n in range(8)]
    assert codes[:4] == [200] * 4 and set(codes[5:]) == {429}
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.count() <= 5  # refused attempts add no rows
    assert _from(client, "10.0.0.9", "regency.coordinator", TEST_PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_admin_login_is_the_same_door_with_the_same_lock(world, client):
    admin = world.user("national_admin")
    for _ in range(3):
        _from(client, "10.0.0.3", admin.username, "wrong", path="/admin/login/")
    response = _from(client, "10.0.0.3", admin.username, TEST_PASSWORD, path="/admin/login/")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Failures at the admin door count at the main one too.
    assert _from(client, "10.0.0.3", admin.username, TEST_PASSWORD).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_a_locked_out_user_unlocks_with_a_password_reset_by_email(world, client, mailoutbox):
    import re

    user = world.user("regency_coordinator")
    user.email = "koordinator@example.go.id"
    user.save()
    for _ in range(3):
        _from(client, "10.0.0.4", user.username, "wrong")
    assert _from(client, "10.0.0.4", user.username, TEST_PASSWORD).status_code == 429
    assert client.post("/akun/sandi/lupa/", {"email": user.email}).status_code == 302
    link = re.search(r"https?://[^/]+(/akun/sandi/atur/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "Sehat-Mandiri-2025!"
    done = client.post(form.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert _from(client, "10.0.0.4", user.username, new).status_code == 302


def test_it_logs_out_on_post_only(world, client):
    client.force_login(world.user("leader"))
    assert client.post("/akun/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(world, client):
    user = UserFactory(username="changer")
    client.force_login(user)
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Sehat-Mandiri-2025!",
            "new_password2": "Sehat-Mandiri-2025!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sehat-Mandiri-2025!")


def test_it_rejects_a_weak_new_password_with_a_message(world, client):
    client.force_login(UserFactory(username="weak"))
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "12345",
            "new_password2": "12345",
        },
    )
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
