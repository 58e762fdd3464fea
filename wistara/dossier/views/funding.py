"""Funding: the table with its totals and chart, adding, editing, removing rows, their evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.services.errors import ConflictError
from wistara.common.forms import add_validation_errors
from wistara.evidence.uploads import request_too_large, too_large_message

from .. import selectors, services
from ..access import get_attachment_for_user, get_dossier_for_user, get_funding_for_user
from ..forms import EvidenceFileForm, FundingForm, funding_initial
from ..locking import dossier_lock_reason
from .common import form_errors, run, workspace


def _list(request, registration, *, form=None, status=200) -> HttpResponse:
    may_change = scope_for(request.user).changes_regency(registration.regency)
    lock_reason = dossier_lock_reason(registration)
    return render(
        request,
        "dossier/funding.html",
        workspace(
            registration,
            rows=selectors.funding_rows(registration),
            removed=selectors.funding_rows(registration, removed=True),
            totals=selectors.funding_totals(registration),
            lock_reason=lock_reason,
            editable=may_change and lock_reason is None,
            evidence_form=EvidenceFileForm(),
            form=form or FundingForm(registration=registration),
        ),
        status=status,
    )


@login_required
@require_GET
def funding_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    return _list(request, get_dossier_for_user(request.user, regency_code, cycle_code))


@login_required
@require_GET
def funding_chart(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The funding card of the workspace dashboard, loaded after the page (htmx)."""
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    return render(
        request,
        "dossier/partials/funding_chart.html",
        workspace(registration, totals=selectors.funding_totals(registration)),
    )


@login_required
@require_POST
def funding_create(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    form = FundingForm(request.POST, registration=registration)
    if form.is_valid() and run(
        request,
        lambda: services.funding_create(registration=registration, user=request.user, data=form.cleaned_data),
        _("Funding row added."),
        form,
    ):
        return redirect("dossier:funding", regency_code, cycle_code)
    return _list(request, registration, form=form, status=400)


@login_required
def funding_edit(request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int) -> HttpResponse:
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    registration = funding.registration
    form = FundingForm(request.POST or None, registration=registration, initial=funding_initial(funding))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.funding_update(
                    funding=funding,
                    user=request.user,
                    base_revision=form.cleaned_data["revision"] or 0,
                    data=form.cleaned_data,
                )
                messages.success(request, _("Funding row saved."))
                return redirect("dossier:funding", regency_code, cycle_code)
            except ConflictError as exc:
                status = 409
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                add_validation_errors(form, exc)
    return render(
        request,
        "dossier/funding_edit.html",
        workspace(registration, form=form, funding=funding, lock_reason=dossier_lock_reason(registration)),
        status=status,
    )


def _step(request, regency_code, cycle_code, funding_id, action, done) -> HttpResponse:
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    run(request, lambda: action(funding=funding, user=request.user), done)
    return redirect("dossier:funding", regency_code, cycle_code)


@login_required
@require_POST
def funding_remove(
    request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int
) -> HttpResponse:
    return _step(
        request,
        regency_code,
        cycle_code,
        funding_id,
        services.funding_remove,
        _("Funding row removed. It can be restored below the table."),
    )


@login_required
@require_POST
def funding_restore(
    request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int
) -> HttpResponse:
    return _step(
        request, regency_code, cycle_code, funding_id, services.funding_restore, _("Funding row restored.")
    )


@login_required
@require_POST
def funding_evidence(
    request: AuthedRequest, regency_code: str, cycle_code: str, funding_id: int
) -> HttpResponse:
    funding = get_funding_for_user(request.user, regency_code, cycle_code, funding_id, change=True)
    if request_too_large(request):
        messages.error(request, too_large_message())
        return redirect("dossier:funding", regency_code, cycle_code)
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        run(
            request,
            lambda: services.funding_evidence_upload(
                funding=funding,
                user=request.user,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            ),
            _("Evidence uploaded."),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("dossier:funding", regency_code, cycle_code)


@login_required
@require_POST
def funding_evidence_remove(
    request: AuthedRequest, regency_code: str, cycle_code: str, attachment_id: int
) -> HttpResponse:
    attachment = get_attachment_for_user(request.user, regency_code, cycle_code, attachment_id, change=True)
    run(
        request,
        lambda: services.funding_evidence_remove(attachment=attachment, user=request.user),
        _("Evidence removed."),
    )
    return redirect("dossier:funding", regency_code, cycle_code)
