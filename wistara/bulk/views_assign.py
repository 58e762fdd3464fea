"""The coordinator's assignment page: one row's office saved at once (and said: "T1.3 -> Dinkes"),
a whole tatanan or the data sources' suggestion planned and previewed first (wistara.bulk).

It lives here, above assessments, because its bulk actions are bulk changes; the single-row
change and the API's assignments stay with assessments' services."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.access import get_office_for_user
from wistara.accounts.http import AuthedRequest
from wistara.assessments import services
from wistara.assessments.access import get_registration_for_user
from wistara.assessments.models import Response
from wistara.assessments.views.responses import _bad_input, _posted_number

from .models import BulkChange
from .plans import plan_assignment, plan_suggested
from .selectors import latest_applied
from .views import change_url


@login_required
def assignment_list(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    responses = list(
        registration.responses.select_related("indicator__section", "office").order_by(
            "indicator__section__order", "indicator__order"
        )
    )
    offices = list(registration.regency.offices.filter(is_active=True))
    sections = assignment_sections(responses, offices)
    # One tatanan's rows at a time (each row carries every office): the whole list was 240 KB.
    shown = request.GET.get("tatanan", "")
    codes = [s["section"].code for s in sections]
    if shown not in codes and shown != ALL:
        shown = next((s["section"].code for s in sections if s["unassigned"]), codes[0] if codes else "")
    return render(
        request,
        "bulk/assignments.html",
        {
            "registration": registration,
            "cycle": registration.cycle,
            "regency": registration.regency,
            "responses": [r for r in responses if shown == ALL or r.indicator.section.code == shown],
            "sections": sections,
            "shown": shown,
            "all": ALL,
            "offices": offices,
            "last": latest_applied(registration, BulkChange.Kind.ASSIGN),
        },
    )


ALL = "semua"  # ?tatanan=semua: every item of every tatanan in one list


def assignment_sections(responses: list[Response], offices) -> list[dict]:
    """Per tatanan or component: its items without and with an office, and the form's default
    office: the one the unassigned items' data sources name most often, else the one that holds
    most of its items already."""
    sections: dict[int, dict] = {}
    for r in responses:
        entry = sections.setdefault(
            r.indicator.section_id,
            {
                "section": r.indicator.section,
                "unassigned": 0,
                "assigned": 0,
                "named": Counter(),
                "holding": Counter(),
            },
        )
        if r.office_id is None:
            entry["unassigned"] += 1
            suggested = services.office_suggest(r.indicator, offices)
            if suggested is not None:
                entry["named"][suggested.id] += 1
        else:
            entry["assigned"] += 1
            entry["holding"][r.office_id] += 1
    for entry in sections.values():
        common = entry.pop("named").most_common(1) or entry.pop("holding").most_common(1)
        entry.pop("holding", None)
        entry["suggested"] = common[0][0] if common else None
    return list(sections.values())


@login_required
@require_POST
def assignment_set(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """One row's office (saved at once, and said: "T1.3 → Dinkes"); a whole tatanan or the data
    sources' suggestion are planned and previewed first (wistara.bulk), applied on confirmation."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    try:
        office_id, response_id = _posted_number(request, "office"), _posted_number(request, "response")
    except ValueError:
        return _bad_input(
            request,
            _("The item or office sent is not valid: reload the page and try again."),
            "bulk:assignment-list",
            regency_code,
            cycle_code,
        )
    office = get_office_for_user(request.user, office_id) if office_id is not None else None
    try:
        if response_id is not None:
            response = get_object_or_404(registration.responses.select_related("indicator"), id=response_id)
            saved = services.response_assign(response=response, office=office, user=request.user)
            return _assigned(request, saved, regency_code, cycle_code)
        if request.POST.get("section"):
            if office is None:
                raise ValidationError(_("Choose the office that gets the items."))
            change = plan_assignment(
                registration=registration,
                user=request.user,
                section_code=request.POST["section"],
                office=office,
                include_assigned=bool(request.POST.get("include_assigned")),
            )
        else:
            change = plan_suggested(registration=registration, user=request.user)
    except ValidationError as exc:
        if request.htmx:
            return render(request, "bulk/partials/assigned.html", {"error": " ".join(exc.messages)})
        messages.error(request, " ".join(exc.messages))
        return redirect("bulk:assignment-list", regency_code, cycle_code)
    return redirect(change_url(change))


def _assigned(request: AuthedRequest, response: Response, regency_code: str, cycle_code: str):
    """Says what one row's change did, beside the row (htmx) or at the top of the page."""
    context = {"response": response, "office": response.office, "withdrawn": response.withdrawn}
    if request.htmx:
        return render(request, "bulk/partials/assigned.html", context)
    text = f"{response.indicator.code} → {response.office.short_name if response.office else '—'}"
    if response.withdrawn:
        text += " · " + _("its validation was withdrawn: the new office's head must validate it")
    messages.success(request, text)
    return redirect("bulk:assignment-list", regency_code, cycle_code)
