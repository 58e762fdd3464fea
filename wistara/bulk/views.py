"""The bulk pages: a head's list of items waiting for validation, and one page per bulk change
(the preview with its confirmation, then the result with its undo). Thin: access in access.py,
rules in rules.py, writes in plans.py and services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wistara.accounts.http import AuthedRequest

from . import plans, selectors, services
from .access import get_change_for_user, get_registration_to_validate
from .models import BulkChange

SOURCES: dict[str, str] = {  # by the change's kind, a plain string as read from the row
    BulkChange.Kind.PREFILL: "institutions:overview",
    BulkChange.Kind.ASSIGN: "bulk:assignment-list",
    BulkChange.Kind.VALIDATE: "bulk:validation-queue",
}


def change_url(change: BulkChange) -> str:
    registration = change.registration
    return reverse("bulk:change", args=[registration.regency.code, registration.cycle.code, change.id])


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isascii() and v.isdigit() and len(v) < 19]


@login_required
@require_GET
def validation_queue(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_to_validate(request.user, regency_code, cycle_code)
    return render(
        request,
        "bulk/validation_queue.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "items": selectors.waiting_items(request.user, registration),
            "years": registration.cycle.instrument.data_years,
            "last": selectors.latest_applied(registration, BulkChange.Kind.VALIDATE),
        },
    )


@login_required
@require_POST
def validation_plan(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_to_validate(request.user, regency_code, cycle_code)
    try:
        change = plans.plan_validation(
            registration=registration, user=request.user, response_ids=_ids(request.POST.getlist("response"))
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("bulk:validation-queue", regency_code, cycle_code)
    return redirect(change_url(change))


@login_required
@require_GET
def change_detail(request: AuthedRequest, regency_code: str, cycle_code: str, change_id: int) -> HttpResponse:
    change = get_change_for_user(request.user, regency_code, cycle_code, change_id)
    blockers = services.undo_blockers(change)
    return render(
        request,
        "bulk/change.html",
        {
            "change": change,
            "registration": change.registration,
            "regency": change.registration.regency,
            "cycle": change.registration.cycle,
            "rows": selectors.rows(change),
            "skipped": selectors.skipped(change),
            "effect": selectors.effect(change),
            "effect_all": selectors.effect(change, "effect_all"),
            "blockers": blockers,
            "source": SOURCES[change.kind],
            "withdrawn": sum(1 for r in change.rows if r["after"].get("status") == "draft"),
        },
    )


@login_required
@require_POST
def change_apply(request: AuthedRequest, regency_code: str, cycle_code: str, change_id: int) -> HttpResponse:
    change = get_change_for_user(request.user, regency_code, cycle_code, change_id)
    # The rows the person left ticked (all of them without the checkboxes, e.g. from a script).
    selected = _ids(request.POST.getlist("row")) if "rows-shown" in request.POST else None
    try:
        change = services.bulk_apply(change=change, user=request.user, selected=selected)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Applied: %(n)s items changed. You can undo it here as long as nobody changes them after you.")
            % {"n": len(change.rows)},
        )
    return redirect("bulk:change", regency_code, cycle_code, change_id)


@login_required
@require_POST
def change_undo(request: AuthedRequest, regency_code: str, cycle_code: str, change_id: int) -> HttpResponse:
    change = get_change_for_user(request.user, regency_code, cycle_code, change_id)
    try:
        services.bulk_undo(change=change, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Undone: every item is back as it was before this change."))
    return redirect("bulk:change", regency_code, cycle_code, change_id)
