"""The ODF pages through the HTTP client: table, per-row htmx save, upload, template, access."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wistara.assessments.models import Cycle, VillageOdf
from wistara.assessments.services.odf import odf_set
from wistara.testing.assessments import register
from wistara.testing.factories import DistrictFactory, VillageFactory

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"
BASE = "/ruang/11.01/TEST-2025/odf/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


@pytest.fixture
def as_user(client, world):
    def _as(role: str):
        client.force_login(world.user(role))
        client.cookies["django_language"] = "en"
        return client

    return _as


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("odf.csv", text.encode(), content_type="text/csv")


def test_it_shows_the_villages_by_kecamatan_with_counts_and_the_gate(registration, as_user):
    odf_set(
        registration=registration, village_code=DESA, is_odf=True, verified_on=timezone.localdate(), user=None
    )
    response = as_user("regency_coordinator").get(BASE)
    assert response.status_code == 200
    page = response.content.decode()
    assert DESA in page and KEL in page and "50.00%" in page and "≥ 90%" in page
    assert f'hx-post="{BASE}{DESA}/"' in page
    assert [r.code for d in response.context["districts"] for r in d.rows] == [KEL, DESA]


def test_it_filters_the_table(registration, as_user):
    odf_set(
        registration=registration, village_code=DESA, is_odf=True, verified_on=timezone.localdate(), user=None
    )
    response = as_user("leader").get(BASE + "?tampil=not_odf")
    assert [r.code for d in response.context["districts"] for r in d.rows] == [KEL]
    response = as_user("leader").get(BASE + "?tampil=nonsense")
    assert response.context["show"] == "all"


def test_it_shows_readers_the_table_without_forms(registration, as_user):
    for role in ("leader", "opd_operator", "provincial_verifier", "national_verifier"):
        response = as_user(role).get(BASE)
        assert response.status_code == 200
        assert "hx-post" not in response.content.decode()
        assert "odf/unggah/" not in response.content.decode()


def test_it_hides_other_tenants_registrations(registration, as_user, client):
    assert as_user("other_coordinator").get(BASE).status_code == 404
    assert as_user("no_role").get(BASE).status_code == 404
    assert as_user("other_coordinator").post(BASE + DESA + "/", {"is_odf": "1"}).status_code == 404
    assert as_user("other_coordinator").get(BASE + "templat.csv").status_code == 404
    client.logout()
    assert client.get(BASE).status_code == 302


def test_it_saves_one_row_with_htmx_and_refreshes_the_counts(registration, as_user, world):
    response = as_user("regency_coordinator").post(
        BASE + DESA + "/", {"is_odf": "1", "verified_on": "2024-08-17"}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="v-{DESA}"') and "checked" in body
    assert 'id="odf-summary"' in body and 'hx-swap-oob="true"' in body and "50.00%" in body
    assert 'id="g-11.01.01" class="odf-group" hx-swap-oob="true"' in body and "1 of 2 ODF" in body
    assert 'id="odf-filter"' in body and "ODF (1)" in body
    row = VillageOdf.objects.get(registration=registration, village__code=DESA)
    assert (row.is_odf, str(row.verified_on), row.updated_by) == (
        True,
        "2024-08-17",
        world.user("regency_coordinator"),
    )


def test_it_keeps_the_pages_filter_in_the_refreshed_tabs(registration, as_user):
    headers = HTMX | {"HX-Current-URL": f"http://testserver{BASE}?tampil=not_odf"}
    response = as_user("regency_coordinator").post(BASE + KEL + "/", {"verified_on": ""}, headers=headers)
    assert response.context["show"] == "not_odf"
    assert '?tampil=not_odf" aria-current="page"' in response.content.decode()


def test_it_keeps_a_refused_row_unsaved_with_its_message(registration, as_user):
    response = as_user("regency_coordinator").post(BASE + DESA + "/", {"is_odf": "1"}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "needs its verification date" in body and "Not saved" in body and "checked" in body
    assert "hx-swap-oob" not in body
    response = as_user("regency_coordinator").post(
        BASE + DESA + "/", {"is_odf": "1", "verified_on": "17.08.2024"}, headers=HTMX
    )
    assert "Not saved" in response.content.decode()
    assert not VillageOdf.objects.exists()


def test_it_saves_a_row_without_javascript_and_comes_back_to_the_table(registration, as_user):
    response = as_user("national_admin").post(BASE + KEL + "/", {"verified_on": "17-08-2024"})
    assert response.status_code == 302 and response["Location"].endswith(f"{BASE}#v-{KEL}")
    assert VillageOdf.objects.get(village__code=KEL).is_odf is False


def test_it_refuses_changes_to_readers_and_unknown_villages(registration, as_user):
    for role in ("leader", "opd_operator", "provincial_verifier", "national_verifier"):
        client = as_user(role)
        assert (
            client.post(
                BASE + DESA + "/", {"is_odf": "1", "verified_on": "2024-08-17"}, headers=HTMX
            ).status_code
            == 403
        )
        assert client.get(BASE + "unggah/").status_code == 403
        assert client.post(BASE + "unggah/", {"file": _csv("x")}).status_code == 403
    assert not VillageOdf.objects.exists()
    assert as_user("regency_coordinator").post(BASE + "12.01.01.2001/", {}).status_code == 404
    assert as_user("leader").get(BASE + DESA + "/", headers=HTMX).status_code == 200


def test_it_locks_the_page_after_the_deadline(registration, as_user):
    Cycle.objects.update(self_assessment_deadline=timezone.localdate() - timedelta(days=1))
    client = as_user("regency_coordinator")
    page = client.get(BASE).content.decode()
    assert "deadline" in page and "hx-post" not in page
    response = client.post(BASE + DESA + "/", {"is_odf": "1", "verified_on": "2024-08-17"}, headers=HTMX)
    assert "deadline" in response.content.decode() and "Not saved" in response.content.decode()
    response = client.post(BASE + "unggah/", {"file": _csv(f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024")})
    assert response.status_code == 400 and "deadline" in response.content.decode()
    assert not VillageOdf.objects.exists()


def test_it_imports_an_upload_and_reports_the_counts(registration, as_user):
    client = as_user("regency_coordinator")
    assert client.get(BASE + "unggah/").status_code == 200
    upload = _csv(f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024\n{KEL};Tidak;\n")
    response = client.post(BASE + "unggah/", {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == BASE
    assert "2 villages read, 1 changed, 1 unchanged" in response.content.decode()
    assert VillageOdf.objects.filter(is_odf=True).count() == 1


def test_it_lists_the_rows_of_a_refused_upload(registration, as_user):
    upload = _csv(f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024\n99.99.99.9999;Ya;17-08-2024\n{KEL};Ya;\n")
    response = as_user("regency_coordinator").post(BASE + "unggah/", {"file": upload})
    assert response.status_code == 400
    assert [e.row for e in response.context["errors"]] == [3, 4]
    body = response.content.decode()
    assert "2 problems" in body and "Nothing was saved" in body and "99.99.99.9999" in body
    assert not VillageOdf.objects.exists()
    response = as_user("regency_coordinator").post(BASE + "unggah/", {})
    assert response.status_code == 400 and response.context["form"].errors


def test_it_offers_a_template_that_imports_back_unchanged(registration, as_user):
    odf_set(
        registration=registration, village_code=DESA, is_odf=True, verified_on=timezone.localdate(), user=None
    )
    client = as_user("leader")
    response = client.get(BASE + "templat.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    # The first row says when the template was downloaded (issue 10); the header follows.
    assert text.startswith("\ufeffODF template of KABUPATEN A SATU")
    assert text.split("\r\n")[1].startswith("Kode Desa/Kelurahan;Kecamatan;")
    assert f"{DESA};" in text and ";Ya;" in text and f"{KEL};" in text and ";Tidak;" in text
    template = SimpleUploadedFile("t.csv", response.content)
    response = as_user("regency_coordinator").post(BASE + "unggah/", {"file": template}, follow=True)
    assert "0 changed, 2 unchanged" in response.content.decode()


def test_it_serves_the_page_in_the_same_number_of_queries_whatever_the_villages(world, registration, as_user):
    client = as_user("regency_coordinator")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BASE).status_code == 200
        return len(queries)

    before = count()
    district = DistrictFactory(regency=world.regency_a1, code="11.01.02")
    for number in range(60):
        VillageFactory(district=district, code=f"11.01.02.{2001 + number}")
        odf_set(
            registration=registration,
            village_code=f"11.01.02.{2001 + number}",
            is_odf=number % 2 == 0,
            verified_on=timezone.localdate(),
            user=world.user("leader"),
        )
    assert count() == before <= 12
