"""The check of one attached file (polled by htmx until the worker finishes) and the coordinator's
list of flagged files."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user, responses_for_user
from wistara.evidence.access import get_evidence_for_user

from .selectors import check_for_evidence, counts_per_office, files_needing_a_look


@login_required
@require_GET
def evidence_check(request: AuthedRequest, evidence_id: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, evidence_id)
    return render(
        request,
        "evidence_checks/check.html",
        {"evidence": evidence, "check": check_for_evidence(evidence), "show_advice": True},
    )


@login_required
@require_GET
def flagged(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    responses = responses_for_user(request.user, registration)
    try:
        office_id = int(request.GET.get("opd") or 0) or None
    except ValueError:
        office_id = None
    return render(
        request,
        "evidence_checks/flagged.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "counts": counts_per_office(registration, responses),
            "office_id": office_id,
            "rows": files_needing_a_look(responses, office_id),
        },
    )


@login_required
@require_GET
def counts(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The dashboard's card: files flagged per office (loaded by htmx after the dashboard)."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    return render(
        request,
        "evidence_checks/office_counts.html",
        {
            "regency": registration.regency,
            "cycle": registration.cycle,
            "counts": counts_per_office(registration, responses_for_user(request.user, registration)),
        },
    )
