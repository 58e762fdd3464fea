"""The regency is told: a banner with the deadline on every workspace page, the note on top of
the returned item, and an office's returned items first in its list."""

import pytest

from wistara.assessments.services.assignments import response_assign

from .conftest import NOTE, build_rounds

pytestmark = pytest.mark.django_db
V = "/ruang/11.01/TEST-2025/"


@pytest.fixture
def returned(world, media):
    rounds = build_rounds(
        world,
        returned=("T1.1", "T2.1"),
        before_submit=lambda registration: response_assign(
            response=registration.responses.get(indicator__code="T2.1"),
            office=world.office_a1_other,
            user=None,
        ),
    )
    return rounds


def test_every_workspace_page_shows_the_deadline_and_the_returned_items(returned, client):
    client.force_login(returned.world.user("regency_coordinator"))
    for url in ("", "indikator/", "kekurangan/"):
        html = client.get(V + url).content.decode()
        assert 'class="return-banner' in html, url
        assert "T1.1" in html and "T2.1" in html and "lagi" in html


def test_an_office_sees_only_its_own_returned_items(returned, client):
    t11, t21 = returned.item("T1.1"), returned.item("T2.1")
    assert t11.office_id != t21.office_id
    client.force_login(returned.operator)
    html = client.get(V).content.decode()
    start = html.index('class="return-banner')
    banner = html[start : html.index("</section>", start)]
    assert "T1.1" in banner and "T2.1" not in banner


def test_the_returned_item_shows_the_note_on_top_and_comes_first(returned, client):
    t11 = returned.item("T1.1")
    client.force_login(returned.operator)
    html = client.get(f"{V}indikator/{t11.id}/").content.decode()
    assert 'id="returned-note"' in html and NOTE in html
    assert html.index('id="returned-note"') < html.index('class="grid detail-grid"')
    listing = client.get(V + "indikator/").content.decode()
    first_item = listing.index(f"/indikator/{t11.id}/")
    others = [
        listing.index(f"/indikator/{r.id}/")
        for r in returned.registration.responses.filter(office_id=t11.office_id).exclude(id=t11.id)
        if f"/indikator/{r.id}/" in listing
    ]
    assert all(first_item < other for other in others)


def test_no_banner_once_resubmitted(returned, client):
    returned.resubmit()
    client.force_login(returned.world.user("regency_coordinator"))
    assert 'class="return-banner' not in client.get(V).content.decode()
