"""Reads for the home pages: what each user can land on."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from wistara.regions.models import District, Province, Regency

from .access import provinces_for_user, regencies_for_user, scope_for
from .models import Office, Role, RoleAssignment, User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from wistara.regions.selectors import DistrictCount


@dataclass
class Workspace:
    kind: str  # "nation" | "province" | "regency"
    title: str
    subtitle: str
    url: str


def workspaces_for_user(user: User) -> list[Workspace]:
    """Every place the user may work, broadest first."""
    scope = scope_for(user)
    spaces: list[Workspace] = []
    if scope.national:
        spaces.append(Workspace("nation", "Indonesia", "", reverse("home") + "?ruang=nasional"))
    for province in provinces_for_user(user).filter(id__in=scope.province_ids):
        spaces.append(
            Workspace("province", province.name, "", reverse("regions:province-detail", args=[province.code]))
        )
    for regency in regencies_for_user(user).filter(id__in=scope.regency_ids):
        spaces.append(
            Workspace(
                "regency",
                regency.name,
                regency.province.name,
                reverse("regions:regency-detail", args=[regency.code]),
            )
        )
    return spaces


def roles_for_user(user: User) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("province", "regency", "office")
        .order_by("role")
    )


def provinces_overview() -> list[Province]:
    return list(
        Province.objects.annotate(
            n_regencies=Count("regencies", distinct=True),
        ).order_by("code")
    )


def province_regencies(province: Province) -> "list[WithAnnotations[Regency, DistrictCount]]":
    """The province's regencies with their numbers of kecamatan and offices."""
    districts = District.objects.filter(regency=OuterRef("pk")).values("regency")
    offices = Office.objects.filter(regency=OuterRef("pk")).values("regency")
    return list(
        Regency.objects.filter(province=province)
        .annotate(
            # Coalesce: a regency without offices yet has no row to count, which read "None".
            n_districts=Coalesce(Subquery(districts.annotate(n=Count("id")).values("n")), 0),
            n_offices=Coalesce(Subquery(offices.annotate(n=Count("id")).values("n")), 0),
        )
        .order_by("code")
    )


def regency_people(regency: Regency) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(regency=regency)
        .select_related("user", "office")
        .order_by("role", "office__short_name", "user__username")
    )


def regency_offices(regency: Regency) -> list[Office]:
    return list(Office.objects.filter(regency=regency).order_by("short_name"))


def offices_with_operators(regency: Regency) -> list[Office]:
    """The regency's offices, active first, each with its `.operators`; two queries."""
    offices = list(Office.objects.filter(regency=regency).order_by("-is_active", "short_name"))
    operators = (
        RoleAssignment.objects.filter(regency=regency, role=Role.OPD_OPERATOR)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    by_office: dict[int, list[RoleAssignment]] = {office.id: [] for office in offices}
    for assignment in operators:
        if assignment.office_id in by_office:
            by_office[assignment.office_id].append(assignment)
    for office in offices:
        office.operators = by_office[office.id]  # type: ignore[attr-defined]
    return offices
