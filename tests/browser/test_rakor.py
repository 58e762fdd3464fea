"""A coordinator records a rakor with an action item, attaches its minutes as evidence, and sees
the kelembagaan item's score change."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wistara.institutions import services
from wistara.institutions.testing import full_kelembagaan
from wistara.instruments.models import InstrumentVersion
from wistara.testing.assessments import register
from wistara.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _points(page, code: str, which: str = "item") -> str:
    return page.locator(f"[data-{which}='{code}']").inner_text().strip()


def test_a_rakor_becomes_evidence_and_the_kelembagaan_score_follows(
    world_live, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    full_kelembagaan(InstrumentVersion.objects.get(code="TEST-2025"))
    register(world_live.regency_a1)
    coordinator = world_live.user("regency_coordinator")
    # The Tim Pembina's 2023 work plan is on record; the 2024 one was agreed in a rakor.
    tim = services.institution_get_or_create(
        regency=world_live.regency_a1, body="tim_pembina", user=coordinator
    )
    services.activity_add(
        institution=tim,
        user=coordinator,
        data={"year": 2023, "name": "Sosialisasi KKS", "target": "12 kecamatan"},
    )
    services.work_plan_file_set(
        institution=tim,
        user=coordinator,
        data={"year": 2023},
        uploaded_file=SimpleUploadedFile("renja-2023.pdf", PDF),
    )

    page.goto(live_server.url + "/")
    page.get_by_label("Nama pengguna").fill("regency.coordinator")
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    base = live_server.url + "/ruang/11.01/TEST-2025"
    page.goto(base + "/lembaga/")
    assert _points(page, "K1.2") == "50"

    page.get_by_role("link", name="Rapat koordinasi", exact=True).click()
    page.get_by_role("link", name="Jadwalkan rapat").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Judul").fill("Rakor Tim Pembina: rencana kerja 2024")
    page.get_by_label("Tanggal").fill(yesterday.isoformat())
    page.get_by_label("Waktu").fill("09:00")
    page.get_by_label("Tempat").fill("Aula Bappeda")
    page.get_by_label("Dipimpin oleh").fill("Sekda, Ketua Tim Pembina")
    page.get_by_label("Agenda").fill("Penetapan rencana kerja Tim Pembina 2024")
    page.get_by_label("Dinkes").check()
    page.get_by_role("button", name="Simpan").click()

    page.locator("textarea[name=minutes]").fill("Rencana kerja 2024 disepakati.")
    page.get_by_role("button", name="Simpan notulen").click()
    page.get_by_text("Notulen disimpan.").wait_for()

    form = page.locator("#form-action")
    form.locator("summary").click()
    form.get_by_label("Tindak lanjut").fill("Dinkes menyusun data dukung tatanan 1")
    form.get_by_label("Perangkat daerah penanggung jawab").select_option(label="Dinkes")
    form.get_by_label("Tenggat").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    form.get_by_role("button", name="Simpan").click()
    page.get_by_text("Tindak lanjut ditambahkan.").wait_for()
    assert page.locator("#actions tbody tr", has_text="Dinkes menyusun data dukung").count() == 1

    minutes = tmp_path / "notulen-rakor.pdf"
    minutes.write_bytes(PDF + b"% notulen\n")
    files = page.locator("#files form")
    files.get_by_label("Dokumen").select_option("minutes")
    files.locator("input[type=file]").set_input_files(str(minutes))
    files.get_by_role("button", name="Unggah").click()
    page.get_by_role("link", name="notulen-rakor.pdf").wait_for()

    attach = page.locator("#evidence form")
    attach.get_by_label("Tahun data").select_option("2024")
    attach.get_by_label("K1.2 Rencana Kerja").check()
    attach.get_by_role("button", name="Lampirkan ke butir yang dipilih").click()
    page.get_by_text("Dilampirkan ke 1 butir").wait_for()

    page.get_by_role("link", name="Kelembagaan", exact=True).click()
    assert _points(page, "K1.2") == "100"
    page.get_by_role("button", name="Isi 16 butir kelembagaan dari catatan ini").click()
    # A preview first, then the confirmation (issue 10).
    page.get_by_role("button", name="Konfirmasi: ubah butir yang dicentang").click()
    page.get_by_text("Diterapkan").first.wait_for()
    page.get_by_role("link", name="Kembali").click()
    assert _points(page, "K1.2", "current") == "100"
    page.screenshot(path="test-artifacts/kelembagaan.png", full_page=True)
