"""Every role's home is its own work ("Tugas saya"), and the checklist before submitting."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wistara.accounts import views as account_views
from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user
from wistara.assessments.selectors import registration_progress

from . import selectors
from .checklist import blocking, submission_checklist


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Regency roles land on their queue; the nation, provinces and people without a role keep
    the accounts' home (verifiers' queues are verification's)."""
    scope = scope_for(request.user)
    if scope.province_ids and not scope.national:
        # A province's verifiers land on the regencies waiting for them (issue 11).
        return redirect("verification_queue:queue")
    registrations = [] if scope.national or scope.province_ids else selectors.current_registrations(scope)
    if not registrations:
        return account_views.home(request)
    return render(
        request,
        "workspace/home.html",
        {
            "queues": [_queues(scope, registration) for registration in registrations],
        },
    )


def _queues(scope, registration) -> dict:
    regency_id = registration.regency_id
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        "office": selectors.office_queue(scope, registration),
        "coordinator": (
            selectors.coordinator_queue(registration) if scope.changes_regency_id(regency_id) else None
        ),
        "leader": (registration_progress(registration) if regency_id in scope.leader_regency_ids else None),
    }


@login_required
@require_GET
def checklist(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The checklist, loaded into the submission page and the coordinator's home after them."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    checks = submission_checklist(registration)
    return render(
        request,
        "workspace/partials/checklist.html",
        {
            "checks": checks,
            "blocked": blocking(checks),
            "registration": registration,
        },
    )
