"""Turning a bulk change's id into the change for a user: 404 unless the user sees the regency
and the change is of this workspace; 403 unless the user may act on it (wistara.bulk.rules)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.assessments.access import get_registration_for_user
from wistara.assessments.models import Registration

from .models import BulkChange
from .rules import may_act, may_validate_in


def get_change_for_user(user: User, regency_code: str, cycle_code: str, change_id: int) -> BulkChange:
    registration = get_registration_for_user(user, regency_code, cycle_code)
    change = (
        BulkChange.objects.filter(id=change_id, registration=registration)
        .select_related("created_by", "applied_by", "undone_by")
        .first()
    )
    if change is None:
        raise Http404
    change.registration = registration
    if not may_act(scope_for(user), change):
        raise PermissionDenied
    return change


def get_registration_to_validate(user: User, regency_code: str, cycle_code: str) -> Registration:
    """The registration whose items the user validates (a head of office, or who stands in)."""
    registration = get_registration_for_user(user, regency_code, cycle_code)
    if not may_validate_in(scope_for(user), registration.regency_id):
        raise PermissionDenied
    return registration
