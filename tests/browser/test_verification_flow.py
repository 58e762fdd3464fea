"""The whole verification: submit, return one item, fix it, accept, decide, see the category."""

import pytest

from wistara.assessments.services import response_update
from wistara.assessments.services.odf import odf_set
from wistara.dossier.testing import general_data_filled
from wistara.regions.models import Village
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
V = "/verifikasi/11.01/TEST-2025/"


def _sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    # The next step must not start while the login POST is in flight: clearing cookies under
    # it leaves the browser with a CSRF cookie the next form does not match.
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def _prepare(world):
    registration = register(world.regency_a1)
    coordinator = world.user("regency_coordinator")
    general_data_filled(registration, coordinator)
    for response in registration.responses.all():
        best = response.indicator.options.get(points=100)
        response_update(
            response=response, user=coordinator, base_revision=response.revision, data={"option": best.id}
        )
    for village in Village.objects.filter(district__regency=world.regency_a1):
        odf_set(
            registration=registration,
            village_code=village.code,
            is_odf=True,
            verified_on=registration.cycle.registration_opens,
            user=coordinator,
        )
    return registration


def _review_all(page, base, level, returned=None):
    page.goto(f"{base}{V}{level}/")
    for item in page.locator("article.review-item").all():
        code = item.locator(".review-head strong").inner_text()
        form = item.locator("form.review-form")
        if form.count() == 0:
            continue
        if code == returned:
            form.locator("input[value=needs_correction]").check()
            form.locator("textarea[name=note]").fill("Lampirkan laporan 2023 yang ditandatangani")
        else:
            form.locator("select[name=option]").select_option(label="100")
            form.locator("input[value=accepted]").check()
        form.get_by_role("button", name="Simpan verifikasi").click()
        page.wait_for_load_state("networkidle")


def _see_the_correction(page, base):
    """Round 2: the province finds the corrected item, its note and what the office changed."""
    page.goto(f"{base}{V}provincial/")
    page.get_by_role("link", name="Berubah sejak putaran 1 (1)").click()
    items = page.locator("article.review-item")
    assert items.count() == 1 and items.locator(".review-head strong").inner_text() == "T1.1"
    changes = items.locator("section.round-changes")
    assert "Lampirkan laporan 2023 yang ditandatangani" in changes.locator(".round-note").inner_text()
    value = changes.locator("tr[data-field=value_curr]")
    assert value.locator("td.old").inner_text() == "—"
    assert value.locator("td.new").inner_text() == "87,5"
    assert "Operator" in value.locator("td").nth(2).inner_text()
    explanation = changes.locator("tr[data-field=explanation] td.new")
    assert explanation.inner_text() == "Laporan bertanda tangan dilampirkan."
    page.screenshot(path="test-artifacts/round-2-changes.png", full_page=True)


def test_it_carries_a_regency_from_submission_to_its_category(world_live, live_server, page):
    base = live_server.url
    _prepare(world_live)
    _sign_in(page, base, "regency.coordinator")
    page.goto(base + V + "kirim/")
    page.get_by_label("Saya mengerti").check()
    page.get_by_role("button", name="Kirim ke provinsi").click()
    page.get_by_text("Penilaian mandiri dikirim ke provinsi.").wait_for()

    _sign_in(page, base, "provincial.verifier")
    _review_all(page, base, "provincial", returned="T1.1")
    page.get_by_role("link", name="Kembalikan 1 butir untuk perbaikan").click()
    page.get_by_role("button", name="Konfirmasi: kembalikan 1 butir").click()
    page.get_by_text("butir dikembalikan ke kabupaten/kota hingga").wait_for()

    _sign_in(page, base, "opd.operator")
    page.goto(base + "/ruang/11.01/TEST-2025/indikator/")
    page.get_by_role("table").get_by_role("link", name="T1.1", exact=True).click()
    page.get_by_text("Lampirkan laporan 2023 yang ditandatangani").first.wait_for()
    page.get_by_label("Capaian 2024").fill("87,5")
    page.get_by_label("Penjelasan perangkat daerah").fill("Laporan bertanda tangan dilampirkan.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan.").wait_for()

    _sign_in(page, base, "regency.coordinator")
    page.goto(base + V + "kirim/")
    page.get_by_role("button", name="Kirim kembali butir yang sudah diperbaiki").click()
    page.get_by_text("Butir yang diperbaiki dikirim kembali ke verifikator.").wait_for()

    _sign_in(page, base, "provincial.verifier")
    _see_the_correction(page, base)
    _review_all(page, base, "provincial")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    page.get_by_text("Verifikasi selesai.").wait_for()

    _sign_in(page, base, "national.verifier")
    _review_all(page, base, "national")
    page.get_by_role("button", name="Selesaikan verifikasi").click()
    page.get_by_text("Verifikasi selesai.").wait_for()

    _sign_in(page, base, "national.admin")
    page.goto(base + V + "keputusan/")
    page.get_by_label("Alasan").fill("Memenuhi seluruh syarat Wistara.")
    page.get_by_role("button", name="Catat keputusan").click()
    page.get_by_role("button", name="Konfirmasi keputusan").click()
    page.get_by_text("Keputusan dicatat.").wait_for()

    _sign_in(page, base, "regency.coordinator")
    page.goto(base + V + "keputusan/")
    assert page.locator("section", has_text="Keputusan akhir").locator(".value").inner_text() == "Wistara"
    assert page.get_by_text("Memenuhi seluruh syarat Wistara.").is_visible()
    page.screenshot(path="test-artifacts/decision.png", full_page=True)
