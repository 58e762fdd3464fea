from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest
from wistara.common.htmx import is_htmx_fragment

from .. import services
from ..access import get_registration_for_user, get_response_for_user, responses_for_user
from ..item_page import item_context, neighbours
from ..models import Response
from ..proposal import propose


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
def response_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    qs, chosen = _filters(request, responses_for_user(request.user, registration))
    # Items out for correction first: an office opens its list on what it must fix (issue 11).
    returned_first = Case(When(status=Response.Status.RETURNED, then=0), default=1)
    responses = qs.select_related("indicator__section", "office").order_by(
        returned_first, "indicator__section__order", "indicator__order"
    )
    return render(
        request,
        "assessments/response_list.html",
        {
            "registration": registration,
            "cycle": registration.cycle,
            "regency": registration.regency,
            "responses": responses,
            "chosen": chosen,
            "statuses": Response.Status.choices,
            "sections": registration.cycle.instrument.sections.all(),
            "offices": registration.regency.offices.filter(is_active=True),
        },
    )


@login_required
def response_detail(
    request: AuthedRequest, regency_code: str, cycle_code: str, response_id: int
) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id)
    context = item_context(request.user, response)
    context["previous_id"], context["next_id"] = neighbours(request.user, response)
    return render(request, "assessments/response_detail.html", context)


@login_required
@require_POST
def response_status(
    request: AuthedRequest, regency_code: str, cycle_code: str, response_id: int
) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id, change=True)
    back = ("assessments:response-detail", regency_code, cycle_code, response_id)
    status = request.POST.get("status", "")
    try:
        revision = _posted_number(request, "revision")
    except ValueError:
        revision = None
    if revision is None or status not in Response.Status.values:
        return _bad_input(
            request, _("The status change was not understood: reload the page and try again."), *back
        )
    try:
        services.response_set_status(
            response=response, user=request.user, base_revision=revision, status=status
        )
        messages.success(request, _("Status changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(*back)


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


@login_required
@require_GET
def response_proposal(
    request: AuthedRequest, regency_code: str, cycle_code: str, response_id: int
) -> HttpResponse:
    """The option the typed achievements point to (a hint refreshed as the office types)."""
    response = _registration_of(request, regency_code, cycle_code, response_id)
    proposal = propose(
        list(response.indicator.options.all()),
        request.GET.get("value_prev", "")[:30],
        request.GET.get("value_curr", "")[:30],
    )
    return render(request, "assessments/partials/proposal.html", {"proposal": proposal})
