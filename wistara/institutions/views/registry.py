"""The institution registry pages: the overview with the checks and the kelembagaan estimate,
one page per body with its records, the soft removal of a record, and the files' download.

Readers: whoever sees the regency. Changes: its coordinator and national admins (403 for the
other roles that see it, 404 for everyone else), through the services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.accounts.models import Office
from wistara.bulk.models import BulkChange
from wistara.bulk.selectors import latest_applied
from wistara.bulk.views import change_url
from wistara.common.forms import add_validation_errors
from wistara.evidence.downloads import stored_file_response
from wistara.evidence.uploads import request_too_large, too_large_message
from wistara.instruments.models import Section

from .. import forms, selectors, services
from ..access import (
    BODY_URLS,
    area_for,
    body_from_url,
    find_institution,
    get_file_for_user,
    get_record_for_user,
)
from ..checks import reference_date
from ..models import Body, Institution
from ..services import scoring
from .common import base_context, data_years, registration_for


@login_required
@require_GET
def overview(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code)
    registry = selectors.registry(registration)
    return render(
        request,
        "institutions/overview.html",
        base_context(
            request,
            registration,
            registry=registry,
            flags=registry.flags(),
            last_prefill=latest_applied(registration, BulkChange.Kind.PREFILL),
            estimates=scoring.kelembagaan_estimates(registration, registry),
            body_urls=BODY_URLS,
        ),
    )


@login_required
@require_POST
def prefill(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """Works out the pre-fill and shows it (wistara.bulk): nothing changes before the confirmation."""
    registration = registration_for(request, regency_code, cycle_code, change=True)
    try:
        change = services.plan_prefill(registration=registration, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("institutions:overview", regency_code, cycle_code)
    return redirect(change_url(change))


# --- One body --------------------------------------------------------------------------------------


def _forms(registration, institution: Institution | None, data=None, files=None, bound: str = ""):
    """Every form of a body's page; the one named `bound` carries the submitted data."""
    years = data_years(registration)
    offices = Office.objects.filter(regency_id=registration.regency_id, is_active=True)
    sections = Section.objects.filter(version_id=registration.cycle.instrument_id, kind=Section.Kind.TATANAN)
    makers = {
        "data": lambda d, f: forms.InstitutionForm(
            d,
            initial={
                "revision": institution.revision if institution else 0,
                "name": institution.name if institution else "",
                "address": institution.address if institution else "",
            },
        ),
        "sk": lambda d, f: forms.DecreeForm(d, f),
        "anggota": lambda d, f: forms.MemberForm(d, offices=offices),
        "kegiatan": lambda d, f: forms.ActivityForm(d, years=years, sections=sections),
        "renja": lambda d, f: forms.YearFileForm(d, f, years=years),
        "anggaran": lambda d, f: forms.BudgetForm(d, f, years=years),
        "foto": lambda d, f: forms.PhotoForm(d, f),
    }
    return {
        name: make(data if name == bound else None, files if name == bound else None)
        for name, make in makers.items()
    }


def _body_page(request, registration, body: str, area, *, status: int = 200, page_forms=None):
    institution = find_institution(registration, body, area)
    state = selectors.body_state(registration, body, institution, area)
    return render(
        request,
        "institutions/body.html",
        base_context(
            request,
            registration,
            body=body,
            body_label=Body(body).label,
            body_slug=BODY_URLS[body],
            area=area,
            institution=institution,
            state=state,
            records=selectors.body_records(
                institution, data_years(registration), reference_date(data_years(registration))
            )
            if institution
            else None,
            forms=page_forms or _forms(registration, institution),
            save_urls=_save_urls(registration, body, area),
            name=state.name or (institution.name if institution else ""),
        ),
        status=status,
    )


def _save_urls(registration, body: str, area) -> dict[str, str]:
    args = [registration.regency.code, registration.cycle.code, BODY_URLS[body]]
    if area is None:
        return {what: reverse("institutions:body-save", args=[*args, what]) for what in SAVES}
    return {what: reverse("institutions:area-save", args=[*args, area.code, what]) for what in SAVES}


@login_required
@require_GET
def body_detail(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    body_slug: str = "",
    area_body: str = "",
    area_code: str = "",
) -> HttpResponse:
    """The Tim Pembina's or Forum's page (body_slug), or an FKK's or Pokja's (area_body, area_code)."""
    registration = registration_for(request, regency_code, cycle_code)
    body = body_from_url(body_slug or area_body, area_code)
    return _body_page(request, registration, body, area_for(registration, body, area_code))


SAVES = {
    "data": lambda i, u, c: services.institution_update(
        institution=i, user=u, base_revision=c["revision"] or None, data=c
    ),
    "sk": lambda i, u, c: services.decree_add(institution=i, user=u, data=c, uploaded_file=c.get("file")),
    "anggota": lambda i, u, c: services.member_add(institution=i, user=u, data=c),
    "kegiatan": lambda i, u, c: services.activity_add(institution=i, user=u, data=c),
    "renja": lambda i, u, c: services.work_plan_file_set(
        institution=i, user=u, data=c, uploaded_file=c["file"]
    ),
    "anggaran": lambda i, u, c: services.budget_add(
        institution=i, user=u, data=c, uploaded_file=c.get("file")
    ),
    "foto": lambda i, u, c: services.photo_add(
        institution=i, user=u, uploaded_file=c["file"], caption=c.get("caption", "")
    ),
}
SAVED = {
    "data": gettext_lazy("Saved."),
    "sk": gettext_lazy("Decree added."),
    "anggota": gettext_lazy("Member added."),
    "kegiatan": gettext_lazy("Activity added."),
    "renja": gettext_lazy("Work plan document saved."),
    "anggaran": gettext_lazy("Budget added."),
    "foto": gettext_lazy("Photo added."),
}


@login_required
@require_POST
def body_save(
    request: AuthedRequest,
    regency_code: str,
    cycle_code: str,
    what: str,
    body_slug: str = "",
    area_body: str = "",
    area_code: str = "",
) -> HttpResponse:
    registration = registration_for(request, regency_code, cycle_code, change=True)
    body_slug = body_slug or area_body
    body = body_from_url(body_slug, area_code)
    area = area_for(registration, body, area_code)
    if what not in SAVES:
        raise Http404
    institution = find_institution(registration, body, area)
    page_forms = _forms(registration, institution, request.POST, request.FILES, bound=what)
    form = page_forms[what]
    if request_too_large(request):
        form.add_error(None, too_large_message())
        return _body_page(request, registration, body, area, status=413, page_forms=page_forms)
    if form.is_valid():
        try:
            institution = institution or services.institution_get_or_create(
                regency=registration.regency, body=body, area_code=area_code, user=request.user
            )
            SAVES[what](institution, request.user, form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, str(SAVED[what]))
            return redirect(
                reverse(
                    "institutions:" + ("area-detail" if area_code else "body-detail"),
                    args=[regency_code, cycle_code, body_slug] + ([area_code] if area_code else []),
                )
                + f"#{what}"
            )
    return _body_page(request, registration, body, area, status=400, page_forms=page_forms)


@login_required
@require_POST
def record_change(
    request: AuthedRequest, regency_code: str, cycle_code: str, kind: str, record_id: int, action: str
) -> HttpResponse:
    """Remove a record softly, or restore it."""
    registration = registration_for(request, regency_code, cycle_code, change=True)
    record = get_record_for_user(request.user, registration, kind, record_id)
    if action not in ("hapus", "pulihkan"):
        raise Http404
    if action == "hapus":
        services.record_remove(record=record, user=request.user)
        messages.success(request, _("Removed. You can restore it from the list of removed records."))
    else:
        services.record_restore(record=record, user=request.user)
        messages.success(request, _("Restored."))
    return redirect(institution_url(record.institution, cycle_code))


def institution_url(institution: Institution, cycle_code: str) -> str:
    area = institution.district or institution.village
    if area is None:
        return reverse(
            "institutions:body-detail",
            args=[institution.regency.code, cycle_code, BODY_URLS[institution.body]],
        )
    return reverse(
        "institutions:area-detail",
        args=[institution.regency.code, cycle_code, BODY_URLS[institution.body], area.code],
    )


@login_required
@require_GET
def file_download(request: AuthedRequest, regency_code: str, cycle_code: str, file_id: int) -> FileResponse:
    registration = registration_for(request, regency_code, cycle_code)
    file = get_file_for_user(request.user, registration, file_id)
    return stored_file_response(file, inline=request.GET.get("lihat") == "1")
