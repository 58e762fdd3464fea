from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.access import get_office_for_user
from wistara.bulk.models import BulkChange
from wistara.bulk.plans import plan_assignment, plan_suggested
from wistara.bulk.selectors import latest_applied
from wistara.bulk.views import change_url
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


@login_required
def response_detail(request: HttpRequest, regency_code: str, cycle_code: str,
                    response_id: int) -> HttpResponse:
    response = _registration_of(request, regency_code, cycle_code, response_id)
    context = item_context(request.user, response)
    context["previous_id"], context["next_id"] = neighbours(request.user, response)
    return render(request, "assessments/response_detail.html", context)


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
    responses = list(registration.responses.select_related("indicator__section", "office").order_by(
        "indicator__section__order", "indicator__order"))
    offices = list(registration.regency.offices.filter(is_active=True))
    sections = assignment_sections(responses, offices)
    # One tatanan's rows at a time (each row carries every office): the whole list was 240 KB.
    shown = request.GET.get("tatanan", "")
    codes = [s["section"].code for s in sections]
    if shown not in codes and shown != ALL:
        shown = next((s["section"].code for s in sections if s["unassigned"]), codes[0] if codes else "")
    return render(request, "assessments/assignments.html", {
        "registration": registration, "cycle": registration.cycle, "regency": registration.regency,
        "responses": [r for r in responses if shown == ALL or r.indicator.section.code == shown],
        "sections": sections, "shown": shown, "all": ALL,
        "offices": offices, "last": latest_applied(registration, BulkChange.Kind.ASSIGN),
    })


ALL = "semua"  # ?tatanan=semua: every item of every tatanan in one list


def assignment_sections(responses: list[Response], offices) -> list[dict]:
    """Per tatanan or component: its items without and with an office, and the form's default
    office: the one the unassigned items' data sources name most often, else the one that holds
    most of its items already."""
    sections: dict[int, dict] = {}
    for r in responses:
        entry = sections.setdefault(r.indicator.section_id, {
            "section": r.indicator.section, "unassigned": 0, "assigned": 0, "named": Counter(),
            "holding": Counter()})
        if r.office_id is None:
            entry["unassigned"] += 1
            suggested = services.office_suggest(r.indicator, offices)
            if suggested is not None:
                entry["named"][suggested.id] += 1
        else:
            entry["assigned"] += 1
            entry["holding"][r.office_id] += 1
    for entry in sections.values():
        common = (entry.pop("named").most_common(1) or entry.pop("holding").most_common(1))
        entry.pop("holding", None)
        entry["suggested"] = common[0][0] if common else None
    return list(sections.values())


@login_required
@require_POST
def assignment_set(request: HttpRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """One row's office (saved at once, and said: "T1.3 → Dinkes"); a whole tatanan or the data
    sources' suggestion are planned and previewed first (wistara.bulk), applied on confirmation."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    try:
        office_id, response_id = _posted_number(request, "office"), _posted_number(request, "response")
    except ValueError:
        return _bad_input(request, _("The item or office sent is not valid: reload the page and try "
                                     "again."), "assessments:assignment-list", regency_code, cycle_code)
    office = get_office_for_user(request.user, office_id) if office_id is not None else None
    try:
        if response_id is not None:
            response = get_object_or_404(registration.responses.select_related("indicator"),
                                         id=response_id)
            saved = services.response_assign(response=response, office=office, user=request.user)
            return _assigned(request, saved, regency_code, cycle_code)
        if request.POST.get("section"):
            if office is None:
                raise ValidationError(_("Choose the office that gets the items."))
            change = plan_assignment(registration=registration, user=request.user,
                                     section_code=request.POST["section"], office=office,
                                     include_assigned=bool(request.POST.get("include_assigned")))
        else:
            change = plan_suggested(registration=registration, user=request.user)
    except ValidationError as exc:
        if request.htmx:
            return render(request, "assessments/partials/assigned.html", {"error": " ".join(exc.messages)})
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:assignment-list", regency_code, cycle_code)
    return redirect(change_url(change))


def _assigned(request: HttpRequest, response: Response, regency_code: str, cycle_code: str):
    """Says what one row's change did, beside the row (htmx) or at the top of the page."""
    context = {"response": response, "office": response.office, "withdrawn": response.withdrawn}
    if request.htmx:
        return render(request, "assessments/partials/assigned.html", context)
    text = f"{response.indicator.code} → {response.office.short_name if response.office else '—'}"
    if response.withdrawn:
        text += " · " + _("its validation was withdrawn: the new office's head must validate it")
    messages.success(request, text)
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


@login_required
@require_GET
def response_proposal(request: HttpRequest, regency_code: str, cycle_code: str,
                      response_id: int) -> HttpResponse:
    """The option the typed achievements point to (a hint refreshed as the office types)."""
    response = _registration_of(request, regency_code, cycle_code, response_id)
    proposal = propose(list(response.indicator.options.all()), request.GET.get("value_prev", "")[:30],
                       request.GET.get("value_curr", "")[:30])
    return render(request, "assessments/partials/proposal.html", {"proposal": proposal})
