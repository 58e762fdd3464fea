"""An office operator fills an indicator, uploads its evidence and sees the regency's progress."""

import pytest

from wistara.common.testing.assessments import register
from wistara.common.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _stat(page, label: str) -> str:
    card = page.locator(".card.stat", has_text=label)
    return card.locator(".value").inner_text().strip()


def _upload(page, path, year: str) -> None:
    form = page.locator("#evidence form[enctype]")
    form.locator("input[type=file]").set_input_files(str(path))
    form.locator("select[name=data_year]").select_option(year)
    form.locator("select[name=kind]").select_option("report")
    form.locator("button[type=submit]").click()


def test_it_shows_an_operators_work_in_the_regency_progress(
    world_live, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    register(world_live.regency_a1)
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
    page.get_by_text("100 — Nilai 100 jika baik").click()
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Tersimpan.").wait_for()

    first, second = tmp_path / "laporan-2023.pdf", tmp_path / "laporan-2024.pdf"
    first.write_bytes(PDF + b"% 2023\n")
    second.write_bytes(PDF + b"% 2024\n")
    page.locator("#evidence form[enctype]").wait_for()
    _upload(page, first, "2023")
    page.get_by_role("link", name="laporan-2023").wait_for()
    _upload(page, second, "2024")
    page.get_by_role("link", name="laporan-2024").wait_for()

    page.get_by_role("link", name="Dasbor").click()
    assert _stat(page, "Kelengkapan") == "20%"
    assert _stat(page, "Skor penilaian mandiri") == "25,0%"
    page.screenshot(path="test-artifacts/workspace-dashboard.png", full_page=True)
