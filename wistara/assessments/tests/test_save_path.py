"""The save's fast path: worked out before the write lock, checked and written under it.

A save reads the row (as the API and the pages do before calling the service), then locks it and
reads again only what may have moved without its revision. These tests change exactly that
between the read and the save, as a concurrent request would.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.accounts.services import api_token_create
from wistara.assessments.access import get_response_for_user
from wistara.assessments.models import Registration, Response, ResponseChange
from wistara.assessments.services import ConflictError, response_update

pytestmark = pytest.mark.django_db


def _read(world, response, role="opd_operator"):
    return get_response_for_user(world.user(role), response.id, change=True, for_save=True)


def test_it_refuses_a_save_read_before_the_regency_submitted(response, world):
    read = _read(world, response)
    # The submission lands between the read and the save: neither moves the item's revision.
    Registration.objects.filter(pk=response.registration_id).update(status=Registration.Status.SUBMITTED)
    Response.objects.filter(pk=response.pk).update(status=Response.Status.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        response_update(
            response=read, user=world.user("opd_operator"), base_revision=0, data={"value_curr": "5"}
        )
    assert caught.value.code == "locked"
    response.refresh_from_db()
    assert (response.revision, response.value_curr, response.status) == (0, None, "submitted")
    assert not ResponseChange.objects.filter(response=response).exists()


def test_it_keeps_what_moved_without_the_revision_and_answers_with_it(response, world):
    read = _read(world, response)
    # Evidence attached and a verifier's points meanwhile (neither moves the revision).
    Response.objects.filter(pk=response.pk).update(evidence_prev=2, evidence_curr=1, provincial_points=50)
    saved = response_update(
        response=read, user=world.user("opd_operator"), base_revision=0, data={"value_curr": "5"}
    )
    assert (saved.revision, saved.evidence_prev, saved.evidence_curr, saved.provincial_points) == (
        1,
        2,
        1,
        50,
    )
    response.refresh_from_db()
    assert (response.revision, response.value_curr, response.evidence_prev) == (1, 5, 2)
    assert read.revision == 0 and read.registration.status == saved.registration.status


def test_it_reports_the_lock_before_a_conflict_and_a_conflict_before_bad_input(response, world):
    user = world.user("opd_operator")
    response_update(response=_read(world, response), user=user, base_revision=0, data={"value_curr": "5"})
    with pytest.raises(ConflictError):
        response_update(
            response=_read(world, response), user=user, base_revision=0, data={"value_curr": "not a number"}
        )
    Registration.objects.filter(pk=response.registration_id).update(status=Registration.Status.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        response_update(
            response=_read(world, response), user=user, base_revision=0, data={"value_curr": "not a number"}
        )
    assert caught.value.code == "locked"


def test_it_saves_a_stale_caller_row_from_the_locked_read(response, world):
    """The client saw a newer revision than the row the caller holds: the row is read again."""
    user = world.user("opd_operator")
    old = _read(world, response)
    response_update(response=_read(world, response), user=user, base_revision=0, data={"value_curr": "5"})
    saved = response_update(response=old, user=user, base_revision=1, data={"value_curr": "6"})
    assert saved.revision == 2
    changes = list(
        ResponseChange.objects.filter(response=response)
        .order_by("revision")
        .values_list("revision", "old", "new")
    )
    assert changes == [(1, "", "5"), (2, "5", "6")]


def _statements(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split(" ", 1)[0] in ("SELECT", "INSERT", "UPDATE", "DELETE")
    ]


def test_it_saves_through_the_api_with_a_token_in_five_statements(response, world, client):
    _token, secret = api_token_create(user=world.user("opd_operator"), name="bench")
    url = f"/api/v1/assessments/responses/{response.id}"
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(url, headers=headers).status_code == 200  # records the token's use
    with CaptureQueriesContext(connection) as queries:
        saved = client.patch(
            url, {"revision": 0, "value_curr": "5"}, content_type="application/json", headers=headers
        )
    assert saved.status_code == 200 and saved.json()["revision"] == 1
    # The token with its user and roles; the item; under the lock: the item again, its history
    # row, the item's update. Then, at COMMIT, the audit trail (issue 14): the head locked, and
    # for each of the two events (the item, its sealed history line) an insert and the head's
    # advance.
    statements = _statements(queries)
    audit = [sql for sql in statements if "audit_audit" in sql]
    assert len(statements) - len(audit) == 5
    assert len(audit) == 1 + 2 * 2
    with CaptureQueriesContext(connection) as queries:
        read = client.get(url, headers=headers)
    assert read.json()["value_curr"] == "5.0000" and len(_statements(queries)) == 2


def test_it_refuses_a_token_user_outside_the_item_s_tenant(response, world, client):
    _token, secret = api_token_create(user=world.user("other_coordinator"), name="x")
    url = f"/api/v1/assessments/responses/{response.id}"
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(url, headers=headers).status_code == 404
    refused = client.patch(
        url, {"revision": 0, "value_curr": "5"}, content_type="application/json", headers=headers
    )
    assert refused.status_code == 404
    _token, leader = api_token_create(user=world.user("leader"), name="x")
    refused = client.patch(
        url,
        {"revision": 0, "value_curr": "5"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {leader}"},
    )
    assert refused.status_code == 403
