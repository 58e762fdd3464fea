"""An office's operator reads only its own office's items in verification too."""

import pytest

from wistara.assessments.services.assignments import response_assign
from wistara.common.pdf import pdf_available

from .conftest import NOTE, build_rounds

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/"
API = "/api/v1/verification/11.01/TEST-2025/"
OTHER_NOTE = "Catatan untuk DLH saja."


@pytest.fixture
def two_offices(world, media):
    """T1.1 (Dinkes, the operator's office) and T2.1 (DLH) both returned with notes."""
    rounds = build_rounds(
        world,
        returned=("T1.1",),
        before_submit=lambda registration: response_assign(
            response=registration.responses.get(indicator__code="T2.1"),
            office=world.office_a1_other,
            user=None,
        ),
    )
    from wistara.verification.models import Review

    Review.objects.filter(response=rounds.item("T2.1"), level="provincial").update(
        verdict="needs_correction", note=OTHER_NOTE
    )
    return rounds


def test_the_reviews_list_and_the_screen_show_only_the_own_office(two_offices, client):
    t11, t21 = two_offices.item("T1.1"), two_offices.item("T2.1")
    client.force_login(two_offices.operator)
    html = client.get(V + "provincial/").content.decode()
    assert f'id="item-{t11.id}"' in html and f'id="item-{t21.id}"' not in html
    assert OTHER_NOTE not in html and NOTE in html
    html = client.get(V + "provincial/tinjau/").content.decode()
    assert f'id="q-{t21.id}"' not in html and OTHER_NOTE not in html
    assert client.get(f"{V}provincial/tinjau/{t21.id}/").status_code == 404
    html = client.get(V + "provincial/").content.decode()
    assert f"/{t21.id}/" not in html and "/wilayah/provinsi/" not in html  # no link to a 404


def test_the_api_answers_404_for_another_office_item(two_offices, client):
    t11, t21 = two_offices.item("T1.1"), two_offices.item("T2.1")
    client.force_login(two_offices.operator)
    assert client.get(f"{API}provincial/changes/{t21.id}").status_code == 404
    assert client.get(f"/api/v1/assessments/responses/{t21.id}").status_code == 404
    assert client.get(f"{API}provincial/changes/{t11.id}").status_code == 200
    reviews = client.get(f"{API}provincial/reviews").json()
    codes = {r["indicator"] for r in reviews}
    assert "T1.1" in codes and "T2.1" not in codes
    client.force_login(two_offices.world.user("regency_coordinator"))
    assert client.get(f"{API}provincial/changes/{t21.id}").status_code == 200


@pytest.mark.skipif(not pdf_available(), reason="WeasyPrint is not installed")
def test_the_berita_acara_prints_only_the_own_office(two_offices, client):
    client.force_login(two_offices.operator)
    import io

    from pypdf import PdfReader

    pdf = client.get(V + "provincial/berita-acara/T2.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "T2.1" not in text and OTHER_NOTE not in text
