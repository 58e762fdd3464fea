"""Tampered or garbled form input answers 400 (htmx) or goes back with a message, never a 500."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages

pytestmark = pytest.mark.django_db
BASE = "/ruang/11.01/TEST-2025/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def coordinator(world, client):
    client.force_login(world.user("regency_coordinator"))
    return client


def _errors(page) -> list[str]:
    return [str(m) for m in get_messages(page.wsgi_request) if m.level == messages.ERROR and str(m)]


@pytest.mark.parametrize("revision", ["abc", "", "-1", "1.5", "9" * 30])
def test_it_sends_a_garbled_status_change_back_with_a_message(response, coordinator, revision):
    url = f"{BASE}indikator/{response.id}/status/"
    page = coordinator.post(url, {"revision": revision, "status": "validated"})
    assert page.status_code == 302 and page.url == f"{BASE}indikator/{response.id}/"
    assert _errors(page)
    response.refresh_from_db()
    assert (response.status, response.revision) == ("draft", 0)


def test_it_refuses_an_unknown_status_without_a_server_error(response, coordinator):
    page = coordinator.post(f"{BASE}indikator/{response.id}/status/", {"revision": 0, "status": "x"})
    assert page.status_code == 302 and _errors(page)


@pytest.mark.parametrize(
    "data",
    [
        {"response": "abc", "office": ""},
        {"response": "1; DROP", "office": ""},
        {"response": "9" * 30, "office": ""},
        {"section": "T1", "office": "dinkes"},
        {"section": "T1", "office": "9" * 30},
    ],
)
def test_it_answers_400_to_a_garbled_assignment_over_htmx(registration, coordinator, data):
    page = coordinator.post(f"{BASE}penugasan/simpan/", data, headers=HTMX)
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/plain") and page.content.strip()


def test_it_sends_a_garbled_assignment_form_back_with_a_message(registration, coordinator, world):
    page = coordinator.post(f"{BASE}penugasan/simpan/", {"response": "abc", "office": world.office_a1.id})
    assert page.status_code == 302 and page.url == f"{BASE}penugasan/"
    assert _errors(page)


def test_it_still_assigns_one_item_over_htmx(response, coordinator, world):
    response.office = None
    response.save()
    page = coordinator.post(
        f"{BASE}penugasan/simpan/",
        {"response": str(response.id), "office": str(world.office_a1.id)},
        headers=HTMX,
    )
    assert page.status_code == 200 and "→ Dinkes" in page.content.decode()  # said beside the row
    response.refresh_from_db()
    assert response.office == world.office_a1
