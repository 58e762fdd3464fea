"""The dossier's summary page, the general data, the download of the whole dossier, its files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.services.errors import ConflictError
from wistara.common.forms import add_validation_errors
from wistara.common.pdf import html_to_pdf
from wistara.evidence.downloads import stored_file_response

from .. import selectors, services
from ..access import get_attachment_for_user, get_dossier_for_user
from ..exports import dossier_pdf_context
from ..forms import GeneralDataForm, general_initial
from .common import workspace


@login_required
@require_GET
def index(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    return render(
        request,
        "dossier/index.html",
        workspace(
            registration,
            overview=selectors.dossier_overview(registration),
            funding=selectors.funding_totals(registration),
            **selectors.general_data_context(registration),
            may_change=scope_for(request.user).changes_regency(registration.regency),
        ),
    )


@login_required
def general(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The general data: a form for the coordinator, the same block read-only for everyone else."""
    change = request.method == "POST"
    registration = get_dossier_for_user(request.user, regency_code, cycle_code, change=change)
    context = selectors.general_data_context(registration)
    form = GeneralDataForm(
        request.POST or None,
        leader_title=context["leader_title"],
        initial=general_initial(context["general"], context["contacts"]),
    )
    status = 200
    if change:
        status = 400
        if form.is_valid():
            try:
                services.general_data_update(
                    regency=registration.regency,
                    user=request.user,
                    base_revision=form.cleaned_data["revision"],
                    data=form.service_data(),
                )
                messages.success(request, _("General data saved."))
                return redirect("dossier:general", regency_code, cycle_code)
            except ConflictError as exc:
                status = 409
                form.add_error(None, exc.messages)
            except ValidationError as exc:
                add_validation_errors(form, exc)
    return render(
        request,
        "dossier/general.html",
        workspace(
            registration,
            form=form,
            may_change=scope_for(request.user).changes_regency(registration.regency),
            **context,
        ),
        status=status,
    )


@login_required
@require_GET
def dossier_pdf(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The whole dossier as one PDF: general data, overview, narratives, funding, reviews."""
    registration = get_dossier_for_user(request.user, regency_code, cycle_code)
    html = render_to_string("dossier/export.html", dossier_pdf_context(registration), request=request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="profil-{regency_code}-{cycle_code}.pdf"'
    return response


@login_required
@require_GET
def file(request: AuthedRequest, regency_code: str, cycle_code: str, attachment_id: int) -> FileResponse:
    """A dossier file (image, narrative PDF, funding evidence) to whoever sees the dossier."""
    attachment = get_attachment_for_user(request.user, regency_code, cycle_code, attachment_id)
    return stored_file_response(attachment.file, inline=request.GET.get("lihat") == "1")
