"""Turning ids into registrations and responses for a user (see wistara.accounts.access).

Registrations and responses belong to a regency: whoever sees the regency sees them, except that
an OPD operator who holds no wider role sees only the responses assigned to its own office(s).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from wistara.accounts.access import Scope, get_regency_for_user, scope_for
from wistara.accounts.models import User

from .models import Cycle, Registration, Response
from .services.calendar import remember_self_assessment_end, self_assessment_end_subquery


def registrations_for_user(user: User) -> QuerySet[Registration]:
    scope = scope_for(user)
    qs = Registration.objects.select_related("cycle", "regency__province", "target_category")
    if scope.national:
        return qs
    return qs.filter(Q(regency__province_id__in=scope.province_ids) | Q(regency_id__in=scope.regency_ids))


def get_registration_for_user(
    user: User, regency_code: str, cycle_code: str, *, change: bool = False
) -> Registration:
    regency = get_regency_for_user(user, regency_code, change=change)
    registration = (
        Registration.objects.select_related("cycle__instrument", "regency__province", "target_category")
        .filter(regency=regency, cycle__code=cycle_code)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def _sees_all(scope: Scope, regency_id: int, province_id: int | None) -> bool:
    return (
        scope.national
        or province_id in scope.province_ids
        or regency_id in scope.coordinator_regency_ids
        or regency_id in scope.leader_regency_ids
    )


def _may_change(scope: Scope, regency_id: int, office_id: int | None) -> bool:
    return scope.changes_regency_id(regency_id) or (
        office_id is not None and office_id in scope.operator_office_ids
    )


def sees_all_responses(user: User, registration: Registration) -> bool:
    """False only for an operator whose one role in this regency is its office's operator."""
    regency = registration.regency
    return _sees_all(scope_for(user), regency.id, regency.province_id)


def responses_for_user(user: User, registration: Registration) -> QuerySet[Response]:
    qs = registration.responses.all()
    if sees_all_responses(user, registration):
        return qs
    return qs.filter(office_id__in=scope_for(user).operator_office_ids)


# What a page about one item shows, fetched with it; the API's answer and a save need much less,
# and compiling the wider query was a third of a save's time (bench/saves.py --profile).
PAGE_RELATED = (
    "registration__cycle__instrument",
    "registration__regency__province",
    "registration__target_category",
    "indicator__section",
    "office",
    "option",
)
API_RELATED = ("registration__cycle", "indicator", "office")  # the regency only if needed
# ... and of them only what the API's answer reads (a quarter less to compile; anything else
# loads when first read).
API_FIELDS = (
    *(f.attname for f in Response._meta.concrete_fields),
    "registration__status",
    "registration__correction_deadline",
    "registration__regency_id",
    "registration__cycle__self_assessment_deadline",
    "indicator__code",
    "indicator__section_id",
    "office__short_name",
)
# A save reads the lock rules' state again under the lock (services.responses): before it, the
# item with what its answer shows. Each relation costs a save about 0.2 ms of query compilation.
SAVE_RELATED = ("registration", "indicator", "office")


def _check_response(
    user: User, regency_id: int, province_id: int | None, office_id: int | None, change: bool
) -> None:
    """404 unless the user sees the item; 403 if it may see but not change it (and must)."""
    scope = scope_for(user)
    if not scope.sees_regency_id(regency_id, province_id):
        raise Http404
    if not _sees_all(scope, regency_id, province_id) and office_id not in scope.operator_office_ids:
        raise Http404
    if change and not _may_change(scope, regency_id, office_id):
        raise PermissionDenied


def get_response_for_user(
    user: User,
    response_id: int,
    *,
    change: bool = False,
    for_save: bool = False,
    related: tuple[str, ...] = PAGE_RELATED,
    fields: tuple[str, ...] | None = None,
) -> Response:
    """The item with `related` loaded (for_save: what services.response_update and its answer
    read, SAVE_RELATED), and of them only `fields` if given."""
    related = SAVE_RELATED if for_save else related
    qs = Response.objects.select_related(*related).filter(id=response_id)
    with_cycle = "registration__cycle" in related or "registration__cycle__instrument" in related
    if with_cycle:  # the stage calendar's end, in the same statement (issue 12)
        qs = qs.annotate(calendar_sa_end=self_assessment_end_subquery("registration__cycle_id"))
    if fields is not None:
        qs = qs.only(*fields)
    # [:1], not first(): first() adds an ORDER BY whose compilation costs more than the query.
    response = next(iter(qs.order_by()[:1]), None)
    if response is None:
        raise Http404
    registration = response.registration
    if with_cycle:
        # annotated by the query above (django-stubs does not follow it through the slice)
        remember_self_assessment_end(registration.cycle, response.calendar_sa_end)  # type: ignore[attr-defined]
    _check_response(
        user, registration.regency_id, _province_id(user, registration), response.office_id, change
    )
    return response


def _province_id(user: User, registration: Registration) -> int | None:
    """The registration's province, read (if not loaded) only when the user's provincial roles
    could decide: for anyone else the province does not matter."""
    if not scope_for(user).province_ids:
        return None
    return registration.regency.province_id


def can_change_response(user: User, response: Response) -> bool:
    return _may_change(scope_for(user), response.registration.regency_id, response.office_id)


def get_cycle(code: str) -> Cycle:
    """Cycles are national: every signed-in user may read them."""
    cycle = Cycle.objects.select_related("instrument").filter(code=code).first()
    if cycle is None:
        raise Http404
    return cycle


def ensure_national_admin(user: User) -> None:
    if not scope_for(user).national_admin:
        raise PermissionDenied
