from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.access import get_office_for_user
from wistara.common.forms import add_validation_errors
from wistara.common.htmx import is_htmx_fragment

from .. import selectors, services
from ..access import (
    can_change_response,
    get_registration_for_user,
    get_response_for_user,
    responses_for_user,
)
from ..forms import ResponseForm, response_initial
from ..models import Response


def _registration_of(request, regency_code, cycle_code, response_id, *, change=False):
    response = get_response_for_user(request.user, response_id, change=change)
    registration = response.registration
    if registration.regency.code != regency_code or registration.cycle.code != cycle_code:
        raise PermissionDenied  # an id from another workspace's URL: refuse, never redirect
    return response


def _filters(request: HttpRequest, qs):
    section, office, status = (request.GET.get(k, "") for k in ("tatanan", "opd", "status"))
    if section:
        qs = qs.filter(indicator__section__code=section)
    if office:
        qs = qs.filter(office__short_name=office)
    if status:
        qs = qs.filter(status=status)
    return qs, {"tatanan": section, "opd": office, "status": status}


@login_required
def response_list(request: HttpRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    qs, chosen = _filters(request, responses_for_user(request.user, registration))
    responses = qs.select_related("indicator__section", "office").order_by(
        "indicator__section__order", "indicator__order")
    return render(request, "assessments/response_list.html", {
        "registration": registration, "cycle": registration.cycle, "regency": registration.regency,
        "responses": responses, "chosen": chosen, "statuses": Response.Status.choices,
        "sections": registration.cycle.instrument.sections.all(),
        "offices": registration.regency.offices.filter(is_active=True),
    })


def _detail_context(request, response, form=None, conflict=None) -> dict:
    data = selectors.response_page_data(response)
    form = form or ResponseForm(initial=response_initial(response), response=response,
                                options=data["options"])
    context = {
        "response": response, "registration": response.registration,
        "cycle": response.registration.cycle, "regency": response.registration.regency,
        "form": form, "conflict": conflict, "can_change": can_change_response(request.user, response),
        "lock_reason": services.response_lock_reason(response), **data,
        "field_labels": {**{name: field.label for name, field in form.fields.items()},
                         "office": _("Office"), "status": _("Status")},
    }
    return context


@login_required
def response_detail(request: HttpRequest, regency_code: str, cycle_code: str,
                    response_id: int) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id)
    context = _detail_context(request, response)
    ids = list(responses_for_user(request.user, response.registration).order_by(
        "indicator__section__order", "indicator__order").values_list("id", flat=True))
    at = ids.index(response.id)
    context["previous_id"] = ids[at - 1] if at > 0 else None
    context["next_id"] = ids[at + 1] if at + 1 < len(ids) else None
    return render(request, "assessments/response_detail.html", context)


@login_required
@require_POST
def response_save(request: HttpRequest, regency_code: str, cycle_code: str,
                  response_id: int) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id, change=True)
    options = list(response.indicator.options.all())
    form = ResponseForm(request.POST, response=response, options=options)
    conflict, status = None, 200
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            response = services.response_update(response=response, user=request.user,
                                                base_revision=form.cleaned_data["revision"], data=data)
            form, saved = None, True
        except services.ConflictError as exc:
            conflict, status, saved = exc, 409, False
            response.refresh_from_db()
        except ValidationError as exc:
            add_validation_errors(form, exc)
            status, saved = 400, False
    else:
        status, saved = 400, False
    context = _detail_context(request, response, form=None if conflict else form, conflict=conflict)
    context["saved"] = saved
    if conflict:
        context["attempted"] = request.POST
    return render(request, "assessments/partials/response_form.html", context, status=status)



@login_required
@require_POST
def response_status(request: HttpRequest, regency_code: str, cycle_code: str,
                    response_id: int) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id, change=True)
    back = ("assessments:response-detail", regency_code, cycle_code, response_id)
    status = request.POST.get("status", "")
    try:
        revision = _posted_number(request, "revision")
    except ValueError:
        revision = None
    if revision is None or status not in Response.Status.values:
        return _bad_input(request, _("The status change was not understood: reload the page and try "
                                     "again."), *back)
    try:
        services.response_set_status(response=response, user=request.user, base_revision=revision,
                                     status=status)
        messages.success(request, _("Status changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(*back)


@login_required
def assignment_list(request: HttpRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    responses = registration.responses.select_related("indicator__section", "office").order_by(
        "indicator__section__order", "indicator__order")
    return render(request, "assessments/assignments.html", {
        "registration": registration, "cycle": registration.cycle, "regency": registration.regency,
        "responses": responses, "sections": registration.cycle.instrument.sections.all(),
        "offices": registration.regency.offices.filter(is_active=True),
    })


@login_required
@require_POST
def assignment_set(request: HttpRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    try:
        office_id, response_id = _posted_number(request, "office"), _posted_number(request, "response")
    except ValueError:
        return _bad_input(request, _("The item or office sent is not valid: reload the page and try "
                                     "again."), "assessments:assignment-list", regency_code, cycle_code)
    office = get_office_for_user(request.user, office_id) if office_id is not None else None
    try:
        if response_id is not None:
            response = get_object_or_404(registration.responses, id=response_id)
            services.response_assign(response=response, office=office, user=request.user)
        elif request.POST.get("section"):
            count = services.responses_assign_section(
                registration=registration, section_code=request.POST["section"], office=office,
                user=request.user)
            messages.success(request, _("%(count)s items assigned.") % {"count": count})
        else:
            count = services.responses_assign_suggested(registration=registration, user=request.user)
            messages.success(request, _("%(count)s items assigned by suggestion.") % {"count": count})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("assessments:assignment-list", regency_code, cycle_code)


MAX_ID = 2**63 - 1  # the largest id (or revision) the database stores


def _posted_number(request: HttpRequest, name: str) -> int | None:
    """A posted id or revision; None when the field is absent or empty, ValueError when it is no
    number the database could hold."""
    value = request.POST.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_ID:
        raise ValueError(name)
    return int(value)


def _bad_input(request: HttpRequest, message: str, to: str, *args) -> HttpResponse:
    """400 with the message for htmx; a plain form post goes back with it, as its other errors do."""
    if is_htmx_fragment(request):
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(to, *args)
