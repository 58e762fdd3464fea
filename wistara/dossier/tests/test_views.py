"""The pages through the HTTP client: what a coordinator, a verifier and a province see and do."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from wistara.common.pdf import pdf_available
from wistara.dossier.models import Funding, Narrative, ProvincialDocument
from wistara.dossier.services import funding_create, general_data_update, provincial_document_add
from wistara.dossier.testing import pdf_upload
from wistara.evidence.tests.files import png

pytestmark = pytest.mark.django_db
D = "/ruang/11.01/TEST-2025/profil/"
needs_pdf = pytest.mark.skipif(not pdf_available(), reason="needs Pango for WeasyPrint")


def _general(registration, coordinator):
    general_data_update(
        regency=registration.regency,
        user=coordinator,
        base_revision=0,
        data={"forum_name": "Forum Kabupaten Sehat A Satu", "leader_name": "H. Ahmad Yani"},
    )


def test_it_saves_a_narrative_from_the_editor_and_shows_it(registration, coordinator, login):
    client = login(coordinator)
    page = client.get(D + "narasi/T1/")
    assert page.status_code == 200 and b"data-editor" in page.content and b"250" in page.content
    answer = client.post(
        D + "narasi/T1/simpan/", {"revision": 0, "body": "<p>Kegiatan <b>pasar</b> sehat</p>"}
    )
    assert answer.status_code == 302
    narrative = Narrative.objects.get(registration=registration, section__code="T1")
    assert (narrative.body, narrative.word_count) == ("<p>Kegiatan <b>pasar</b> sehat</p>", 3)
    assert "Kegiatan <b>pasar</b> sehat" in client.get(D + "narasi/T1/riwayat/").content.decode()


def test_it_shows_both_versions_when_someone_saved_first(registration, coordinator, login, world):
    client = login(coordinator)
    client.post(D + "narasi/T1/simpan/", {"revision": 0, "body": "<p>Punya koordinator</p>"})
    admin = login(world.user("national_admin"))
    answer = admin.post(D + "narasi/T1/simpan/", {"revision": 0, "body": "<p>Punya admin</p>"})
    body = answer.content.decode()
    assert answer.status_code == 409 and "Punya koordinator" in body and "Punya admin" in body
    assert 'name="revision" value="1"' in body


def test_it_uploads_an_image_for_the_editor(registration, coordinator, login):
    client = login(coordinator)
    answer = client.post(D + "narasi/gambaran-umum/gambar/", {"file": SimpleUploadedFile("peta.png", png())})
    assert answer.status_code == 201
    url = answer.json()["url"]
    image = client.get(url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    refused = client.post(D + "narasi/gambaran-umum/gambar/", {"file": pdf_upload("x.pdf", "x")})
    assert refused.status_code == 400 and "error" in json.loads(refused.content)


def test_it_answers_404_for_a_narrative_that_is_no_tatanan(registration, coordinator, login):
    assert login(coordinator).get(D + "narasi/K1/").status_code == 404


def test_the_general_data_form_saves_and_the_reader_sees_it(registration, coordinator, login, world):
    client = login(coordinator)
    answer = client.post(
        D + "data-umum/",
        {
            "revision": 0,
            "forum_name": "Forum A1",
            "population": "12.000",
            "contact_0_name": "Budi",
            "contact_0_phone": "0812",
        },
    )
    assert answer.status_code == 302
    page = login(world.user("leader")).get(D + "data-umum/").content.decode()
    assert "Forum A1" in page and "Budi" in page and '<form method="post" class="general-form"' not in page


def test_the_funding_page_adds_rows_and_shows_totals(registration, coordinator, login):
    client = login(coordinator)
    answer = client.post(
        D + "pendanaan/tambah/",
        {
            "data_year": 2024,
            "source": "csr",
            "section": "T2",
            "activity": "Jamban sehat",
            "amount": "12.500.000",
        },
    )
    assert answer.status_code == 302 and Funding.objects.get().amount == 12500000
    page = client.get(D + "pendanaan/").content.decode()
    assert "Jamban sehat" in page and "12.500.000" in page
    dashboard = client.get("/ruang/11.01/TEST-2025/").content.decode()
    assert "/profil/pendanaan/grafik/" in dashboard  # the card loads after the page
    card = client.get(D + "pendanaan/grafik/").content.decode()
    assert "funding-chart" in card and "12.500.000" in card


def test_a_verifier_reviews_and_returns_a_narrative_through_the_pages(submitted, login, world):
    client = login(world.user("provincial_verifier"))
    client.post(D + "tinjauan/provincial/T1/", {"verdict": "needs_correction", "note": "Lengkapi data 2023"})
    client.post(D + "tinjauan/provincial/kembalikan/")
    narrative = Narrative.objects.get(registration=submitted, section__code="T1")
    assert narrative.status == Narrative.Status.RETURNED
    page = login(world.user("regency_coordinator")).get(D + "narasi/T1/").content.decode()
    assert "Lengkapi data 2023" in page and "data-editor" in page


@needs_pdf
def test_the_dossier_and_the_berita_acara_carry_the_general_data(registration, coordinator, login, world):
    _general(registration, coordinator)
    funding_create(
        registration=registration,
        user=coordinator,
        data={"data_year": 2024, "source": "apbd", "activity": "Pembinaan", "amount": "1000000"},
    )
    client = login(world.user("provincial_verifier"))
    dossier = client.get(D + "unduh.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(dossier.content)).pages)
    assert dossier["Content-Type"] == "application/pdf" and "Forum Kabupaten Sehat A Satu" in text
    assert "1.000.000" in text
    minutes = client.get("/verifikasi/11.01/TEST-2025/provincial/berita-acara/T1.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(minutes.content)).pages)
    assert "H. Ahmad Yani" in text and "Forum Kabupaten Sehat A Satu" in text


def test_a_province_never_sees_another_provinces_documents(world, login, registration):
    theirs = provincial_document_add(
        province=world.province_b,
        cycle=registration.cycle,
        kind="decree",
        user=world.user("national_admin"),
        uploaded_file=pdf_upload("sk.pdf", "b"),
        title="SK Provinsi B",
    )
    client = login(world.user("provincial_verifier"))
    assert client.get(f"/provinsi/12/TEST-2025/dokumen/{theirs.id}/").status_code == 404
    assert client.get(f"/provinsi/11/TEST-2025/dokumen/{theirs.id}/unduh/").status_code == 404
    assert client.get("/provinsi/12/TEST-2025/dokumen/").status_code == 404
    statuses = client.get("/api/v1/provincial-documents/TEST-2025/status").json()
    assert [s["province_code"] for s in statuses] == ["11"]
    assert "SK Provinsi B" not in client.get("/laporan/TEST-2025/").content.decode()


def test_a_province_uploads_and_submits_and_the_nation_sees_it_complete(world, login, registration):
    client = login(world.user("provincial_verifier"))
    for kind in ("decree", "work_plan", "coaching_report"):
        answer = client.post(
            "/provinsi/11/TEST-2025/dokumen/unggah/",
            {"file": pdf_upload(f"{kind}.pdf", kind), "kind": kind, "title": kind},
        )
        assert answer.status_code == 302
    client.post("/provinsi/11/TEST-2025/dokumen/kirim/")
    assert ProvincialDocument.objects.filter(dossier__status="submitted").count() == 3
    page = login(world.user("national_verifier")).get("/laporan/TEST-2025/").content.decode()
    assert 'id="provincial-documents"' in page and "PROVINSI A" in page
    assert page.count("badge blue") >= 1  # complete, not yet verified
