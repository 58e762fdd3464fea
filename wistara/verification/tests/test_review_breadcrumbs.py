"""The review list's breadcrumb leads each person to a page they may open (issue 10)."""

import pytest

from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "link"), [
    ("regency_coordinator", 'href="/wilayah/kabupaten/11.01/"'),
    ("provincial_verifier", 'href="/wilayah/provinsi/11/"'),
])
def test_the_breadcrumb_leads_where_the_reader_may_go(world, login, role, link):
    registration = register(world.regency_a1)
    page = login(world.user(role)).get(
        f"/verifikasi/11.01/{registration.cycle.code}/provincial/")
    assert page.status_code == 200
    crumbs = page.content.decode().split('class="breadcrumbs"')[1].split("</div>")[0]
    assert link in crumbs
    if role == "regency_coordinator":
        assert "/wilayah/provinsi/" not in crumbs
