"""Region endpoints.

`/regions/...` is reference data: the official, openly licensed list of administrative areas,
readable by every signed-in user (pickers for lokus, addresses). `/workspaces/...` are the
tenant views of a province or regency and go through the access functions like the pages.
"""

from django.shortcuts import get_object_or_404
from ninja import Router

from wistara.accounts import selectors as account_selectors
from wistara.accounts.access import (
    get_province_for_user,
    get_regency_for_user,
    provinces_for_user,
    regencies_for_user,
    scope_for,
)
from wistara.accounts.http import AuthedRequest
from wistara.common.api_errors import READ
from wistara.regions import selectors
from wistara.regions.models import District, Province, Regency, Village

from .region_schemas import (
    DistrictOut,
    ProvinceOut,
    ProvinceWorkspaceOut,
    RegencyOut,
    RegencyWorkspaceOut,
    VillageOut,
)

router = Router()
workspace_router = Router()

REGENCY_FIELDS = ("code", "name", "kind", "province__code")


def _regency_rows(qs) -> list[dict]:
    return [
        dict(zip(("code", "name", "kind", "province_code"), row, strict=True))
        for row in qs.values_list(*REGENCY_FIELDS)
    ]


@router.get("/provinces", response={200: list[ProvinceOut], **READ}, summary="All provinces")
def province_list(request: AuthedRequest):
    return Province.objects.all()


@router.get("/regencies", response={200: list[RegencyOut], **READ}, summary="Regencies/cities, by province")
def regency_list(request: AuthedRequest, province: str | None = None):
    qs = Regency.objects.order_by("code")
    if province:
        qs = qs.filter(province__code=province)
    return _regency_rows(qs)


@router.get(
    "/regencies/{code}/districts",
    response={200: list[DistrictOut], **READ},
    summary="Kecamatan of a regency/city",
)
def district_list(request: AuthedRequest, code: str):
    regency = get_object_or_404(Regency, code=code)
    return [
        {"code": c, "name": n, "regency_code": regency.code}
        for c, n in District.objects.filter(regency=regency).values_list("code", "name")
    ]


@router.get(
    "/districts/{code}/villages",
    response={200: list[VillageOut], **READ},
    summary="Desa/kelurahan of a kecamatan",
)
def village_list(request: AuthedRequest, code: str):
    district = get_object_or_404(District, code=code)
    rows = Village.objects.filter(district=district).values_list("code", "name", "kind")
    return [{"code": c, "name": n, "kind": k, "district_code": district.code} for c, n, k in rows]


@workspace_router.get(
    "/provinces", response={200: list[ProvinceOut], **READ}, summary="Provinces the caller works with"
)
def workspace_province_list(request: AuthedRequest):
    return provinces_for_user(request.user)


@workspace_router.get(
    "/provinces/{code}",
    response={200: ProvinceWorkspaceOut, **READ},
    summary="A province the caller works with, and its regencies",
)
def workspace_province(request: AuthedRequest, code: str):
    province = get_province_for_user(request.user, code)
    return {
        "code": province.code,
        "name": province.name,
        "regencies": _regency_rows(Regency.objects.filter(province=province)),
    }


@workspace_router.get(
    "/regencies", response={200: list[RegencyOut], **READ}, summary="Regencies/cities the caller works with"
)
def workspace_regency_list(request: AuthedRequest):
    return _regency_rows(regencies_for_user(request.user).order_by("code"))


@workspace_router.get(
    "/regencies/{code}",
    response={200: RegencyWorkspaceOut, **READ},
    summary="A regency/city the caller works with, with its offices",
)
def workspace_regency(request: AuthedRequest, code: str):
    regency = get_regency_for_user(request.user, code)
    return {
        "code": regency.code,
        "name": regency.name,
        "kind": regency.kind,
        "province_code": regency.province.code,
        "province_name": regency.province.name,
        **selectors.regency_totals(regency),
        "offices": account_selectors.regency_offices(regency),
        "can_change": scope_for(request.user).changes_regency(regency),
    }
