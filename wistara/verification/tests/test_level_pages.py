"""The level's pages: only the steps that do something, the refused completion's linked list,
the return's confirmation with its deadline, the extension, the decision's confirmation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.assessments.models import Registration
from wistara.verification.models import CorrectionRound, DeadlineExtension, Decision
from wistara.verification.services import review_record, verification_complete

from .conftest import NOTE, build_rounds

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/"


def test_a_refused_completion_links_the_items_still_to_review(rounds, client):
    client.force_login(rounds.verifier)
    t11 = rounds.item("T1.1")
    page = client.post(V + "provincial/selesai/", follow=True)
    html = page.content.decode()
    assert "T1.1" in html and 'id="pending"' in html and f'href="{V}provincial/tinjau/{t11.id}/"' in html
    assert "belum ditinjau" in html.lower() or "belum diperiksa" in html.lower()
    rounds.registration.refresh_from_db()
    assert rounds.registration.status == Registration.Status.PROVINCIAL_REVIEW


def test_the_page_offers_only_what_does_something(rounds, client):
    client.force_login(rounds.verifier)
    html = client.get(V + "provincial/").content.decode()
    assert "/provincial/selesai/" in html and "/provincial/kembalikan/" not in html
    t11 = rounds.item("T1.1")
    review_record(
        response=t11,
        level="provincial",
        user=rounds.verifier,
        option_id=t11.indicator.options.get(points=100).id,
        verdict="accepted",
    )
    verification_complete(registration=rounds.registration, level="provincial", user=rounds.verifier)
    html = client.get(V + "provincial/").content.decode()
    for gone in ("/provincial/selesai/", "/provincial/kembalikan/", "/provincial/butir/"):
        assert gone not in html


def test_returning_shows_what_goes_back_and_asks_for_a_deadline(world, media, client):
    rounds = build_rounds(world, returned=())
    t11, t12 = rounds.item("T1.1"), rounds.item("T1.2")
    for item in (t11, t12):
        review_record(
            response=item, level="provincial", user=rounds.verifier, verdict="needs_correction", note=NOTE
        )
    client.force_login(rounds.verifier)
    html = client.get(V + "provincial/").content.decode()
    assert "Kembalikan 2 butir" in html
    page = client.get(V + "provincial/kembalikan/")
    html = page.content.decode()
    assert "T1.1" in html and "T1.2" in html and NOTE in html and 'type="datetime-local"' in html
    assert not CorrectionRound.objects.exists()  # looking is not returning
    chosen = timezone.localtime(timezone.now() + timedelta(days=4)).replace(second=0, microsecond=0)
    refused = client.post(V + "provincial/kembalikan/", {"deadline": "2020-01-01T10:00"})
    assert refused.status_code == 200 and not CorrectionRound.objects.exists()
    client.post(V + "provincial/kembalikan/", {"deadline": chosen.strftime("%Y-%m-%dT%H:%M")})
    correction = CorrectionRound.objects.get()
    assert correction.deadline == chosen
    later = chosen + timedelta(days=1)
    client.post(V + "provincial/tenggat/", {"deadline": later.strftime("%Y-%m-%dT%H:%M"), "reason": "Banjir"})
    assert DeadlineExtension.objects.get().new_deadline == later


def test_the_decision_waits_for_national_verification_and_is_confirmed(rounds, client):
    client.force_login(rounds.world.user("national_admin"))
    html = client.get(V + "keputusan/").content.decode()
    assert "verifikasi nasional selesai" in html and 'name="reason"' not in html
    Registration.objects.filter(pk=rounds.registration.pk).update(
        status=Registration.Status.NATIONAL_VERIFIED
    )
    page = client.post(V + "keputusan/", {"category": "", "reason": "Skor belum memenuhi."})
    html = page.content.decode()
    assert not Decision.objects.exists() and 'name="confirm"' in html
    assert "Aturan penghargaan memberikan" in html
    client.post(V + "keputusan/", {"category": "", "reason": "Skor belum memenuhi.", "confirm": "1"})
    assert Decision.objects.get().reason == "Skor belum memenuhi."
