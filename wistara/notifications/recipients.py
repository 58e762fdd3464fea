"""Who is told: the people holding a role over an office, a regency, a province or the nation.

Only active users with a role in the object's own tenant are ever returned (tenancy: a
notification never reaches another regency's people).
"""

from collections.abc import Iterable

from wistara.accounts.models import Role, RoleAssignment


def _users(qs) -> set[int]:
    return set(qs.filter(user__is_active=True).values_list("user_id", flat=True))


def office_users(office_ids: Iterable[int], roles=(Role.OPD_OPERATOR, Role.OFFICE_HEAD)) -> set[int]:
    ids = [i for i in office_ids if i]
    if not ids:
        return set()
    return _users(RoleAssignment.objects.filter(office_id__in=ids, role__in=list(roles)))


def office_users_by_office(office_ids: Iterable[int], roles) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    rows = RoleAssignment.objects.filter(
        office_id__in=list(office_ids), role__in=list(roles), user__is_active=True
    ).values_list("office_id", "user_id")
    for office_id, user_id in rows:
        out.setdefault(office_id, set()).add(user_id)
    return out


def coordinators(regency_id: int) -> set[int]:
    return _users(RoleAssignment.objects.filter(regency_id=regency_id, role=Role.REGENCY_COORDINATOR))


def leaders(regency_id: int) -> set[int]:
    return _users(RoleAssignment.objects.filter(regency_id=regency_id, role=Role.LEADER))


def province_verifiers(province_id: int) -> set[int]:
    return _users(RoleAssignment.objects.filter(province_id=province_id, role=Role.PROVINCIAL_VERIFIER))


def national_verifiers() -> set[int]:
    return _users(RoleAssignment.objects.filter(role=Role.NATIONAL_VERIFIER))
