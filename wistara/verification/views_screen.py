"""The review screen (one item at a time, saved without reloading the page), the reviewer's queue
of regencies, the province's common notes and the nation's acceptance of the province's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.http import AuthedRequest
from wistara.common.forms import add_validation_errors
from wistara.common.htmx import is_htmx_fragment

from . import screen, services
from .access import get_registration_for_review, may_review, visible_response_ids
from .forms import ReviewForm
from .models import Level
from .queue import provinces_of, reviewer_queue
from .selectors import level_actions
from .selectors_scope import acceptable, current_round, unreviewed_acceptable
from .services.notes import common_note_add


def _screen_url(registration, level: str, response_id: int | None, query: str) -> str:
    args = [registration.regency.code, registration.cycle.code, level]
    url = (
        reverse("verification:review-item", args=[*args, response_id])
        if response_id
        else reverse("verification:review-screen", args=args)
    )
    return f"{url}?{query}" if query else url


@login_required
def review_screen(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, response_id: int | None = None
) -> HttpResponse:
    """GET: the screen (or, for htmx, the item's panel). POST: save the verdict on the item and
    answer with the next item's panel, the queue's mark and the progress swapped in."""
    registration = get_registration_for_review(
        request.user, regency_code, cycle_code, level, change=request.method == "POST"
    )
    visible = visible_response_ids(request.user, registration)
    params = QueryDict(request.POST.get("q", "")) if request.method == "POST" else request.GET
    chosen = screen.filters_from(params)
    form, saved = None, None
    if request.method == "POST":
        if visible is not None and response_id not in visible:
            raise Http404
        form, saved = _save(request, registration, level, response_id)
    queue, order = screen.build_queue(registration, level, chosen, visible)
    if request.method == "POST":
        if saved and response_id is not None:
            if not is_htmx_fragment(request):
                return redirect(
                    _screen_url(registration, level, queue.after(response_id, order), queue.query)
                )
            response_id = queue.after(response_id, order)
    elif response_id is None:
        first = next((i.id for i in queue.items if i.state.pending), None)
        response_id = first or (queue.items[0].id if queue.items else None)
    elif response_id not in order:
        raise Http404
    context = _context(request, registration, level, queue, response_id, form, saved)
    if is_htmx_fragment(request):
        reply = render(request, "verification/partials/review_panel.html", {**context, "oob": True})
        reply["HX-Push-Url"] = _screen_url(registration, level, response_id, queue.query)
        return reply
    return render(request, "verification/review_screen.html", context)


def _save(request, registration, level, response_id):
    if not may_review(request.user, registration, level):
        raise PermissionDenied
    response = get_object_or_404(registration.responses.select_related("indicator"), id=response_id)
    form = ReviewForm(request.POST, options=list(response.indicator.options.all()))
    if not form.is_valid():
        return form, None
    try:
        review = services.review_record(
            response=response,
            level=level,
            user=request.user,
            option_id=form.cleaned_data["option"] or None,
            note=form.cleaned_data["note"],
            verdict=form.cleaned_data["verdict"],
        )
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return form, None
    return None, review


def _context(request, registration, level, queue, response_id, form, saved) -> dict:
    may = may_review(request.user, registration, level)
    actions = level_actions(registration, level, may, queue.states)
    item = None
    if response_id is not None:
        response = screen.panel_response(registration, response_id)
        if response is None:  # not an item of this registration
            raise Http404
        state = queue.states[response_id]
        item = screen.panel(registration, level, response, state, current_round(registration, level))
    previous, following = queue.neighbours(response_id) if response_id else (None, None)
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        "level": level,
        "level_label": Level(level).label,
        "queue": queue,
        "item": item,
        "form": form,
        "saved": saved,
        "can_review": actions.review,
        "actions": actions,
        "previous_id": previous,
        "next_id": following,
        "filters": screen.filter_labels(),
        "sections": registration.cycle.instrument.sections.all(),
        "offices": registration.regency.offices.filter(is_active=True),
        "corrections": registration.corrections.filter(level=level),
        "bulk": _acceptable_count(registration, level, actions, queue),
    }


def _acceptable_count(registration, level, actions, queue) -> int:
    """How many items the nation may take over from the province now (0: no button)."""
    if level != Level.NATIONAL or not actions.review:
        return 0
    return sum(1 for rid in acceptable(registration) if queue.states[rid].pending)


@login_required
@require_POST
def common_note_create(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str
) -> HttpResponse:
    """A province's verifier adds a note to the province's library (kept for every regency)."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    try:
        common_note_add(
            province=registration.regency.province, text=request.POST.get("text", ""), user=request.user
        )
        messages.success(request, _("Note added to the province's library."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("verification:review-screen", args=[regency_code, cycle_code, level])
    return redirect(back)


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    """The regencies waiting for the person's verification, with deadlines and counts."""
    rows, level = reviewer_queue(request.user, request.GET.get("tingkat"))
    return render(
        request,
        "verification/queue.html",
        {
            "rows": rows,
            "level": level,
            "level_label": Level(level).label if level else "",
            "provinces": provinces_of(request.user),
        },
    )


@login_required
def accept_provincial(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The national verifier takes over the province's accepted, unchanged results: the list
    (every acceptable item not yet judged, ticked) first, then one confirmed step."""
    level = Level.NATIONAL
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    offered = unreviewed_acceptable(registration)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("item") if v.isdigit()]
        try:
            reviews = services.national_accept_provincial(
                registration=registration, user=request.user, response_ids=ids or []
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The province's result accepted for %(count)s items.") % {"count": len(reviews)}
            )
            return redirect("verification:review-screen", regency_code, cycle_code, level)
    items = list(
        registration.responses.filter(id__in=list(offered))
        .select_related("indicator", "office")
        .order_by("indicator__section__order", "indicator__order")
    )
    return render(
        request,
        "verification/accept_provincial.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "level": level,
            "rows": [(item, offered[item.id]) for item in items],
        },
    )
