"""A coordinator writes a tatanan narrative, the province returns it with a note, the coordinator
fixes it and sends it back, the province accepts it."""

import pytest

from wistara.dossier.models import Narrative, NarrativeReview
from wistara.dossier.testing import general_data_filled
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD
from wistara.verification.services import submission_submit

pytestmark = pytest.mark.browser
D = "/ruang/11.01/TEST-2025/profil/"
NOTE = "Tambahkan capaian tahun 2024 dan sumber datanya"


def _sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")


def _write(page, text):
    surface = page.locator(".editor-surface")
    surface.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)
    page.locator("form[data-editor-form] button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def _review(page, base, verdict, note=""):
    page.goto(base + D + "tinjauan/provincial/")
    item = page.locator("article#n-T1")
    item.locator(f"input[value={verdict}]").check()
    item.locator("textarea[name=note]").fill(note)
    item.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_a_narrative_goes_back_for_correction_and_is_accepted(world_live, live_server, page):
    base = live_server.url
    registration = register(world_live.regency_a1)

    _sign_in(page, base, "regency.coordinator")
    page.goto(base + D + "narasi/T1/")
    page.locator(".editor-toolbar button[data-cmd=bold]").wait_for()
    _write(page, "Posyandu aktif di semua desa lokus pada 2023.")
    assert "Posyandu aktif di semua desa lokus" in page.locator(".editor-surface").inner_text()
    words = page.locator("[data-word-guide]").inner_text()
    assert words.startswith("8 ")
    general_data_filled(registration, world_live.user("regency_coordinator"))
    submission_submit(
        registration=registration, user=world_live.user("regency_coordinator"), confirm_incomplete=True
    )

    _sign_in(page, base, "provincial.verifier")
    _review(page, base, "needs_correction", NOTE)
    page.locator(f"form[action='{D}tinjauan/provincial/kembalikan/'] button").click()
    page.wait_for_load_state("networkidle")
    assert Narrative.objects.get(section__code="T1").status == Narrative.Status.RETURNED

    _sign_in(page, base, "regency.coordinator")
    page.goto(base + D + "narasi/T1/")
    page.get_by_text(NOTE).wait_for()
    _write(page, " Pada 2024 naik menjadi 92% (laporan Dinkes).")
    assert "92%" in Narrative.objects.get(section__code="T1").body
    page.goto(base + D)
    page.locator(f"form[action='{D}kirim-ulang/'] button").click()
    page.wait_for_load_state("networkidle")

    _sign_in(page, base, "provincial.verifier")
    page.goto(base + D + "tinjauan/provincial/")
    assert page.locator("article#n-T1").get_by_text("92%").is_visible()
    _review(page, base, "accepted")
    reviews = list(
        NarrativeReview.objects.filter(narrative__section__code="T1").values_list("round", "verdict")
    )
    assert reviews == [(1, "needs_correction"), (2, "accepted")]
    page.goto(base + D)
    page.screenshot(path="test-artifacts/dossier-accepted.png", full_page=True)
    page.goto(base + D + "tinjauan/provincial/")
    page.screenshot(path="test-artifacts/dossier-review.png", full_page=True)
