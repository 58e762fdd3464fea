"""The review screen: one item with everything to judge it, saved without a reload (the next
item's panel answers, under 20 KB), filters, the common notes, the queue of regencies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.verification.models import CommonNote, Review

from .conftest import NOTE, build_rounds

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/"
HX = {"HTTP_HX_REQUEST": "true"}


def _option(item, points=100):
    return item.indicator.options.get(points=points).id


def test_the_screen_shows_the_item_with_both_years_its_evidence_and_earlier_verdicts(rounds, client):
    t11 = rounds.item("T1.1")
    client.force_login(rounds.verifier)
    page = client.get(V + "provincial/tinjau/")
    html = page.content.decode()
    assert page.status_code == 200 and f'data-response="{t11.id}"' in html  # the first pending item
    assert "Capaian 2023" in html and "Capaian 2024" in html
    assert 'class="evidence-frame"' in html and "?lihat=1" in html
    assert NOTE in html  # round 1's note, among the earlier verdicts
    for option in t11.indicator.options.all():
        assert option.description in html
    assert 'id="key-legend"' in html and "<kbd>a</kbd>" in html


def test_saving_answers_with_the_next_item_without_a_reload(rounds, client):
    t11 = rounds.item("T1.1")
    client.force_login(rounds.verifier)
    reply = client.post(
        f"{V}provincial/tinjau/{t11.id}/", {"option": _option(t11), "verdict": "accepted"}, **HX
    )
    assert reply.status_code == 200 and len(reply.content) < 20_000
    html = reply.content.decode()
    assert "<html" not in html and 'id="review-panel"' in html
    assert f'data-response="{t11.id}"' not in html  # the next item
    assert 'id="review-progress" hx-swap-oob="true"' in html and f'id="q-{t11.id}" hx-swap-oob' in html
    assert reply["HX-Push-Url"].startswith(f"{V}provincial/tinjau/")
    assert Review.objects.get(response=t11, level="provincial", round=2).verdict == "accepted"


def test_a_refused_save_keeps_the_item_and_says_why(rounds, client):
    t11 = rounds.item("T1.1")
    client.force_login(rounds.verifier)
    reply = client.post(f"{V}provincial/tinjau/{t11.id}/", {"verdict": "needs_correction", "note": ""}, **HX)
    html = reply.content.decode()
    assert f'data-response="{t11.id}"' in html and 'role="alert"' in html
    assert not Review.objects.filter(response=t11, round=2).exists()


def test_the_save_reads_a_fixed_number_of_queries(world, media, client):
    small = build_rounds(world, returned=())
    client.force_login(small.verifier)
    counts = []
    for code in ("T1.1", "T1.2"):
        item = small.item(code)
        with CaptureQueriesContext(connection) as queries:
            client.post(
                f"{V}provincial/tinjau/{item.id}/", {"option": _option(item), "verdict": "accepted"}, **HX
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_filters_keep_what_was_asked(rounds, client):
    client.force_login(rounds.verifier)
    html = client.get(V + "provincial/tinjau/?f=changed").content.decode()
    assert html.count('<li id="q-') == 1 and "T1.1" in html
    html = client.get(V + "provincial/tinjau/?tatanan=T2").content.decode()
    assert html.count('<li id="q-') == 2
    html = client.get(V + "provincial/tinjau/?sejak=1").content.decode()
    assert html.count('<li id="q-') == 1


def test_a_province_extends_the_common_notes(rounds, client):
    client.force_login(rounds.verifier)
    client.post(V + "provincial/catatan-umum/", {"text": "Tanda tangan kepala dinas tidak terbaca."})
    assert CommonNote.objects.get().province == rounds.registration.regency.province
    html = client.get(V + "provincial/tinjau/").content.decode()
    assert 'data-note="Tanda tangan kepala dinas tidak terbaca."' in html
    assert 'data-note-key="q"' in html


def test_the_queue_lists_waiting_regencies_with_counts(rounds, client):
    client.force_login(rounds.verifier)
    html = client.get("/verifikasi/antrean/").content.decode()
    assert "KABUPATEN A SATU" in html and f"{V}provincial/tinjau/?f=changed" in html
    client.force_login(rounds.world.user("other_coordinator"))
    html = client.get("/verifikasi/antrean/").content.decode()
    assert "KABUPATEN A SATU" not in html and "Tidak ada kabupaten/kota" in html
