from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest

from .. import selectors
from ..access import get_registration_for_user, responses_for_user


@login_required
def dashboard(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    progress = selectors.registration_progress(registration)
    return render(
        request,
        "assessments/dashboard.html",
        {
            "registration": registration,
            "progress": progress,
            "cycle": registration.cycle,
            "regency": registration.regency,
        },
    )


@login_required
def missing(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """What each office still owes: a list the coordinator prints or sends."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    responses = responses_for_user(request.user, registration)
    # Operators' addresses are for whoever runs the regency's offices, not for every reader.
    may_address = scope_for(request.user).changes_regency(registration.regency)
    return render(
        request,
        "assessments/missing.html",
        {
            "registration": registration,
            "cycle": registration.cycle,
            "regency": registration.regency,
            "missing": selectors.missing_by_office(registration, responses),
            # issue 12: "send to the office" notifies the office's own users inside Wistara.
            "may_send": may_address,
            "years": registration.cycle.data_years,
        },
    )
