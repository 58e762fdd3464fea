"""One meaning of "complete": the dashboard, "What is missing", the API and the submission agree."""

import pytest

from wistara.assessments.selectors import registration_progress
from wistara.verification.selectors_submission import incomplete_items

from ..checklist import blocking, submission_checklist

pytestmark = pytest.mark.django_db
BASE = "/ruang/11.01/TEST-2025/"


def test_the_dashboard_the_missing_list_the_api_and_the_submission_agree(registration, world, client):
    client.force_login(world.user("regency_coordinator"))
    progress = registration_progress(registration)
    assert (progress.items, progress.complete, progress.ready) == (5, 2, 1)

    missing = client.get(f"{BASE}kekurangan/").context["missing"]
    listed = {m.response.indicator.code: m.stage for items in missing.values() for m in items}
    assert listed == {"T1.2": "waiting", "T2.1": "incomplete", "T2.2": "not_started", "K1.1": "not_started"}

    api = client.get("/api/v1/assessments/registrations/11.01/TEST-2025/progress").json()
    assert (api["items"], api["complete"], api["ready"]) == (5, 2, 1)
    dinkes = next(o for o in api["offices"] if o["office"] == "Dinkes")
    assert (dinkes["complete"], dinkes["ready"]) == (2, 1)
    api_missing = client.get("/api/v1/assessments/registrations/11.01/TEST-2025/missing").json()
    assert {i["indicator"]: i["stage"] for o in api_missing for i in o["items"]} == listed

    # Submission: what is not ready is what "What is missing" lists.
    assert sorted(incomplete_items(registration)) == sorted(listed)
    # The dashboard's office table counts the same complete and ready items.
    offices = {o.short_name: (o.complete, o.ready) for o in progress.offices}
    assert offices == {"Dinkes": (2, 1), "DLH": (0, 0)}


def test_the_checklist_blocks_on_the_general_data_and_warns_on_the_rest(registration, world, client):
    checks = {c.label: c for c in submission_checklist(registration)}
    general = checks["Data umum yang dicetak di berita acara"]
    assert not general.ok and general.blocking and "Bupati/Wali Kota" in general.details[0]
    items = checks["Semua butir lengkap dan tervalidasi"]
    assert not items.ok and not items.blocking
    assert items.details == [
        "3 butir belum lengkap (pilihan nilai atau data dukung belum ada).",
        "1 butir lengkap menunggu validasi kepala perangkat daerah.",
    ]
    assert blocking(list(checks.values()))

    from wistara.dossier.testing import general_data_filled

    general_data_filled(registration, world.user("regency_coordinator"))
    assert not blocking(submission_checklist(registration))


def test_the_submission_page_shows_the_checklist_and_refuses_without_general_data(
    registration, world, client
):
    client.force_login(world.user("regency_coordinator"))
    page = client.get(f"{BASE}periksa/")
    assert page.status_code == 200 and "Sebelum mengirim" in page.content.decode()
    submit = client.get("/verifikasi/11.01/TEST-2025/kirim/")
    body = submit.content.decode()
    assert "Data umum yang dicetak di berita acara belum diisi" in body and "disabled" in body
    answer = client.post("/verifikasi/11.01/TEST-2025/kirim/", {"confirm": "1"}, follow=True)
    assert "Data umum yang dicetak di berita acara belum diisi" in answer.content.decode()
    registration.refresh_from_db()
    assert registration.status == "self_assessment"


def test_a_leader_reads_the_submission_page_without_a_form(registration, world, client):
    client.force_login(world.user("leader"))
    body = client.get("/verifikasi/11.01/TEST-2025/kirim/").content.decode()
    assert "Kirim ke provinsi" not in body and "Hanya koordinator" in body
