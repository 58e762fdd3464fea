"""The institutions and meetings pages through the HTTP client."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.assessments.models import Response
from wistara.common.pdf import pdf_available
from wistara.evidence.models import Evidence
from wistara.institutions.models import ActionItem, Decree, Institution, Meeting

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db

BASE = "/ruang/11.01/TEST-2025"


def test_the_overview_shows_the_estimate_and_flags(login, coordinator, registration):
    page = login(coordinator).get(f"{BASE}/lembaga/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "K4.4" in text and "Isi 16 butir kelembagaan" in text
    assert "0 SK sah dari 2 yang dinyatakan" in text


def test_a_coordinator_records_a_decree_and_sees_it_count(login, coordinator, registration):
    client = login(coordinator)
    answer = client.post(
        f"{BASE}/lembaga/tim-pembina/simpan/sk/",
        {
            "number": "188/1/2023",
            "signed_on": "2023-01-10",
            "signer_name": "Bupati A",
            "signer_authority": "bupati",
            "names_kks": "on",
            "file": pdf(),
        },
    )
    assert answer.status_code == 302 and answer["Location"].endswith("/lembaga/tim-pembina/#sk")
    decree = Decree.objects.get()
    page = client.get(f"{BASE}/lembaga/tim-pembina/").content.decode()
    assert "188/1/2023" in page and "berlaku" in page
    download = client.get(f"{BASE}/lembaga/berkas/{decree.file_id}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(PDF)
    client.post(f"{BASE}/lembaga/catatan/sk/{decree.id}/hapus/")
    decree.refresh_from_db()
    assert decree.removed_at is not None


def test_bad_input_is_shown_on_the_form(login, coordinator, registration):
    answer = login(coordinator).post(
        f"{BASE}/lembaga/fkk/11.01.01/simpan/anggaran/",
        {"year": "2024", "source": "apbd", "amount": "banyak"},
    )
    assert answer.status_code == 400
    assert "Masukkan jumlah dalam rupiah" in answer.content.decode()
    assert not Institution.objects.exists() or not Institution.objects.get().budgets.exists()


def test_an_area_outside_the_regency_is_not_found(login, coordinator, registration):
    client = login(coordinator)
    assert client.get(f"{BASE}/lembaga/fkk/12.01.01/").status_code == 404
    assert client.get(f"{BASE}/lembaga/tim-pembina/11.01.01/").status_code == 404
    assert client.get(f"{BASE}/lembaga/fkk/").status_code == 404


def test_read_only_roles_cannot_change(login, world, registration):
    answer = login(world.user("leader")).post(
        f"{BASE}/lembaga/forum/simpan/data/", {"revision": 0, "name": "Forum"}
    )
    assert answer.status_code == 403
    assert not Institution.objects.exists()


def test_prefill_from_the_page(login, coordinator, registration):
    client = login(coordinator)
    client.post(
        f"{BASE}/lembaga/tim-pembina/simpan/sk/",
        {
            "number": "188/1/2023",
            "signed_on": "2023-01-10",
            "signer_name": "Bupati A",
            "signer_authority": "bupati",
            "names_kks": "on",
            "file": pdf(),
        },
    )
    # A preview first (issue 10): nothing changes until the confirmation.
    answer = client.post(f"{BASE}/lembaga/isi-kelembagaan/", follow=True)
    assert "Isi 16 butir kelembagaan dari catatan" in answer.content.decode()
    assert Response.objects.get(registration=registration, indicator__code="K1.1").points is None
    applied = client.post(answer.redirect_chain[-1][0] + "terapkan/", follow=True)
    assert "Diterapkan: 16 butir berubah" in applied.content.decode()
    assert Response.objects.get(registration=registration, indicator__code="K1.1").points == 100


def schedule(client, world, days=-1):
    day = timezone.localdate() + timedelta(days=days)
    return client.post(
        f"{BASE}/rakor/baru/",
        {
            "title": "Rakor KKS",
            "day": day.isoformat(),
            "time": "09:00",
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "Pembagian tugas",
            "invited_offices": [world.office_a1.id],
        },
    )


def test_a_meeting_from_schedule_to_evidence(login, world, coordinator, registration):
    client = login(coordinator)
    answer = schedule(client, world)
    meeting = Meeting.objects.get()
    assert answer["Location"] == f"{BASE}/rakor/{meeting.id}/"
    row = meeting.attendance.get()
    client.post(f"{BASE}/rakor/{meeting.id}/hadir/", {f"present-{row.id}": "on", f"by-{row.id}": "Kabid"})
    row.refresh_from_db()
    assert row.present and row.represented_by == "Kabid"
    client.post(
        f"{BASE}/rakor/{meeting.id}/minutes/simpan/",
        {"revision": meeting.revision + 1, "minutes": "Dibahas", "decisions": ""},
    )
    meeting.refresh_from_db()
    assert meeting.status == "held"
    client.post(f"{BASE}/rakor/{meeting.id}/file/simpan/", {"which": "minutes", "file": pdf("notulen.pdf")})
    client.post(
        f"{BASE}/rakor/{meeting.id}/action/simpan/",
        {"description": "Susun Perda", "office": world.office_a1.id, "due_on": "2020-01-01"},
    )
    assert ActionItem.objects.get().office == world.office_a1
    item = registration.responses.get(indicator__code="K1.2")
    answer = client.post(
        f"{BASE}/rakor/{meeting.id}/attach/simpan/", {"data_year": 2024, "responses": [item.id]}
    )
    assert answer.status_code == 302
    assert Evidence.objects.get(response=item).kind == "minutes"
    assert "rakor/tindak-lanjut/terlambat/" in client.get(f"{BASE}/").content.decode()
    box = client.get(f"{BASE}/rakor/tindak-lanjut/terlambat/").content.decode()
    assert "1 tindak lanjut rapat koordinasi yang terlambat" in box and "Susun Perda" in box
    calendar = client.get(f"{BASE}/rakor/").content.decode()
    assert "Rakor KKS" in calendar


@pytest.mark.skipif(not pdf_available(), reason="needs Pango for WeasyPrint")
def test_invitation_and_minutes_print(login, world, coordinator, registration):
    client = login(coordinator)
    schedule(client, world)
    meeting = Meeting.objects.get()
    for document in ("undangan", "notulen"):
        answer = client.get(f"{BASE}/rakor/{meeting.id}/{document}.pdf")
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF")


def test_minutes_of_a_future_meeting_are_refused(login, world, coordinator, registration):
    client = login(coordinator)
    schedule(client, world, days=3)
    meeting = Meeting.objects.get()
    answer = client.post(
        f"{BASE}/rakor/{meeting.id}/minutes/simpan/",
        {"revision": meeting.revision, "minutes": "Terlalu cepat"},
    )
    assert answer.status_code == 400 and "belum berlangsung" in answer.content.decode()


def test_an_operator_moves_its_own_office_action_items_only(login, world, coordinator, registration):
    schedule(login(coordinator), world)
    meeting = Meeting.objects.get()
    mine = ActionItem.objects.create(
        meeting=meeting, description="A", office=world.office_a1, due_on=timezone.localdate()
    )
    theirs = ActionItem.objects.create(
        meeting=meeting, description="B", office=world.office_a1_other, due_on=timezone.localdate()
    )
    client = login(world.user("opd_operator"))
    assert (
        client.post(f"{BASE}/rakor/tindak-lanjut/{mine.id}/", {"revision": 1, "status": "done"}).status_code
        == 302
    )
    assert (
        client.post(f"{BASE}/rakor/tindak-lanjut/{theirs.id}/", {"revision": 1, "status": "done"}).status_code
        == 403
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "done" and theirs.status == "open"


def test_handover_page(login, world, coordinator, registration):
    client = login(coordinator)
    leaving, successor = world.user("opd_operator"), world.user("leader")
    answer = client.post(
        f"{BASE}/rakor/serah-terima/", {"predecessor": leaving.id, "successor": successor.id}, follow=True
    )
    assert "Diserahkan" in answer.content.decode()
    assert successor.role_assignments.filter(office=world.office_a1).exists()


def test_a_kelembagaan_item_shows_what_the_registry_is_worth(login, coordinator, registration):
    client = login(coordinator)
    client.post(
        f"{BASE}/lembaga/tim-pembina/simpan/sk/",
        {
            "number": "188/1/2023",
            "signed_on": "2023-01-10",
            "signer_name": "Bupati A",
            "signer_authority": "bupati",
            "names_kks": "on",
            "file": pdf(),
        },
    )
    item = registration.responses.get(indicator__code="K1.1")
    page = client.get(f"{BASE}/indikator/{item.id}/").content.decode()
    assert "Menurut catatan kelembagaan" in page and "SK 188/1/2023 tanggal 10-01-2023 sah." in page
    other = registration.responses.get(indicator__code="T1.1")
    assert "Menurut catatan kelembagaan" not in client.get(f"{BASE}/indikator/{other.id}/").content.decode()
