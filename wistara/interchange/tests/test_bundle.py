import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wistara.evidence.services import evidence_add_link, evidence_upload
from wistara.jobs.models import Job

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_the_bundle_job_zips_every_file_with_an_index_of_checksums(registration, world, client):
    user = world.user("regency_coordinator")
    uploads = {}
    for code, year, name in (
        ("T1.1", 2023, "Laporan A.pdf"),
        ("T1.1", 2024, "Laporan A.pdf"),
        ("T2.3", 2024, "SK Bupati.pdf"),
        ("K1.1", 2024, "SK Tim.pdf"),
    ):
        item = registration.responses.get(indicator__code=code)
        content = PDF + f"{code}{year}".encode() * 50
        evidence_upload(
            response=item,
            uploaded_file=SimpleUploadedFile(name, content),
            data_year=year,
            kind="report",
            user=user,
        )
        uploads[(code, year)] = content
    evidence_add_link(
        response=registration.responses.get(indicator__code="T1.1"),
        url="https://drive.google.com/file/d/ABCDEFGHIJKL/view",
        data_year=2024,
        kind="report",
        user=user,
    )
    client.force_login(user)
    answer = client.post(f"/ruang/{registration.regency.code}/{registration.cycle.code}/pertukaran/berkas/")
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/tugas/{job.id}/"
    assert job.status == Job.Status.DONE and (job.done, job.total) == (4, 4)
    page = client.get(f"/tugas/{job.id}/").content.decode()
    assert "100%" in page and f"/tugas/{job.id}/unduh/" in page
    download = client.get(f"/tugas/{job.id}/unduh/")
    data = b"".join(download.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "T1-Kehidupan-Masyarakat-Sehat-Mandiri/T1.1/2023/T1.1-Laporan-A.pdf" in names
        assert "K1-Tim-Pembina/K1.1/2024/K1.1-SK-Tim.pdf" in names
        index = openpyxl.load_workbook(io.BytesIO(archive.read("index.xlsx")))["Indeks"]
        rows = [[c.value for c in row] for row in index.iter_rows(min_row=2)]
        files = [r for r in rows if not r[8]]
        assert len(files) == 4 and len(rows) == 5
        for path, code, year, _title, _kind, _orig, size, sha, _url in files:
            content = archive.read(path)
            assert content == uploads[(code, year)]
            assert size == len(content) and sha == hashlib.sha256(content).hexdigest()
        assert any(r[8] == "https://drive.google.com/file/d/ABCDEFGHIJKL/view" for r in rows)
