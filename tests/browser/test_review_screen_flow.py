"""Issue 11 in the browser: the province reviews by keyboard on the review screen, returns one
item with a chosen deadline, the regency sees the banner and fixes it, the province cannot
complete until it reviews it again, the nation accepts the province's results in one step, the
decision is confirmed, and the berita acara prints the level's score and category."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.verification.models import CorrectionRound, Review
from wistara.verification.services import submission_submit

from .test_verification_flow import V, _prepare, _sign_in

pytestmark = pytest.mark.browser


def _key_and_wait(page, *keys):
    before = page.locator("#review-panel").get_attribute("data-response")
    for key in keys:
        page.keyboard.press(key)
    page.wait_for_function(
        "before => document.getElementById('review-panel').dataset.response !== before", arg=before
    )


def test_a_regency_goes_through_the_review_screen_to_a_confirmed_decision(world_live, live_server, page):
    base = live_server.url
    registration = _prepare(world_live)
    submission_submit(
        registration=registration, user=world_live.user("regency_coordinator"), confirm_incomplete=True
    )

    # The province, keyboard only: T1.1 needs correction (a common note, key q), the rest accepted.
    _sign_in(page, base, "provincial.verifier")
    page.goto(f"{base}{V}provincial/tinjau/")
    assert page.locator("#key-legend").is_visible()
    assert "T1.1" in page.locator("#review-panel h2").inner_text()
    _key_and_wait(page, "q", "c")
    for _ in range(4):
        _key_and_wait(page, "1", "a")
    page.locator("#review-progress", has_text="5 / 5").wait_for()
    assert Review.objects.filter(level="provincial").count() == 5
    page.screenshot(path="test-artifacts/review-screen.png", full_page=True)

    # The return: what goes back, a chosen deadline, a confirmation.
    page.goto(f"{base}{V}provincial/")
    page.get_by_role("link", name="Kembalikan 1 butir untuk perbaikan").click()
    assert "Berkas tidak terbaca" in page.locator(".return-list").inner_text()
    chosen = timezone.localtime(timezone.now() + timedelta(days=3)).replace(hour=10, minute=0)
    page.locator("input[name=deadline]").fill(chosen.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Konfirmasi: kembalikan 1 butir").click()
    page.get_by_text("butir dikembalikan ke kabupaten/kota hingga").wait_for()
    assert timezone.localtime(CorrectionRound.objects.get().deadline).hour == 10

    # The office: the banner with the countdown, the note at the top of the item.
    _sign_in(page, base, "opd.operator")
    page.goto(base + "/ruang/11.01/TEST-2025/")
    banner = page.locator(".return-banner")
    assert "Dikembalikan provinsi" in banner.inner_text() and "lagi" in banner.inner_text()
    banner.get_by_role("link", name="T1.1").click()
    assert "Berkas tidak terbaca" in page.locator("#returned-note").inner_text()
    page.get_by_label("Capaian 2024").fill("87,5")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan.").wait_for()
    _sign_in(page, base, "regency.coordinator")
    page.goto(base + V + "kirim/")
    page.get_by_role("button", name="Kirim kembali butir yang sudah diperbaiki").click()

    # The province cannot complete until it reviews T1.1 again.
    _sign_in(page, base, "provincial.verifier")
    page.goto(f"{base}{V}provincial/")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    pending = page.locator("#pending")
    assert "T1.1" in pending.inner_text() and "belum diperiksa pada putaran ini" in page.content()
    page.goto(f"{base}{V}provincial/tinjau/?f=todo")
    assert "T1.1" in page.locator("#review-panel h2").inner_text()
    _key_and_wait(page, "1", "a")
    page.goto(f"{base}{V}provincial/")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    page.get_by_text("Verifikasi selesai.").wait_for()

    # The nation accepts the province's results in one confirmed step.
    _sign_in(page, base, "national.verifier")
    page.goto(f"{base}{V}national/tinjau/")
    assert "Provinsi · putaran" in page.locator("#review-panel").inner_text()
    page.locator("#accept-provincial").click()
    page.get_by_role("button", name="Konfirmasi: terima butir yang dicentang").click()
    page.get_by_text("Hasil provinsi diterima untuk 5 butir.").wait_for()
    page.goto(f"{base}{V}national/")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    page.get_by_text("Verifikasi selesai.").wait_for()

    # The decision, confirmed against what the award engine gives.
    _sign_in(page, base, "national.admin")
    page.goto(base + V + "keputusan/")
    page.get_by_label("Alasan").fill("Sesuai hasil verifikasi.")
    page.get_by_role("button", name="Catat keputusan").click()
    assert "Aturan penghargaan memberikan" in page.locator(".confirm-decision").inner_text()
    page.get_by_role("button", name="Konfirmasi keputusan").click()
    page.get_by_text("Keputusan dicatat.").wait_for()

    # The berita acara: the level's percentage and category, no draft mark.
    from pypdf import PdfReader

    pdf = page.request.get(base + V + "national/berita-acara/T1.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Skor keseluruhan pada tingkat ini" in text and "Kategori yang dicapai" in text
    assert "DRAF" not in text
