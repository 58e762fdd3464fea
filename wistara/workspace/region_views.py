from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from wistara.accounts import selectors as account_selectors
from wistara.accounts.access import get_province_for_user, get_regency_for_user, scope_for
from wistara.accounts.http import AuthedRequest
from wistara.regions import selectors


@login_required
def province_detail(request: AuthedRequest, code: str) -> HttpResponse:
    province = get_province_for_user(request.user, code)
    regencies = account_selectors.province_regencies(province)
    return render(
        request,
        "regions/province_detail.html",
        {
            "province": province,
            "regencies": regencies,
            "totals": selectors.province_totals(regencies),
        },
    )


@login_required
def regency_detail(request: AuthedRequest, code: str) -> HttpResponse:
    regency = get_regency_for_user(request.user, code)
    scope = scope_for(request.user)
    return render(
        request,
        "regions/regency_detail.html",
        {
            "regency": regency,
            "totals": selectors.regency_totals(regency),
            "offices": account_selectors.regency_offices(regency),
            "people": account_selectors.regency_people(regency),
            "my_office_ids": scope.operator_office_ids,
            "can_change": scope.changes_regency(regency),
        },
    )
