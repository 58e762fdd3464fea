"""Institutions and meetings through the JSON API: same services, same access."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.evidence.models import Evidence
from wistara.institutions.models import ActionItem

from .conftest import pdf

pytestmark = pytest.mark.django_db

API = "/api/v1/institutions/11.01/TEST-2025"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_body_its_decree_and_the_estimate(login, coordinator, registration):
    client = login(coordinator)
    created = post(client, f"{API}/bodies", {"body": "fkk", "area_code": "11.01.01"})
    assert created.status_code == 201
    institution = created.json()
    assert institution["body"] == "fkk" and institution["area_code"] == "11.01.01"
    answer = client.post(
        f"{API}/bodies/{institution['id']}/decrees",
        {
            "number": "SK/9",
            "signed_on": "2023-03-01",
            "signer_name": "Camat",
            "signer_authority": "camat",
            "file": pdf(),
        },
    )
    assert answer.status_code == 201, answer.content
    decree = answer.json()["decrees"][0]
    assert decree["problems"] == [] and decree["file"]["url"].endswith(f"/berkas/{decree['file']['id']}/")
    estimate = {e["code"]: e for e in client.get(f"{API}/kelembagaan").json()}
    assert estimate["K3.1"]["points"] == 100
    registry = client.get(API).json()
    fkk = [b for b in registry["bodies"] if b["body"] == "fkk"]
    assert fkk[0]["decree_ok"] is True and registry["reference_date"] == "2024-12-31"
    prefill = post(client, f"{API}/kelembagaan/prefill", {})
    assert "K3.1" in prefill.json()["changed"]


def test_bad_input_is_a_400_with_the_message(login, coordinator, registration):
    client = login(coordinator)
    institution = post(client, f"{API}/bodies", {"body": "tim_pembina"}).json()
    answer = post(
        client, f"{API}/bodies/{institution['id']}/activities", {"year": 1990, "name": "A", "target": "B"}
    )
    assert answer.status_code == 400 and "Masukkan tahun antara 2000" in answer.json()["detail"]


def test_a_meeting_through_the_api(login, world, coordinator, registration):
    client = login(coordinator)
    meeting = post(
        client,
        f"{API}/meetings",
        {
            "title": "Rakor",
            "starts_at": (timezone.now() - timedelta(hours=2)).isoformat(),
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "A",
            "invited_offices": [world.office_a1.id],
        },
    )
    assert meeting.status_code == 201
    meeting = meeting.json()
    rows = [{"id": r["id"], "present": True, "represented_by": "Kabid"} for r in meeting["attendance"]]
    assert post(client, f"{API}/meetings/{meeting['id']}/attendance", rows).json()["attendance"][0]["present"]
    held = post(
        client,
        f"{API}/meetings/{meeting['id']}/minutes",
        {"revision": meeting["revision"] + 1, "minutes": "Notulen"},
    ).json()
    assert held["status"] == "held"
    assert (
        client.post(
            f"{API}/meetings/{meeting['id']}/files", {"which": "minutes", "file": pdf("notulen.pdf")}
        ).status_code
        == 200
    )
    item = registration.responses.get(indicator__code="K1.2")
    assert (
        post(
            client, f"{API}/meetings/{meeting['id']}/evidence", {"response_ids": [item.id], "data_year": 2024}
        ).status_code
        == 200
    )
    assert Evidence.objects.filter(response=item, kind="minutes").count() == 1
    action = post(
        client,
        f"{API}/meetings/{meeting['id']}/action-items",
        {"description": "Susun Perda", "office": world.office_a1.id, "due_on": "2020-01-01"},
    )
    assert action.status_code == 201 and action.json()["overdue"] is True
    assert [i["id"] for i in client.get(f"{API}/action-items?status=overdue").json()] == [action.json()["id"]]


def test_an_operator_patches_its_office_action_item(login, world, coordinator, registration):
    client = login(coordinator)
    meeting = post(
        client,
        f"{API}/meetings",
        {
            "title": "Rakor",
            "starts_at": timezone.now().isoformat(),
            "place": "Aula",
            "chair": "Sekda",
            "agenda": "A",
        },
    ).json()
    item = post(
        client,
        f"{API}/meetings/{meeting['id']}/action-items",
        {"description": "A", "office": world.office_a1.id, "due_on": "2030-01-01"},
    ).json()
    operator = login(world.user("opd_operator"))
    answer = operator.patch(
        f"{API}/action-items/{item['id']}",
        json.dumps({"revision": item["revision"], "status": "in_progress", "progress_note": "Mulai"}),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "in_progress"
    stale = operator.patch(
        f"{API}/action-items/{item['id']}",
        json.dumps({"revision": item["revision"], "status": "done"}),
        content_type="application/json",
    )
    # Issue 15: a stale revision answers 409 (was 400 here), as in every other app.
    assert stale.status_code == 409 and stale.json()["current_revision"] == item["revision"] + 1
    assert ActionItem.objects.get().status == "in_progress"
