"""The ODF endpoints under /api/v1/odf/: same rules as the pages."""

from datetime import timedelta
from decimal import Decimal
from typing import get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wistara.accounts.services import api_token_create
from wistara.assessments.api_odf import OdfFilter
from wistara.assessments.models import Cycle, VillageOdf
from wistara.assessments.selectors_odf import FILTERS
from wistara.testing.assessments import register

pytestmark = pytest.mark.django_db

DESA, KEL = "11.01.01.2001", "11.01.01.1001"
URL = "/api/v1/odf/11.01/TEST-2025"


@pytest.fixture
def registration(world):
    return register(world.regency_a1)


@pytest.fixture
def api(client, world):
    """Calls with a personal token of the given role, answers in English."""

    def _api(role: str, method: str, path: str = "", **kwargs):
        _token, secret = api_token_create(user=world.user(role), name="test")
        headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
        client.cookies["django_language"] = "en"
        return getattr(client, method)(URL + path, headers=headers, **kwargs)

    return _api


def _put(api, role, code, body):
    return api(role, "put", f"/villages/{code}", data=body, content_type="application/json")


def test_it_reports_the_summary_with_the_gate_and_the_sipantas_fields(registration, api):
    assert (
        _put(api, "regency_coordinator", DESA, {"is_odf": True, "verified_on": "2024-08-17"}).status_code
        == 200
    )
    data = api("leader", "get").json()
    assert (data["villages"], data["odf"], Decimal(data["percent"])) == (2, 1, Decimal("50.00"))
    assert data["gate"] == {"category": "wiwerda", "needed": "90.00", "met": False}
    assert data["sipantas"] == {
        "tahun": 2025,
        "jumlah_kecamatan": 1,
        "jumlah_desa_kelurahan": 2,
        "jumlah_desa_stop_babs": 1,
        "persentase_desa_stop_babs": "50.00",
    }
    assert data["can_change"] is False and data["locked"] is None


def test_it_lists_villages_with_a_filter(registration, api):
    _put(api, "national_admin", KEL, {"is_odf": True, "verified_on": "2024-08-17"})
    rows = api("provincial_verifier", "get", "/villages").json()
    assert [(r["code"], r["is_odf"], r["verified_on"]) for r in rows] == [
        (KEL, True, "2024-08-17"),
        (DESA, False, None),
    ]
    assert [r["code"] for r in api("leader", "get", "/villages?show=odf").json()] == [KEL]
    refused = api("leader", "get", "/villages?show=x")
    assert refused.status_code == 422 and "show" in refused.json()["fields"]
    # The filter the document lists is the selectors' own.
    assert get_args(OdfFilter) == FILTERS


def test_it_refuses_bad_values_and_locked_data(registration, api):
    response = _put(api, "regency_coordinator", DESA, {"is_odf": True})
    assert response.status_code == 400 and "verification date" in response.json()["detail"]
    assert _put(api, "regency_coordinator", "12.01.01.2001", {"is_odf": False}).status_code == 404
    Cycle.objects.update(self_assessment_deadline=timezone.localdate() - timedelta(days=1))
    response = _put(api, "regency_coordinator", DESA, {"is_odf": True, "verified_on": "2024-08-17"})
    # Issue 15: locked data answer 400 (code "locked") as in every other app; 409 means a stale revision.
    assert response.status_code == 400 and "deadline" in response.json()["detail"]
    assert response.json()["code"] == "locked"
    assert not VillageOdf.objects.exists()


def test_it_enforces_access(registration, api):
    body = {"is_odf": False}
    for role in ("leader", "opd_operator", "provincial_verifier", "national_verifier"):
        assert api(role, "get").status_code == 200
        assert _put(api, role, DESA, body).status_code == 403
    assert api("other_coordinator", "get").status_code == 404
    assert _put(api, "other_coordinator", DESA, body).status_code == 404
    assert _put(api, "national_admin", DESA, body).status_code == 200


def test_it_imports_an_upload_or_lists_its_bad_rows(registration, api):
    good = SimpleUploadedFile("odf.csv", f"Kode;Status;Tanggal\n{DESA};Ya;17-08-2024\n".encode())
    response = api("regency_coordinator", "post", "/upload", data={"file": good})
    assert response.status_code == 200
    assert response.json() == {"rows": 1, "changed": 1, "unchanged": 0, "odf": 1}
    bad = SimpleUploadedFile("odf.csv", f"Kode;Status;Tanggal\n{KEL};Ya;\n{KEL};x;\n".encode())
    response = api("regency_coordinator", "post", "/upload", data={"file": bad})
    assert response.status_code == 400
    assert [e["row"] for e in response.json()["rows"]] == [2, 3, 3]  # row 3: duplicate, bad status
    leader_file = SimpleUploadedFile("odf.csv", b"Kode;Status;Tanggal\n")
    assert api("leader", "post", "/upload", data={"file": leader_file}).status_code == 403
    assert api("other_coordinator", "post", "/upload").status_code == 404
    assert api("regency_coordinator", "post", "/upload").status_code == 400
    assert VillageOdf.objects.count() == 1
