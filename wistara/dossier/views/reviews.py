"""Province and nation review the narratives; the regency sends corrected ones back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.verification.access import may_review
from wistara.verification.models import Level

from .. import selectors, services
from ..access import get_dossier_for_review, get_dossier_for_user, narrative_section
from ..forms import ReviewForm
from ..selectors_rounds import review_refusal
from .common import form_errors, run, workspace


@login_required
@require_GET
def review_list(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level)
    rnd, rows = selectors.review_rows(registration, level)
    return render(
        request,
        "dossier/review.html",
        workspace(
            registration,
            level=level,
            level_label=Level(level).label,
            round=rnd,
            rows=rows,
            can_review=may_review(request.user, registration, level),
            refusal=review_refusal(registration, level),
            correction=selectors.open_correction(registration),
        ),
    )


@login_required
@require_POST
def review_save(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, section_code: str
) -> HttpResponse:
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level, change=True)
    section = narrative_section(registration, section_code)
    form = ReviewForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.narrative_review_record(
                registration=registration,
                section=section,
                level=level,
                user=request.user,
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            ),
            _("Review of “%(key)s” saved.") % {"key": section.name if section else _("Overview")},
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(reverse("dossier:review", args=[regency_code, cycle_code, level]) + f"#n-{section_code}")


@login_required
@require_POST
def review_return(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    registration = get_dossier_for_review(request.user, regency_code, cycle_code, level, change=True)
    run(
        request,
        lambda: services.dossier_return(registration=registration, level=level, user=request.user),
        _("Narratives returned to the regency for correction."),
    )
    return redirect("dossier:review", regency_code, cycle_code, level)


@login_required
@require_POST
def resubmit(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=True)
    run(
        request,
        lambda: services.dossier_resubmit(registration=registration, user=request.user),
        _("Corrected narratives sent back to the verifiers."),
    )
    return redirect("dossier:index", regency_code, cycle_code)
