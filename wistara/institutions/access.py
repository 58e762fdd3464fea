"""Turning ids in a regency's URLs into institution and meeting records for a user.

Every function starts from the registration, reached through
wistara.assessments.access.get_registration_for_user (404 for a regency the user does not see,
403 for a read-only role asking to change), then looks only inside that regency: an id of
another regency's record is a 404 like a missing one. Whoever sees the regency reads its
institutions and meetings; its coordinator (and national admins) change them; an action item's
progress may also be moved by the operators of the office responsible for it.

Each function also checks the user against the registration it is given (issue 15): a caller that
passed a registration reached some other way still gets a 404 for another tenant's user.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.evidence.models import EvidenceFile
from wistara.regions.models import District, Village

from .models import (
    SINGLE_BODIES,
    ActionItem,
    Activity,
    Body,
    Budget,
    Decree,
    Institution,
    Meeting,
    Member,
    SecretariatPhoto,
)

RECORDS = {
    "sk": Decree,
    "anggota": Member,
    "kegiatan": Activity,
    "anggaran": Budget,
    "foto": SecretariatPhoto,
}
URL_BODIES = {"tim-pembina": Body.TIM_PEMBINA, "forum": Body.FORUM, "fkk": Body.FKK, "pokja": Body.POKJA}
BODY_URLS: dict[str, str] = {body: slug for slug, body in URL_BODIES.items()}


def body_from_url(slug: str, area_code: str) -> str:
    body = URL_BODIES.get(slug)
    if body is None or (body in SINGLE_BODIES) != (area_code == ""):
        raise Http404
    return body


def area_for(registration: Registration, body: str, area_code: str) -> District | Village | None:
    """The kecamatan of an FKK or the village of a Pokja, within the regency."""
    area: District | Village | None
    if body == Body.FKK:
        area = District.objects.filter(code=area_code, regency_id=registration.regency_id).first()
    elif body == Body.POKJA:
        area = (
            Village.objects.select_related("district")
            .filter(code=area_code, district__regency_id=registration.regency_id)
            .first()
        )
    else:
        return None
    if area is None:
        raise Http404
    return area


def find_institution(registration: Registration, body: str, area) -> Institution | None:
    """The body's record, or None while it has not been recorded yet."""
    lookup = {"district": area} if body == Body.FKK else {"village": area} if body == Body.POKJA else {}
    return (
        Institution.objects.select_related("regency", "district", "village")
        .filter(regency_id=registration.regency_id, body=body, **lookup)
        .first()
    )


def _check_user(user: User, registration: Registration, *, change: bool = False) -> None:
    """404 unless the user sees the registration's regency; 403 if it must change and may not."""
    scope = scope_for(user)
    if not scope.sees_regency_id(registration.regency_id, registration.regency.province_id):
        raise Http404
    if change and not scope.changes_regency_id(registration.regency_id):
        raise PermissionDenied


def get_record_for_user(user: User, registration: Registration, kind: str, record_id: int):
    """A decree, member, activity, budget or photo of this regency, for changing."""
    _check_user(user, registration, change=True)
    model = RECORDS.get(kind)
    if model is None:
        raise Http404
    path = "work_plan__institution__regency_id" if model is Activity else "institution__regency_id"
    record = model._default_manager.filter(pk=record_id, **{path: registration.regency_id}).first()
    if record is None:
        raise Http404
    return record


def get_meeting_for_user(user: User, registration: Registration, meeting_id: int) -> Meeting:
    _check_user(user, registration)
    meeting = (
        Meeting.objects.select_related("regency", "minutes_file", "attendance_file")
        .filter(id=meeting_id, regency_id=registration.regency_id)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def get_action_item_for_user(
    user: User, registration: Registration, item_id: int, *, change: bool = False
) -> ActionItem:
    _check_user(user, registration)
    item = (
        ActionItem.objects.select_related("meeting", "office__regency", "assignee")
        .filter(id=item_id, meeting__regency_id=registration.regency_id)
        .first()
    )
    if item is None:
        raise Http404
    if change and not scope_for(user).changes_office_work(item.office):
        raise PermissionDenied
    return item


def get_file_for_user(user: User, registration: Registration, file_id: int) -> EvidenceFile:
    """A file the regency's registry or meetings point to (not any evidence file: an operator
    reads the regency's institutions, not every office's evidence)."""
    _check_user(user, registration)
    regency_id = registration.regency_id
    used = (
        Q(id__in=Decree.objects.filter(institution__regency_id=regency_id).values("file_id"))
        | Q(id__in=SecretariatPhoto.objects.filter(institution__regency_id=regency_id).values("file_id"))
        | Q(id__in=Budget.objects.filter(institution__regency_id=regency_id).values("file_id"))
        | Q(id__in=Institution.objects.filter(regency_id=regency_id).values("work_plans__file_id"))
        | Q(id__in=Meeting.objects.filter(regency_id=regency_id).values("minutes_file_id"))
        | Q(id__in=Meeting.objects.filter(regency_id=regency_id).values("attendance_file_id"))
    )
    found = EvidenceFile.objects.filter(used, id=file_id, regency_id=regency_id).first()
    if found is None:
        raise Http404
    return found
