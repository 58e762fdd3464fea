"""The berita acara fit to sign: number, place, the completion date, the level's percentage and
category, the provincial column on the national one, NIP lines; a draft until the level completes."""

import io

import pytest

from wistara.common.pdf import pdf_available
from wistara.verification.services import national_accept_provincial, verification_complete

from .test_national import verified  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not pdf_available(), reason="no Pango")]
V = "/verifikasi/11.01/TEST-2025/"


def _pages(client, url):
    from pypdf import PdfReader

    reply = client.get(url)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(reply.content)).pages]


def test_the_national_berita_acara_is_a_draft_until_complete_then_fit_to_sign(verified, client):  # noqa: F811
    nation = verified.world.user("national_verifier")
    national_accept_provincial(registration=verified.registration, user=nation)
    client.force_login(nation)
    pages = _pages(client, V + "national/berita-acara/T1.pdf")
    assert all("DRAF" in page for page in pages)
    verification_complete(registration=verified.registration, level="national", user=nation)
    text = " ".join(_pages(client, V + "national/berita-acara/T1.pdf"))
    assert "DRAF" not in text
    assert "BA-VN/T1/11.01/TEST-2025" in text and "Jakarta," in text
    assert "Provinsi" in text and "Nasional" in text  # both columns
    assert "Skor keseluruhan pada tingkat ini" in text and "%" in text
    assert "Kategori yang dicapai" in text
    assert "NIP." in text
    pages = _pages(client, V + "national/berita-acara/T1.pdf")
    for row in ("T1.1", "T1.2"):  # each row whole on one page: its code and its verdict together
        assert any(row in page and "Diterima" in page for page in pages)


def test_the_provincial_one_carries_the_completion_date_and_the_province(verified, client):  # noqa: F811
    client.force_login(verified.verifier)
    text = " ".join(_pages(client, V + "provincial/berita-acara/T1.pdf"))
    assert "BA-VP/T1/11.01/TEST-2025" in text and "PROVINSI A," in text and "DRAF" not in text
