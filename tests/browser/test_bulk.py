"""Bulk changes in the browser (issue 10, items 4-5): every one previewed, confirmed, undoable."""

import pytest

from wistara.assessments.models import Response
from wistara.bulk.testing import complete, decree, item, validate
from wistara.evidence.models import Evidence
from wistara.institutions.testing import full_kelembagaan
from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
WORK = "/ruang/11.01/TEST-2025"


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_the_kelembagaan_prefill_is_previewed_confirmed_and_undone(
    world_live, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    full_kelembagaan(InstrumentVersion.objects.get(code="TEST-2025"))
    registration = register(world_live.regency_a1)
    coordinator = world_live.user("regency_coordinator")
    decree(world_live.regency_a1, coordinator)
    k12 = item(registration, "K1.2")  # answered 100 by hand; the records are worth 0
    from wistara.assessments.services import response_update

    response_update(
        response=k12,
        user=coordinator,
        base_revision=k12.revision,
        data={"option": k12.indicator.options.get(points=100).id},
    )

    _sign_in(page, live_server, "regency.coordinator")
    page.goto(live_server.url + WORK + "/lembaga/")
    page.get_by_role("button", name="Isi 16 butir kelembagaan dari catatan ini").click()
    page.get_by_text("Pratinjau: belum ada yang berubah").wait_for()
    # Each item old -> new, and what it does to the kelembagaan score: K1.2 would go down, so
    # it starts unticked and the figures keep it.
    k11_row, k12_row = page.locator("tr[data-code='K1.1']"), page.locator("tr[data-code='K1.2']")
    assert "— → 100" in k11_row.inner_text() and "2 berkas dilampirkan" in k11_row.inner_text()
    assert "100 → 0" in k12_row.inner_text() and "nilainya turun" in k12_row.inner_text()
    assert not k12_row.locator("input[type=checkbox]").is_checked()
    assert page.locator("[data-effect=kelembagaan]").inner_text() == "6 % → 13 %"
    assert "6 % menjadi 6 %" in page.locator("[data-effect=all]").inner_text()
    assert item(registration, "K1.1").points is None  # nothing yet

    page.get_by_role("button", name="Konfirmasi: ubah butir yang dicentang").click()
    page.get_by_text("Diterapkan: 15 butir berubah").wait_for()
    assert item(registration, "K1.1").points == 100 and item(registration, "K1.2").points == 100
    assert Evidence.objects.filter(response__indicator__code="K1.1", removed_at__isnull=True).count() == 2
    page.screenshot(path="test-artifacts/bulk-prefill-applied.png", full_page=True)

    page.get_by_role("button", name="Urungkan perubahan ini").click()
    page.get_by_text("Diurungkan: setiap butir kembali seperti sebelum perubahan ini.").wait_for()
    assert item(registration, "K1.1").points is None
    assert Evidence.objects.filter(response__indicator__code="K1.1", removed_at__isnull=True).count() == 0
    assert page.get_by_role("button", name="Urungkan perubahan ini").count() == 0


def test_assignment_by_tatanan_keeps_the_items_that_have_an_office(
    world_live, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    registration = register(world_live.regency_a1)
    dinkes, dlh = world_live.office_a1, world_live.office_a1_other
    registration.responses.filter(indicator__code="T2.1").update(office=None)
    registration.responses.filter(indicator__code="T2.2").update(office=dinkes)
    complete(registration, "T2.2", world_live.user("regency_coordinator"))
    validate(registration, "T2.2", world_live.user("office_head"))

    _sign_in(page, live_server, "regency.coordinator")
    page.goto(live_server.url + WORK + "/penugasan/")
    form = page.locator("form[data-section=T2]")
    form.locator("select[name=office]").select_option(label="DLH")
    form.get_by_role("button", name="Pratinjau").click()
    page.get_by_text("Tugaskan 1 butir T2 ke DLH").wait_for()
    assert page.locator("tr[data-code]").count() == 1  # T2.1 only
    page.get_by_text("1 butir dibiarkan").click()
    page.get_by_text("T2.2: sudah di Dinkes: dibiarkan").wait_for()
    page.get_by_role("button", name="Konfirmasi: ubah butir yang dicentang").click()
    page.get_by_text("Diterapkan: 1 butir berubah").wait_for()
    assert item(registration, "T2.1").office == dlh
    assert (item(registration, "T2.2").office, item(registration, "T2.2").status) == (dinkes, "validated")

    # Asked to, it moves the validated item too, and says its validation is withdrawn.
    page.goto(live_server.url + WORK + "/penugasan/")
    form = page.locator("form[data-section=T2]")
    form.locator("select[name=office]").select_option(label="DLH")
    form.get_by_label("juga butir yang sudah punya perangkat daerah").check()
    form.get_by_role("button", name="Pratinjau").click()
    row = page.locator("tr[data-code='T2.2']")
    assert "Dinkes → DLH" in row.inner_text()
    assert "validasinya ditarik: butir pindah ke perangkat daerah lain" in row.inner_text()
    page.get_by_role("button", name="Konfirmasi: ubah butir yang dicentang").click()
    page.get_by_text("Diterapkan").first.wait_for()
    assert item(registration, "T2.2").status == "draft"

    # One row's change confirms visibly beside the row (the list shows one tatanan at a time).
    page.goto(live_server.url + WORK + "/penugasan/")
    page.locator("nav.chips").get_by_role("link", name="T1", exact=True).click()
    page.get_by_label("Perangkat daerah untuk T1.1", exact=True).select_option(label="DLH")
    page.locator(".row-result", has_text="T1.1 → DLH").wait_for()
    assert item(registration, "T1.1").office == dlh


def test_a_head_validates_its_waiting_items_in_one_step(world_live, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    registration = register(world_live.regency_a1)
    registration.responses.filter(indicator__section__kind="tatanan").update(office=world_live.office_a1)
    for code in ("T1.1", "T1.2", "T2.1"):
        complete(registration, code, world_live.user("regency_coordinator"))

    _sign_in(page, live_server, "office.head")
    page.get_by_role("link", name="Periksa dan validasi").click()
    page.get_by_text("Butir yang menunggu validasi Anda").wait_for()
    assert page.locator("tr[data-code]").count() == 3
    assert "T1.1-2023" in page.locator("tr[data-code='T1.1']").inner_text()  # files at a glance
    page.get_by_label("Pilih semua 3 butir").check()
    page.locator("tr[data-code='T2.1'] input[type=checkbox]").uncheck()
    page.get_by_role("button", name="Validasi butir yang dipilih").click()
    page.get_by_text("Validasi 2 butir").wait_for()
    assert item(registration, "T1.1").status == "draft"
    page.get_by_role("button", name="Konfirmasi: ubah butir yang dicentang").click()
    page.get_by_text("Diterapkan: 2 butir berubah").wait_for()
    assert [item(registration, c).status for c in ("T1.1", "T1.2", "T2.1")] == [
        Response.Status.VALIDATED,
        Response.Status.VALIDATED,
        Response.Status.DRAFT,
    ]
    page.screenshot(path="test-artifacts/bulk-validation-applied.png", full_page=True)
    page.get_by_role("button", name="Urungkan perubahan ini").click()
    page.get_by_text("Diurungkan").first.wait_for()
    assert item(registration, "T1.1").status == Response.Status.DRAFT
