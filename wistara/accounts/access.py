"""Who sees and who changes what: the one place that decides.

Every regency- or province-owned object is turned from an id in a URL into an object for a user
here (or in an app's `access.py` built on these functions). The rule for the answer follows
Zulip and healthchecks: 404 when the object is missing *or* not the user's (so existence never
leaks across tenants), 403 when the user may see it but not change it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from wistara.regions.models import Province, Regency

from .models import Office, Role, RoleAssignment, User


@dataclass(frozen=True)
class Scope:
    national_admin: bool = False
    national_verifier: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)
    coordinator_regency_ids: frozenset[int] = field(default_factory=frozenset)
    leader_regency_ids: frozenset[int] = field(default_factory=frozenset)
    operator_office_ids: frozenset[int] = field(default_factory=frozenset)
    operator_regency_ids: frozenset[int] = field(default_factory=frozenset)
    head_office_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def national(self) -> bool:
        return self.national_admin or self.national_verifier

    @property
    def regency_ids(self) -> frozenset[int]:
        return self.coordinator_regency_ids | self.leader_regency_ids | self.operator_regency_ids

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.province_ids or self.regency_ids)

    def sees_province(self, province_id: int) -> bool:
        return self.national or province_id in self.province_ids

    def sees_regency(self, regency: Regency) -> bool:
        return self.sees_regency_id(regency.id, regency.province_id)

    def sees_regency_id(self, regency_id: int, province_id: int | None) -> bool:
        """sees_regency by ids, for a caller that has not loaded the regency (a province id of
        None: only the national and the regency's own roles count)."""
        return self.national or province_id in self.province_ids or regency_id in self.regency_ids

    def changes_regency(self, regency: Regency) -> bool:
        """May change the regency's own records (registration, offices, assignments)."""
        return self.changes_regency_id(regency.id)

    def changes_regency_id(self, regency_id: int) -> bool:
        return self.national_admin or regency_id in self.coordinator_regency_ids

    def validates_office_work(self, office: Office | None) -> bool:
        """May mark an item validated: the head of its office, or the coordinator standing in."""
        if office is None:
            return False
        return self.changes_regency(office.regency) or office.id in self.head_office_ids

    def changes_office_work(self, office: Office) -> bool:
        """May change the work of one office (its items); the coordinator may stand in."""
        return self.changes_regency(office.regency) or office.id in self.operator_office_ids


# Keyed by the role's value: the rows read from the database carry plain strings.
_ROLE_FIELDS: dict[str, str] = {
    Role.PROVINCIAL_VERIFIER: "province_ids",
    Role.REGENCY_COORDINATOR: "coordinator_regency_ids",
    Role.LEADER: "leader_regency_ids",
    Role.OPD_OPERATOR: "operator_office_ids",
}


def scope_for(user: User | AnonymousUser) -> Scope:
    """The user's scope, computed once per user object (one query) and kept on it; a visitor who
    has not signed in (the context processor asks on the sign-in page too) has the empty scope."""
    cached = getattr(user, "_wistara_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope()
    else:
        scope = scope_from_roles(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "province_id", "regency_id", "office_id"
            )
        )
    # A per-object cache (see the docstring), no field of User or AnonymousUser.
    user._wistara_scope = scope  # type: ignore[union-attr]
    return scope


def scope_from_roles(rows: Iterable[tuple[str | None, int | None, int | None, int | None]]) -> Scope:
    """The scope of a user's role rows (role, province id, regency id, office id); a row whose
    role is None (a user without roles, read through an outer join) adds nothing."""
    sets: dict[str, set[int]] = {name: set() for name in _ROLE_FIELDS.values()}
    operator_regencies: set[int] = set()
    heads: set[int] = set()
    flags: dict[str, bool] = {Role.NATIONAL_ADMIN: False, Role.NATIONAL_VERIFIER: False}
    for role, province_id, regency_id, office_id in rows:
        if role is None:
            continue
        # The check constraint role_scope_matches_role guarantees the id of the role's own level.
        if role in flags:
            flags[role] = True
        elif role == Role.PROVINCIAL_VERIFIER:
            assert province_id is not None
            sets["province_ids"].add(province_id)
        elif role in (Role.OPD_OPERATOR, Role.OFFICE_HEAD):
            # A head of office does an operator's work too, and validates it.
            assert office_id is not None and regency_id is not None
            sets["operator_office_ids"].add(office_id)
            operator_regencies.add(regency_id)
            if role == Role.OFFICE_HEAD:
                heads.add(office_id)
        else:
            assert regency_id is not None
            sets[_ROLE_FIELDS[role]].add(regency_id)
    return Scope(
        national_admin=flags[Role.NATIONAL_ADMIN],
        national_verifier=flags[Role.NATIONAL_VERIFIER],
        operator_regency_ids=frozenset(operator_regencies),
        head_office_ids=frozenset(heads),
        **{name: frozenset(values) for name, values in sets.items()},
    )


# --- Lists -----------------------------------------------------------------------------------------


def provinces_for_user(user: User) -> QuerySet[Province]:
    scope = scope_for(user)
    if scope.national:
        return Province.objects.all()
    return Province.objects.filter(id__in=scope.province_ids)


def regencies_for_user(user: User) -> QuerySet[Regency]:
    scope = scope_for(user)
    qs = Regency.objects.select_related("province")
    if scope.national:
        return qs
    return qs.filter(Q(province_id__in=scope.province_ids) | Q(id__in=scope.regency_ids))


def offices_for_user(user: User, regency: Regency) -> QuerySet[Office]:
    if not scope_for(user).sees_regency(regency):
        return Office.objects.none()
    return Office.objects.filter(regency=regency)


# --- One object ------------------------------------------------------------------------------------


def get_province_for_user(user: User, code: str) -> Province:
    province = Province.objects.filter(code=code).first()
    if province is None or not scope_for(user).sees_province(province.id):
        raise Http404
    return province


def get_regency_for_user(user: User, code: str, *, change: bool = False) -> Regency:
    regency = Regency.objects.select_related("province").filter(code=code).first()
    scope = scope_for(user)
    if regency is None or not scope.sees_regency(regency):
        raise Http404
    if change and not scope.changes_regency(regency):
        raise PermissionDenied
    return regency


def get_office_for_user(user: User, office_id: int, *, change: bool = False) -> Office:
    office = Office.objects.select_related("regency__province").filter(id=office_id).first()
    scope = scope_for(user)
    if office is None or not scope.sees_regency(office.regency):
        raise Http404
    if change and not scope.changes_regency(office.regency):
        raise PermissionDenied
    return office


def is_national_admin(user: User) -> bool:
    return scope_for(user).national_admin
