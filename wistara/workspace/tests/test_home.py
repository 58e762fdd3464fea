"""Every regency role lands on its own work; the nation and provinces keep theirs."""

import pytest

from wistara.assessments import stages

from .. import selectors

pytestmark = pytest.mark.django_db


def _home(client, world, role):
    client.force_login(world.user(role))
    return client.get("/")


def test_it_lands_an_operator_on_its_offices_items_grouped_by_what_they_need(registration, world, client):
    page = _home(client, world, "opd_operator")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tugas saya" in body and "Butir Dinkes" in body
    groups = {
        g.stage: [i.response.indicator.code for i in g.items]
        for g in page.context["queues"][0]["office"].groups
    }
    assert groups == {
        stages.INCOMPLETE: ["T2.1"],
        stages.NOT_STARTED: ["K1.1"],
        stages.WAITING: ["T1.2"],
        stages.DONE: ["T1.1"],
    }
    assert "T2.2" not in body  # another office's item
    assert "Mulai dari T2.1" in body  # what it started comes first


def test_it_shows_a_head_what_waits_for_its_validation(registration, world, client):
    body = _home(client, world, "office_head").content.decode()
    assert "1 butir lengkap menunggu validasi Anda." in body
    assert "Periksa dan validasi" in body
    operator = _home(client, world, "opd_operator").content.decode()
    assert "menunggu validasi Anda" not in operator


def test_it_shows_the_coordinator_what_needs_the_secretariat(registration, world, client):
    page = _home(client, world, "regency_coordinator")
    coordinator = page.context["queues"][0]["coordinator"]
    assert (coordinator.waiting_validation, coordinator.not_started, coordinator.unassigned) == (1, 2, 0)
    assert [o.short_name for o in coordinator.behind] == ["DLH", "Dinkes"]
    body = page.content.decode()
    assert "Sebelum mengirim" in body and "Perangkat daerah paling tertinggal" in body


def test_it_shows_a_leader_where_the_regency_stands_and_nothing_to_do(registration, world, client):
    page = _home(client, world, "leader")
    queue = page.context["queues"][0]
    assert queue["leader"] is not None and queue["office"] is None and queue["coordinator"] is None
    body = page.content.decode()
    assert "Proyeksi kategori" in body and "Mulai dari" not in body


def test_the_nation_keeps_its_overview(registration, world, client):
    page = _home(client, world, "national_admin")
    assert "queues" not in page.context


def test_a_regency_without_registration_keeps_the_regions_home(world, client):
    assert _home(client, world, "opd_operator").status_code == 302


def test_an_office_queue_holds_only_the_users_offices(registration, world):
    from wistara.accounts.access import scope_for

    queue = selectors.office_queue(scope_for(world.user("opd_operator")), registration)
    codes = {i.response.indicator.code for g in queue.groups for i in g.items}
    assert codes == {"T1.1", "T1.2", "T2.1", "K1.1"} and queue.offices == ["Dinkes"]
    assert selectors.office_queue(scope_for(world.user("leader")), registration) is None
