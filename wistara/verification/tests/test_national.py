"""The nation builds on the province: one national review per accepted item, audited; items the
province refused or that changed since are refused; the screen shows the province's verdict."""

import pytest
from django.core.exceptions import ValidationError

from wistara.assessments.models import ResponseChange
from wistara.audit.models import AuditEvent
from wistara.verification.models import Review
from wistara.verification.services import (
    national_accept_provincial,
    review_record,
    verification_complete,
)

from .conftest import build_rounds

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/"


@pytest.fixture
def verified(world, media):
    """The province accepted everything (T1.1 after a correction round) and completed."""
    rounds = build_rounds(world)
    rounds.fix("T1.1")
    rounds.resubmit()
    t11 = rounds.item("T1.1")
    review_record(
        response=t11,
        level="provincial",
        user=rounds.verifier,
        verdict="accepted",
        option_id=t11.indicator.options.get(points=0).id,
        note="Sudah sesuai.",
    )
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)
    return rounds


def test_accepting_all_records_one_national_review_per_item_and_audits_each(verified):
    nation = verified.world.user("national_verifier")
    reviews = national_accept_provincial(registration=verified.registration, user=nation)
    count = verified.registration.responses.count()
    assert len(reviews) == count == Review.objects.filter(level="national").count()
    t11 = Review.objects.get(level="national", response=verified.item("T1.1"))
    assert t11.points == 0 and t11.reviewer == nation and t11.verdict == "accepted"
    events = AuditEvent.objects.filter(action="review.recorded", payload__accepted_from="provincial")
    assert events.count() == count
    again = national_accept_provincial(
        registration=verified.registration, user=nation, response_ids=[verified.item("T1.2").id]
    )
    assert len(again) == 1 and Review.objects.filter(level="national").count() == count  # one each
    verification_complete(registration=verified.registration, level="national", user=nation)


def test_items_changed_since_the_province_accepted_them_are_refused(verified):
    nation = verified.world.user("national_verifier")
    t12 = verified.item("T1.2")
    ResponseChange.objects.create(
        response=t12,
        revision=t12.revision + 1,
        field="value_curr",
        old="1",
        new="2",
        changed_by=verified.operator,
    )
    with pytest.raises(ValidationError) as refused:
        national_accept_provincial(
            registration=verified.registration, user=nation, response_ids=[t12.id, verified.item("T1.1").id]
        )
    assert "T1.2" in refused.value.messages[0] and "T1.1" not in refused.value.messages[0]
    assert not Review.objects.filter(level="national").exists()
    reviews = national_accept_provincial(registration=verified.registration, user=nation)
    assert t12.id not in {r.response_id for r in reviews}


def test_the_national_screen_shows_the_province_and_accepts_in_one_confirmed_step(verified, client):
    client.force_login(verified.world.user("national_verifier"))
    listing = client.get(V + "national/").content.decode()
    assert "0 / 5 diperiksa" in listing and "Belum dinilai pada tingkat ini" in listing
    assert "Skor pada tingkat ini: 0" not in listing
    html = client.get(V + "national/tinjau/").content.decode()
    assert "Provinsi · putaran" in html and "0 / 5 diperiksa" in html
    assert "/nasional/terima-provinsi/" in html and "Terima hasil provinsi (5)" in html
    page = client.get(V + "nasional/terima-provinsi/").content.decode()
    assert page.count('name="item"') == 5 and not Review.objects.filter(level="national").exists()
    ids = [str(r.id) for r in verified.registration.responses.all()]
    client.post(V + "nasional/terima-provinsi/", {"item": ids})
    assert Review.objects.filter(level="national").count() == 5
    html = client.get(V + "national/tinjau/").content.decode()
    assert "5 / 5 diperiksa" in html and "/nasional/terima-provinsi/" not in html  # nothing left
    client.force_login(verified.verifier)  # a provincial verifier may not take the nation's step
    assert client.post(V + "nasional/terima-provinsi/", {"item": ids}).status_code == 403


def test_the_api_accepts_the_province_results_and_moves_a_deadline(verified, world, client):
    api = "/api/v1/verification/11.01/TEST-2025/"
    client.force_login(world.user("national_verifier"))
    reply = client.post(api + "national/accept-provincial", {}, content_type="application/json")
    assert reply.status_code == 200 and len(reply.json()["accepted"]) == 5
    again = client.post(api + "national/accept-provincial", {}, content_type="application/json")
    assert again.status_code == 400  # nothing left to take over
    client.force_login(world.user("provincial_verifier"))
    refused = client.post(api + "national/accept-provincial", {}, content_type="application/json")
    assert refused.status_code == 403
    late = client.post(
        api + "provincial/extend", {"deadline": "2030-01-01T15:00:00+07:00"}, content_type="application/json"
    )
    assert late.status_code == 400  # no correction window open
