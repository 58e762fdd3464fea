"""offices_with_operators lives with the other reads; the offices API answers through it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wistara.accounts.selectors import offices_with_operators
from wistara.accounts.services import api_token_create, office_operator_grant

pytestmark = pytest.mark.django_db


def test_it_lists_offices_active_first_with_their_operators_in_two_queries(world):
    office_operator_grant(office=world.office_a1_other, username="leader", granted_by=None)
    world.office_a1.is_active = False
    world.office_a1.save(update_fields=["is_active"])
    with CaptureQueriesContext(connection) as queries:
        offices = offices_with_operators(world.regency_a1)
        operators = {o.short_name: [a.user.username for a in o.operators] for o in offices}
    assert [o.short_name for o in offices] == ["DLH", "Dinkes"]
    assert operators == {"DLH": ["leader"], "Dinkes": ["opd.operator"]}
    assert len(queries) == 2


def test_it_answers_a_refused_grant_with_its_fields_and_a_reader_with_403(world, client):
    def post(role: str, username: str):
        _token, secret = api_token_create(user=world.user(role), name="test")
        return client.post(
            f"/api/v1/offices/11.01/{world.office_a1.id}/operators/grant",
            {"username": username},
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )

    refused = post("regency_coordinator", "opd.operator")  # already this office's operator
    assert refused.status_code == 400 and "username" in refused.json()["fields"]
    assert post("leader", "no.role").status_code == 403
    assert post("regency_coordinator", "leader").status_code == 201
