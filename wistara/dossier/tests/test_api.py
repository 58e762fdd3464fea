"""The JSON API: the same services and rules as the pages."""

import json

import pytest
from django.test import Client

from wistara.dossier.models import NarrativeReview
from wistara.dossier.testing import pdf_upload

pytestmark = pytest.mark.django_db
A = "/api/v1/dossier/11.01/TEST-2025"


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _put(client, url, body):
    return client.put(url, data=json.dumps(body), content_type="application/json")


def _post(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_it_writes_and_reads_a_narrative_with_revisions(registration, coordinator, login, world):
    client = login(coordinator)
    saved = _put(
        client, A + "/narratives/T1", {"revision": 0, "body": "<p onclick='x'>Pasar <i>sehat</i></p>"}
    )
    assert saved.status_code == 200
    assert (saved.json()["body"], saved.json()["revision"], saved.json()["word_count"]) == (
        "<p>Pasar <i>sehat</i></p>",
        1,
        2,
    )
    stale = _put(
        login(world.user("national_admin")), A + "/narratives/T1", {"revision": 0, "body": "<p>x</p>"}
    )
    # Issue 15: the current revision is a field of the one error body, no longer inside "detail".
    assert stale.status_code == 409 and stale.json()["current_revision"] == 1
    listed = client.get(A + "/narratives").json()
    assert [n["key"] for n in listed][:2] == ["gambaran-umum", "T1"] and len(listed) == 3
    assert len(client.get(A + "/narratives/T1/history").json()) == 1


def test_it_keeps_funding_and_its_totals(registration, coordinator, login):
    client = login(coordinator)
    row = _post(
        client,
        A + "/funding",
        {
            "data_year": 2024,
            "source": "csr",
            "section": "T2",
            "activity": "Jamban sehat",
            "amount": "2.500.000",
        },
    )
    assert row.status_code == 201
    funding_id = row.json()["id"]
    upload = client.post(
        f"{A}/funding/{funding_id}/evidence", {"file": pdf_upload("mou.pdf", "m"), "title": "MoU"}
    )
    assert upload.status_code == 201 and upload.json()["evidence"][0]["title"] == "MoU"
    listed = client.get(A + "/funding").json()
    assert listed["totals"]["total"] == "2500000" and listed["totals"]["by_source"] == {"csr": "2500000"}
    assert client.get(upload.json()["evidence"][0]["url"]).status_code == 200


def test_a_verifier_reviews_and_returns_through_the_api(submitted, login, world):
    client = login(world.user("provincial_verifier"))
    review = _post(
        client,
        A + "/provincial/reviews/gambaran-umum",
        {"verdict": "needs_correction", "note": "Gambaran umum belum ada"},
    )
    assert review.status_code == 200 and review.json()["round"] == 1
    returned = _post(client, A + "/provincial/return")
    assert returned.status_code == 200 and returned.json()["level"] == "provincial"
    assert _post(_as(world.user("regency_coordinator")), A + "/resubmit").status_code == 200
    assert NarrativeReview.objects.get().narrative.status == "draft"


def test_the_province_uploads_and_the_nation_reviews_through_the_api(registration, login, world):
    province = _as(world.user("provincial_verifier"))
    P = "/api/v1/provincial-documents/11/TEST-2025"
    added = province.post(
        P + "/documents", {"file": pdf_upload("sk.pdf", "sk"), "kind": "decree", "title": "SK"}
    )
    assert added.status_code == 201 and added.json()["kind"] == "decree"
    refused = _post(province, P + "/submit")
    assert refused.status_code == 400
    assert _post(province, P + "/submit", {"confirm_incomplete": True}).json()["status"] == "submitted"
    nation = _as(world.user("national_verifier"))
    document_id = added.json()["id"]
    assert _post(nation, f"{P}/documents/{document_id}/review", {"verdict": "accepted"}).status_code == 200
    assert _post(province, f"{P}/documents/{document_id}/review", {"verdict": "accepted"}).status_code == 403
    assert _as(world.user("other_coordinator")).get(P).status_code == 404
