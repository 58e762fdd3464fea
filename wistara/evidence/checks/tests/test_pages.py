"""Findings where people decide: the office's panel (polled until checked), the coordinator's
dashboard and list, the verifier's review screen, the API; nobody outside the tenancy."""

import pytest

from wistara.assessments.models import Registration

from ..models import Level, UseCheck
from . import files
from .corpus_text import POSYANDU, WATER

pytestmark = pytest.mark.django_db
DASH = "/ruang/11.01/TEST-2025/"


@pytest.fixture
def flagged(checked, response):
    """One report of another indicator (a warning) and one password-protected PDF (a problem)."""
    wrong = checked(response, files.text_pdf(POSYANDU.format(years="2024")), name="posyandu.pdf")
    locked = checked(response, files.encrypted_pdf(WATER.format(years="2024")), name="kunci.pdf")
    return wrong, locked


def test_the_office_sees_the_findings_with_what_to_do(flagged, login, world, response):
    wrong, locked = flagged
    page = login(world.user("opd_operator")).get(f"/bukti/{response.id}/").content.decode()
    assert "Terlihat seperti bukti T2.1" in page
    assert "Periksa apakah berkas ini diunggah pada indikator yang benar" in page
    assert "dilindungi kata sandi" in page and "1 masalah" in page
    assert 'hx-trigger="every 2s"' not in page  # checked: nothing to wait for


def test_the_page_asks_again_until_the_worker_has_checked_the_file(
    response, world, login, django_capture_on_commit_callbacks
):
    client = login(world.user("opd_operator"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(
            f"/bukti/{response.id}/unggah/",
            {
                "file": files_upload(files.text_pdf(WATER.format(years="2024"))),
                "data_year": "2024",
                "kind": "report",
                "title": "",
            },
            HTTP_HX_REQUEST="true",
        )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Sedang diperiksa" in page and 'hx-trigger="every 2s"' in page
    evidence = response.evidence.get()
    poll = client.get(f"/bukti/{evidence.id}/pemeriksaan/").content.decode()
    assert 'hx-trigger="every 2s"' in poll
    for callback in callbacks:  # the worker runs after the commit
        callback()
    poll = client.get(f"/bukti/{evidence.id}/pemeriksaan/").content.decode()
    assert 'hx-trigger="every 2s"' not in poll and "Tidak ada tanda tangan digital" in poll


def files_upload(content: bytes, name: str = "laporan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_the_coordinator_counts_files_with_problems_per_office_with_links(flagged, login, world):
    client = login(world.user("regency_coordinator"))
    assert "/ruang/11.01/TEST-2025/pemeriksaan-bukti/ringkasan/" in client.get(DASH).content.decode()
    page = client.get(DASH + "pemeriksaan-bukti/ringkasan/").content.decode()
    assert 'id="evidence-check-counts"' in page
    link = f"/ruang/11.01/TEST-2025/pemeriksaan-bukti/?opd={world.office_a1.id}"
    assert link in page
    listing = client.get(link).content.decode()
    assert "kunci.pdf" in listing and "posyandu.pdf" in listing and "T1.1" in listing
    other = client.get(f"/ruang/11.01/TEST-2025/pemeriksaan-bukti/?opd={world.office_a1_other.id}")
    assert "kunci.pdf" not in other.content.decode()


def test_the_verifier_sees_the_findings_beside_each_item(flagged, world, login, registration):
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.PROVINCIAL_REVIEW)
    page = login(world.user("provincial_verifier")).get("/verifikasi/11.01/TEST-2025/provincial/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "hanya saran" in html and "Terlihat seperti bukti T2.1" in html
    assert "dilindungi kata sandi" in html


def test_the_api_gives_the_findings_within_the_tenancy_only(flagged, world, login):
    wrong, locked = flagged
    client = login(world.user("national_verifier"))
    answer = client.get(f"/api/v1/evidence/{locked.id}/check").json()
    assert answer["level"] == Level.PROBLEM and answer["advice_only"] is True
    assert [f["code"] for f in answer["findings"]] == ["encrypted"]
    assert answer["findings"][0]["advice"]
    assert login(world.user("other_coordinator")).get(f"/api/v1/evidence/{wrong.id}/check").status_code == 404
    assert UseCheck.objects.count() == 2


def test_each_item_of_the_list_shows_a_mark_when_its_files_were_flagged(flagged, login, world, response):
    page = login(world.user("opd_operator")).get(DASH + "indikator/").content.decode()
    row = page.split(f'indikator/{response.id}/"', 1)[1].split("</tr>", 1)[0]
    assert 'class="badge red"' in row and "✖ 1" in row
