"""Who verifies: a province's verifiers its regencies, the nation's verifiers every regency."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.assessments.access import get_registration_for_user, responses_for_user, sees_all_responses
from wistara.assessments.models import Registration

from .models import Level


def may_review(user: User, registration: Registration, level: str) -> bool:
    scope = scope_for(user)
    if level == Level.PROVINCIAL:
        return scope.national_admin or registration.regency.province_id in scope.province_ids
    return scope.national


def get_registration_for_review(
    user: User, regency_code: str, cycle_code: str, level: str, *, change: bool = False
) -> Registration:
    """The registration for a verifier: 404 when unseen, 403 when seen but not theirs to judge."""
    if level not in Level.values:
        raise Http404
    registration = get_registration_for_user(user, regency_code, cycle_code)
    if change and not may_review(user, registration, level):
        raise PermissionDenied
    return registration


def ensure_national_decider(user: User) -> None:
    scope = scope_for(user)
    if not scope.national:
        raise PermissionDenied


def visible_response_ids(user: User, registration: Registration) -> set[int] | None:
    """None when the person reads every item of the regency; else the ids of their office's
    items (an office operator: verification pages, the API, the what-if page and the berita acara
    show them nothing of other offices, verifiers' notes included)."""
    if sees_all_responses(user, registration):
        return None
    return set(responses_for_user(user, registration).values_list("id", flat=True))
