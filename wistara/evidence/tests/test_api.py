"""The evidence API: same services and access as the panel, refusals as JSON {"detail": ...}."""

import pytest

from wistara.accounts.services import api_token_create
from wistara.assessments.models import Response

from .. import services
from ..models import Evidence
from . import files
from .conftest import assert_nothing_left
from .test_views import Unreadable

pytestmark = pytest.mark.django_db

API = "/api/v1/evidence"


@pytest.fixture
def as_user(client, world):
    def _as(role: str) -> dict:
        _token, secret = api_token_create(user=world.user(role), name="tes")
        return {"Authorization": f"Bearer {secret}"}

    return _as


def _upload(client, response, auth, content, name="laporan.pdf", year=2023, kind="report"):
    return client.post(
        f"{API}/responses/{response.id}/files",
        {"file": files.upload(content, name), "data_year": year, "kind": kind, "title": "Laporan"},
        headers=auth,
    )


def test_it_uploads_lists_removes_restores_and_downloads(client, as_user, response):
    auth = as_user("opd_operator")
    created = _upload(client, response, auth, files.jpeg(), name="foto.jpg", kind="photo")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["file"]["content_type"] == "image/jpeg" and body["file"]["latitude"] == -6.21
    assert body["indicator_code"] == "T1.1" and body["also_used_in"] == []
    link = client.post(
        f"{API}/responses/{response.id}/links",
        {"url": "https://example.org/sk", "data_year": 2024, "kind": "decree"},
        content_type="application/json",
        headers=auth,
    )
    assert link.status_code == 201 and link.json()["url"] == "https://example.org/sk"
    listed = client.get(f"{API}/responses/{response.id}", headers=auth).json()
    assert [item["title"] for item in listed] == ["Laporan", "example.org/sk"]
    assert client.post(f"{API}/{link.json()['id']}/remove", headers=auth).json()["removed"] is True
    assert len(client.get(f"{API}/responses/{response.id}", headers=auth).json()) == 1
    assert len(client.get(f"{API}/responses/{response.id}?include_removed=true", headers=auth).json()) == 2
    assert Response.objects.get(pk=response.pk).evidence_curr == 0
    assert client.post(f"{API}/{link.json()['id']}/restore", headers=auth).json()["removed"] is False
    assert Response.objects.get(pk=response.pk).evidence_curr == 1
    download = client.get(body["download_url"], headers=as_user("leader"))
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Disposition"].startswith(
        "attachment;"
    )
    assert client.get(f"{API}/{link.json()['id']}/download", headers=auth).status_code == 404


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "laporan.pdf"),
        (b"<html><script>alert(1)</script></html>", "laporan.pdf"),
        (files.zip_bomb(50), "laporan.docx"),
    ],
)
def test_it_refuses_bad_files_with_400_and_a_reason(client, as_user, response, media, content, name):
    answer = _upload(client, response, as_user("opd_operator"), content, name=name)
    assert answer.status_code == 400 and answer.json()["detail"]
    assert_nothing_left(media)


def test_it_answers_403_to_read_only_roles_and_404_to_other_tenants(client, as_user, world, response):
    evidence = services.evidence_upload(
        response=response,
        uploaded_file=files.upload(files.pdf()),
        data_year=2023,
        kind="report",
        user=world.user("opd_operator"),
    )
    leader, other = as_user("leader"), as_user("other_coordinator")
    assert client.get(f"{API}/responses/{response.id}", headers=leader).status_code == 200
    refused = _upload(client, response, leader, files.png(), name="x.png")
    assert refused.status_code == 403 and refused.json()["detail"]
    assert client.post(f"{API}/{evidence.id}/remove", headers=leader).status_code == 403
    # Issue 15: the one error body (detail, code, ...) in place of ninja's {"detail": "Not Found"}.
    missing = client.get(f"{API}/responses/{response.id}", headers=other).json()
    assert missing["code"] == "not_found" and missing["detail"] == "Tidak ditemukan."
    assert client.get(f"{API}/{evidence.id}", headers=other).status_code == 404
    assert client.get(f"{API}/{evidence.id}/download", headers=other).status_code == 404
    assert _upload(client, response, other, files.png(), name="x.png").status_code == 404
    assert Evidence.objects.count() == 1


def test_it_answers_413_before_reading_an_oversize_upload(client, as_user, response, media):
    answer = client.generic(
        "POST",
        f"{API}/responses/{response.id}/files",
        b"",
        headers=as_user("opd_operator"),
        CONTENT_LENGTH=str(40 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=wistara",
        **{"wsgi.input": Unreadable()},
    )
    assert answer.status_code == 413 and answer.json()["detail"]
    assert_nothing_left(media)


def test_it_answers_400_with_the_lock_and_data_year_reasons(client, as_user, response, settings):
    auth = as_user("opd_operator")
    wrong_year = _upload(client, response, auth, files.pdf(), year=2019)
    assert wrong_year.status_code == 400 and "2023, 2024" in wrong_year.json()["detail"]
    bad_link = client.post(
        f"{API}/responses/{response.id}/links",
        {"url": "javascript:alert(1)", "data_year": 2023, "kind": "other"},
        content_type="application/json",
        headers=auth,
    )
    assert bad_link.status_code == 400


def test_it_documents_the_endpoints_in_the_openapi_schema(client, as_user):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/responses/{response_id}",
        "/responses/{response_id}/files",
        "/responses/{response_id}/links",
        "/{evidence_id}",
        "/{evidence_id}/remove",
        "/{evidence_id}/restore",
        "/{evidence_id}/download",
    ):
        assert f"{API}{path}" in paths
    upload = paths[f"{API}/responses/{{response_id}}/files"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
