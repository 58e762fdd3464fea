"""What changed since the last round, on the review page and in the API."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.accounts.models import Role
from wistara.accounts.services import role_grant
from wistara.testing.factories import UserFactory

from .conftest import NOTE, build_rounds

pytestmark = pytest.mark.django_db
V = "/verifikasi/11.01/TEST-2025/provincial/"
API = "/api/v1/verification/11.01/TEST-2025/provincial"


def _card(page: str, code: str) -> str:
    """The review card of one item (up to the next card)."""
    start = page.index(f"<strong>{code}</strong>")
    end = page.find('<article class="card review-item', start)
    return page[start : end if end > 0 else None]


def test_it_shows_the_changes_beside_the_note_on_the_review(rounds, client):
    client.force_login(rounds.verifier)
    page = client.get(V).content.decode()
    card = _card(page, "T1.1")
    assert "Catatan putaran 1" in card and NOTE in card
    assert re.search(
        r'data-field="value_curr">\s*<th scope="row">Capaian 2024</th>\s*'
        r'<td class="old">1</td>\s*<td class="new">2,5</td>',
        card,
    )
    added = rounds.item("T1.1").evidence.get(title="laporan-T1.1-2023-ttd")
    assert f'href="/bukti/berkas/{added.id}/unduh/?lihat=1"' in card
    assert "Data dukung 2023 ditambahkan" in card
    assert "2 perubahan sejak putaran lalu" in card
    assert "round-changes" not in _card(page, "T1.2")  # accepted in round 1: nothing to compare


def test_it_filters_the_items_changed_since_the_last_round(world, media, client):
    rounds = build_rounds(world, returned=("T1.1", "T1.2"))
    rounds.fix("T1.2")
    rounds.resubmit()
    client.force_login(rounds.verifier)
    everything = client.get(V).content.decode()
    assert "Berubah sejak putaran 1 (1)" in everything
    assert "Tidak ada perubahan sejak putaran 1." in _card(everything, "T1.1")
    changed = client.get(V + "?changed=1").content.decode()
    assert "<strong>T1.2</strong>" in changed and "<strong>T1.1</strong>" not in changed
    t12 = rounds.item("T1.2")
    saved = client.post(
        f"{V}butir/{t12.id}/",
        {"verdict": "accepted", "option": t12.indicator.options.get(points=100).id, "changed": "1"},
    )
    assert saved["Location"] == f"{V}?changed=1#item-{t12.id}"


def _query_counts(client, regency_code: str) -> list[int]:
    counts = []
    for url in ("provincial/", "provincial/?changed=1"):
        counts.append(_queries(client, f"/verifikasi/{regency_code}/TEST-2025/{url}"))
    api = f"/api/v1/verification/{regency_code}/TEST-2025/provincial"
    return counts + [_queries(client, api + "/changes"), _queries(client, api + "/reviews")]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_answers_in_the_same_number_of_queries_for_few_and_many_changed_items(world, media, client):
    codes = ("T1.1", "T1.2", "T2.1", "T2.2", "K1.1")
    few = build_rounds(world, returned=codes)
    many = build_rounds(world, returned=codes, regency=world.regency_a2)
    few.fix("T1.1")
    for code in codes:
        many.fix(code)
    client.force_login(few.verifier)
    client.get(V)  # the session, once
    assert _query_counts(client, "11.01") == _query_counts(client, "11.71")  # with the office
    page = client.get("/verifikasi/11.71/TEST-2025/provincial/").content.decode()
    assert page.count('data-field="value_curr"') == 5
    few.resubmit()
    many.resubmit()
    assert _query_counts(client, "11.01") == _query_counts(client, "11.71")  # resubmitted


def test_it_gives_the_changes_in_the_api(rounds, client):
    client.force_login(rounds.verifier)
    t11 = rounds.item("T1.1")
    items = client.get(API + "/changes").json()
    assert [i["indicator"] for i in items] == ["T1.1"]
    item = items[0]
    assert item["returned_in_round"] == 1 and item["edits"] == 2
    assert item["previous_review"]["note"] == NOTE
    assert item["previous_review"]["verdict"] == "needs_correction"
    assert [(f["field"], f["old"], f["new"], f["changed_by"]) for f in item["fields"]] == [
        ("value_curr", "1", "2.5", "opd.operator")
    ]
    assert [(e["change"], e["name"], e["by"]) for e in item["evidence"]] == [
        ("added", "laporan-T1.1-2023-ttd.pdf", "opd.operator")
    ]
    assert client.get(f"{API}/changes/{t11.id}").json() == item
    other = client.get(f"{API}/changes/{rounds.item('T1.2').id}").json()
    assert other["returned_in_round"] is None and other["fields"] == []


def test_it_filters_the_api_list_to_the_items_the_office_edited(world, media, client):
    rounds = build_rounds(world, returned=("T1.1", "T1.2"))
    rounds.fix("T1.2")
    client.force_login(rounds.verifier)
    assert [i["indicator"] for i in client.get(API + "/changes").json()] == ["T1.1", "T1.2"]
    assert [i["indicator"] for i in client.get(API + "/changes?changed_only=true").json()] == ["T1.2"]


def test_it_documents_the_changes_in_the_openapi_schema(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operation = paths["/api/v1/verification/{regency_code}/{cycle_code}/{level}/changes"]["get"]
    assert "changed_only" in {p["name"] for p in operation["parameters"]}
    assert "/api/v1/verification/{regency_code}/{cycle_code}/{level}/changes/{response_id}" in paths


def test_it_shows_nothing_to_a_verifier_of_another_province_or_another_regency(rounds, client):
    outsider = UserFactory(username="verifikator.b")
    role_grant(user=outsider, role=Role.PROVINCIAL_VERIFIER, province=rounds.world.province_b)
    t11 = rounds.item("T1.1")
    for user in (outsider, rounds.world.user("other_coordinator")):
        client.force_login(user)
        for url in (V, V + "?changed=1", API + "/changes", f"{API}/changes/{t11.id}"):
            response = client.get(url)
            assert response.status_code == 404, (user, url)
            assert NOTE not in response.content.decode()
    client.force_login(rounds.world.user("regency_coordinator"))  # the regency sees its own
    assert NOTE in client.get(f"{API}/changes/{t11.id}").content.decode()
