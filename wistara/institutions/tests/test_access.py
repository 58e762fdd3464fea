"""Issue 15: every get_*_for_user checks the user it is given, not only the registration.

A registration reached for one user and handed, by a slip, to a function with another tenant's
user must still answer 404 (and 403 for a read-only role asking to change), as the URL would.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wistara.institutions.access import (
    get_action_item_for_user,
    get_file_for_user,
    get_meeting_for_user,
    get_record_for_user,
)
from wistara.institutions.testing import institution_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(registration, world):
    return institution_objects(registration, world)


CALLS = {
    "record": lambda user, reg, ids: get_record_for_user(user, reg, ids["kind"], ids["record_id"]),
    "meeting": lambda user, reg, ids: get_meeting_for_user(user, reg, ids["meeting_id"]),
    "action item": lambda user, reg, ids: get_action_item_for_user(user, reg, ids["item_id"]),
    "file": lambda user, reg, ids: get_file_for_user(user, reg, ids["file_id"]),
}


@pytest.mark.parametrize("what", CALLS)
def test_the_regencys_own_coordinator_gets_the_object(world, registration, ids, what):
    assert CALLS[what](world.user("regency_coordinator"), registration, ids).pk is not None


@pytest.mark.parametrize("what", CALLS)
@pytest.mark.parametrize("user", ["other_coordinator", "no_role"])
def test_another_tenants_user_gets_404_with_a_registration_that_is_not_theirs(
    world, registration, ids, what, user
):
    with pytest.raises(Http404):
        CALLS[what](world.user(user), registration, ids)


def test_a_read_only_role_may_not_take_a_record_for_changing(world, registration, ids):
    with pytest.raises(PermissionDenied):
        get_record_for_user(world.user("leader"), registration, ids["kind"], ids["record_id"])
