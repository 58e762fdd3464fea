import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.assessments.models import Response
from wistara.assessments.services.cycles import MILESTONES

pytestmark = pytest.mark.django_db
BASE = "/ruang/11.01/TEST-2025/"


def _item_url(response, suffix=""):
    if suffix == "simpan/":  # the item form saves the answer with its files (evidence.views_fill)
        return f"/bukti/{response.id}/isi/"
    return f"{BASE}indikator/{response.id}/{suffix}"


def test_it_shows_the_dashboard_with_progress_and_projection(registration, world, client):
    client.force_login(world.user("regency_coordinator"))
    page = client.get(BASE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kelengkapan" in body and "Proyeksi kategori" in body
    assert "Wiwerda" in body


def test_it_serves_the_dashboard_in_a_fixed_number_of_queries(registration, world, client):
    client.force_login(world.user("regency_coordinator"))
    client.get(BASE)
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    more = Response.objects.filter(registration=registration)
    assert more.count() == 5
    from wistara.testing.factories import small_instrument  # noqa: F401

    with CaptureQueriesContext(connection) as again:
        client.get(BASE)
    # issue 12: the bell's unread count, the stage calendar; issue 13: the past award (Paripurna)
    assert len(again) == len(few) <= 13


def test_it_saves_an_item_through_htmx_and_shows_the_history(response, world, client):
    client.force_login(world.user("opd_operator"))
    option = response.indicator.options.get(points=100)
    page = client.post(
        _item_url(response, "simpan/"),
        {
            "revision": 0,
            "value_prev": "3",
            "value_curr": "2",
            "option": option.id,
            "unit": "kasus",
        },
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tersimpan" in body and 'hx-swap-oob="true"' in body
    response.refresh_from_db()
    assert (response.points, response.revision) == (100, 1)


def test_it_refuses_a_stale_save_with_what_changed(response, world, client):
    client.force_login(world.user("regency_coordinator"))
    client.post(_item_url(response, "simpan/"), {"revision": 0, "unit": "persen"})
    client.force_login(world.user("opd_operator"))
    page = client.post(_item_url(response, "simpan/"), {"revision": 0, "unit": "kasus"})
    assert page.status_code == 409
    body = page.content.decode()
    assert "persen" in body and "Regency Coordinator" in body and "kasus" in body
    response.refresh_from_db()
    assert response.unit == "persen"


def test_it_shows_an_operator_only_its_offices_items(registration, response, world, client):
    client.force_login(world.user("opd_operator"))
    page = client.get(f"{BASE}indikator/").content.decode()
    assert "T1.1" in page and "T1.2" not in page
    other = registration.responses.get(indicator__code="T1.2")
    assert client.get(_item_url(other)).status_code == 404
    assert client.post(_item_url(other, "simpan/"), {"revision": 0}).status_code == 404


def test_it_lets_a_leader_read_but_not_save(response, world, client):
    client.force_login(world.user("leader"))
    assert client.get(_item_url(response)).status_code == 200
    assert client.post(_item_url(response, "simpan/"), {"revision": 0, "unit": "x"}).status_code == 403


def test_it_hides_the_workspace_from_other_tenants(response, world, client):
    client.force_login(world.user("other_coordinator"))
    assert client.get(BASE).status_code == 404
    assert client.get(_item_url(response)).status_code == 404
    assert client.post(_item_url(response, "simpan/"), {"revision": 0}).status_code == 404


def test_it_lists_what_is_missing_per_office(response, world, client):
    client.force_login(world.user("regency_coordinator"))
    body = client.get(f"{BASE}kekurangan/").content.decode()
    assert "Dinkes" in body and "belum ada pilihan nilai" in body


def test_it_registers_from_the_cycle_page(world, client):
    from wistara.testing.assessments import open_test_cycle

    open_test_cycle()
    client.force_login(world.user("regency_coordinator"))
    page = client.post(
        "/siklus/TEST-2025/daftar/11.01/",
        {
            "target_category": "padapa",
            "districts": ["11.01.01"],
            "villages": ["11.01.01.2001"],
            "contact-0-name": "Budi",
            "contact-0-phone": "0812",
        },
    )
    assert page.status_code == 302 and page["Location"] == BASE
    client.force_login(world.user("leader"))
    assert client.post("/siklus/TEST-2025/daftar/11.01/", {}).status_code == 403


def test_it_assigns_items_from_the_assignment_page(registration, world, client):
    client.force_login(world.user("regency_coordinator"))
    page = client.post(
        f"{BASE}penugasan/simpan/", {"section": "T2", "office": world.office_a1.id, "include_assigned": "1"}
    )
    assert page.status_code == 302 and "/perubahan/" in page["Location"]  # a preview first (issue 10)
    assert world.office_a1_other.id in set(
        registration.responses.filter(indicator__section__code="T2").values_list("office_id", flat=True)
    )
    client.post(page["Location"] + "terapkan/")
    assert set(
        registration.responses.filter(indicator__section__code="T2").values_list("office_id", flat=True)
    ) == {world.office_a1.id}
    client.force_login(world.user("opd_operator"))
    assert client.get(f"{BASE}penugasan/").status_code == 403


def test_it_lets_only_national_admins_open_cycles(world, client):
    client.force_login(world.user("regency_coordinator"))
    assert client.get("/siklus/baru/").status_code == 403
    client.force_login(world.user("national_admin"))
    dates = dict.fromkeys(MILESTONES, "2027-02-01")
    dates |= {"registration_opens": "2027-01-10", "registration_closes": "2027-01-01"}
    page = client.post("/siklus/baru/", {"code": "X-1", "name": "X", "instrument": "TEST-2025", **dates})
    assert page.status_code == 400
    assert "tidak boleh sebelum" in page.content.decode()
