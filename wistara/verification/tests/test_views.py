import json

import pytest
from django.core.management import call_command

from wistara.assessments.models import Registration
from wistara.common.pdf import pdf_available
from wistara.verification.models import Decision, Review

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/"


@pytest.fixture
def submitted(world, client):
    from wistara.dossier.testing import general_data_filled
    from wistara.testing.assessments import register

    registration = register(world.regency_a1)
    general_data_filled(registration, world.user("regency_coordinator"))
    client.force_login(world.user("regency_coordinator"))
    page = client.post(V + "kirim/", {})
    assert page.status_code == 200 and "belum lengkap" in page.content.decode()
    assert client.post(V + "kirim/", {"confirm": "1"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    return registration


def _review(client, response, verdict, option_points=None, note=""):
    option = response.indicator.options.get(points=option_points).id if option_points is not None else ""
    return client.post(
        f"{V}provincial/butir/{response.id}/", {"option": option, "verdict": verdict, "note": note}
    )


def test_it_lets_the_province_review_return_and_accept(submitted, world, client):
    client.force_login(world.user("provincial_verifier"))
    page = client.get(V + "provincial/")
    assert page.status_code == 200 and "T1.1" in page.content.decode()
    for response in submitted.responses.select_related("indicator"):
        if response.indicator.code == "T1.1":
            _review(client, response, "needs_correction", note="Bukti 2023 belum ditandatangani")
        else:
            _review(client, response, "accepted", option_points=100)
    assert Review.objects.count() == 5
    page = client.get(V + "provincial/kembalikan/")  # what goes back, and until when, first
    deadline = page.context["form"].initial["deadline"].strftime("%Y-%m-%dT%H:%M")
    client.post(V + "provincial/kembalikan/", {"deadline": deadline})
    submitted.refresh_from_db()
    assert submitted.status == Registration.Status.PROVINCIAL_RETURNED
    client.force_login(world.user("regency_coordinator"))
    client.post(V + "kirim-ulang/")
    submitted.refresh_from_db()
    assert submitted.status == Registration.Status.PROVINCIAL_REVIEW


def test_it_refuses_reviews_from_a_leader_and_hides_them_from_other_tenants(submitted, world, client):
    response = submitted.responses.first()
    client.force_login(world.user("leader"))
    assert client.get(V + "provincial/").status_code == 200
    assert _review(client, response, "accepted", 100).status_code == 403
    client.force_login(world.user("other_coordinator"))
    assert client.get(V + "provincial/").status_code == 404
    client.force_login(world.user("regency_coordinator"))
    assert _review(client, response, "accepted", 100).status_code == 403
    assert not Review.objects.exists()


def test_it_records_a_decision_and_reports_the_award_status(submitted, world, client, capsys):
    Registration.objects.filter(pk=submitted.pk).update(status=Registration.Status.NATIONAL_VERIFIED)
    client.force_login(world.user("provincial_verifier"))
    assert client.post(V + "keputusan/", {"category": "", "reason": "x"}).status_code == 403
    client.force_login(world.user("national_admin"))
    page = client.get(V + "keputusan/")
    assert page.status_code == 200
    client.post(V + "keputusan/", {"category": "", "reason": "Skor belum memenuhi Padapa.", "confirm": "1"})
    decision = Decision.objects.get()
    assert decision.category is None and decision.engine_result["category"] is None
    call_command("award_status", regency="11.01", cycle="TEST-2025", json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["category"] is None and data["next"] == "padapa"
    assert data["what_if"]["target"] == "padapa" and data["what_if"]["changes"]


@pytest.mark.skipif(
    not pdf_available(),
    reason="WeasyPrint needs the Pango library (apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
)
def test_it_prints_the_berita_acara_of_a_tatanan(submitted, world, client):
    import io

    from pypdf import PdfReader

    client.force_login(world.user("provincial_verifier"))
    for response in submitted.responses.select_related("indicator"):
        _review(client, response, "accepted", option_points=100)
    pdf = client.get(V + "provincial/berita-acara/T1.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KABUPATEN A SATU" in text and "T1.1" in text and "T1.2" in text and "T2.1" not in text
    assert "Provincial Verifier" in text
    assert client.get(V + "provincial/berita-acara/X9.pdf").status_code == 404


def test_it_records_the_field_validation(submitted, world, client):
    Registration.objects.filter(pk=submitted.pk).update(status=Registration.Status.NATIONAL_VERIFIED)
    data = {
        "starts_on": "2025-10-01",
        "ends_on": "2025-10-02",
        "team": "Tim Pusat\nTim Provinsi",
        "villages": ["11.01.01.2001"],
        "finding_T1": "Posyandu aktif",
    }
    client.force_login(world.user("leader"))
    assert client.post(V + "lapangan/", data).status_code == 403
    client.force_login(world.user("national_verifier"))
    assert client.post(V + "lapangan/", data).status_code == 302
    visit = submitted.field_visit
    assert [m["name"] for m in visit.team] == ["Tim Pusat", "Tim Provinsi"]
    assert visit.findings.get().finding == "Posyandu aktif"
    client.force_login(world.user("leader"))
    assert "Posyandu aktif" in client.get(V + "lapangan/").content.decode()
