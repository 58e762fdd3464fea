"""An office operator fills an indicator, uploads its evidence and sees the regency's progress."""

import pytest

from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _stat(page, label: str) -> str:
    card = page.locator(".card.stat", has_text=label)
    return card.locator(".value").inner_text().strip()


def test_it_shows_an_operators_work_in_the_regency_progress(
    world_live, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    registration = register(world_live.regency_a1)
    # A rubric that compares the two years, as most of the 2025 instrument's do.
    options = registration.responses.get(indicator__code="T1.1").indicator.options
    options.filter(points=100).update(description="Nilai 100 jika jumlah kasus menurun")
    options.filter(points=0).update(description="Nilai 0 jika jumlah kasus meningkat")
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill("opd.operator")
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Buka ruang kerja").click()
    assert _stat(page, "Kelengkapan") == "0%"
    assert _stat(page, "Skor penilaian mandiri") == "0,0%"

    page.get_by_role("link", name="Indikator", exact=True).click()
    assert page.locator("tbody tr").count() == 2  # only the Dinkes items
    page.get_by_role("link", name="T1.1", exact=True).click()
    page.get_by_label("Capaian 2023").fill("12")
    page.get_by_label("Capaian 2024").fill("9")
    # The rubric's "menurun" with falling achievements: the 100 option is proposed, not chosen.
    page.locator(".option-choice.proposed", has_text="100 — Nilai 100 jika jumlah kasus menurun").wait_for()
    assert page.locator("input[name=option]:checked").get_attribute("value") == ""
    page.get_by_text("100 — Nilai 100 jika jumlah kasus menurun").click()

    first, both = tmp_path / "laporan-2023.pdf", tmp_path / "rekap-kegiatan.pdf"
    first.write_bytes(PDF + b"% 2023\n")
    both.write_bytes(PDF + b"% kedua tahun\n")
    page.locator("input[type=file][name=files]").set_input_files([str(first), str(both)])
    rows = page.locator("[data-file-rows] li")
    assert rows.count() == 2
    # The year is read from the name; a name without one is tagged with both years.
    assert rows.nth(0).locator("select").first.input_value() == "2023"
    assert rows.nth(1).locator("select").first.input_value() == "both"
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan. 3 berkas dilampirkan.").wait_for()
    page.get_by_role("link", name="rekap-kegiatan").first.wait_for()
    assert page.locator(".evidence-year").nth(0).get_by_role("link", name="laporan-2023").count() == 1
    assert page.locator(".evidence-year").nth(1).get_by_role("link", name="rekap-kegiatan").count() == 1

    page.get_by_role("link", name="Dasbor").click()
    assert _stat(page, "Kelengkapan") == "20%"
    assert _stat(page, "Skor penilaian mandiri") == "25,0%"
    page.screenshot(path="test-artifacts/workspace-dashboard.png", full_page=True)


def _sign_in(page, live_server, username):
    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_it_warns_before_leaving_an_item_with_unsaved_changes(world_live, live_server, page):
    registration = register(world_live.regency_a1)
    item = registration.responses.get(indicator__code="T1.1")
    _sign_in(page, live_server, "opd.operator")
    page.goto(f"{live_server.url}/ruang/11.01/TEST-2025/indikator/{item.id}/")
    page.get_by_label("Capaian 2024").fill("9")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator("a[rel=next]").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.get_by_label("Capaian 2024").input_value() == "9"  # nothing lost
    page.remove_listener("dialog", answer)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan.").wait_for()
    following = page.locator("a[rel=next]").get_attribute("href")
    page.locator("a[rel=next]").click()  # saved: it leaves without asking
    page.wait_for_url(f"**{following}")


def test_an_edit_after_validation_shows_the_withdrawn_validation(world_live, live_server, page):
    from wistara.assessments.services import response_set_status, response_update

    registration = register(world_live.regency_a1)
    item = registration.responses.get(indicator__code="T1.1")
    option = item.indicator.options.get(points=100)
    item = response_update(
        response=item, user=world_live.user("office_head"), base_revision=0, data={"option": option.id}
    )
    response_set_status(
        response=item, user=world_live.user("office_head"), base_revision=item.revision, status="validated"
    )
    _sign_in(page, live_server, "opd.operator")
    page.goto(f"{live_server.url}/ruang/11.01/TEST-2025/indikator/{item.id}/")
    assert page.locator("#item-status").inner_text() == "Divalidasi kepala perangkat daerah"
    warning = page.locator("#withdraw-warning")
    assert not warning.is_visible()
    page.get_by_label("Penjelasan perangkat daerah").fill("Data dari laporan tahunan")
    assert warning.is_visible() and "menarik validasi" in warning.inner_text()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.locator("#save-status", has_text="Validasi ditarik").wait_for()
    assert page.locator("#item-status").inner_text() == "Draf"
    line = page.locator("#history .history-row").first.inner_text()
    assert "Divalidasi kepala perangkat daerah → Draf" in line and "validasi ditarik: jawaban diubah" in line
