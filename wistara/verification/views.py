from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user, get_response_for_user
from wistara.assessments.selectors import registration_progress
from wistara.common.forms import add_validation_errors
from wistara.common.pdf import html_to_pdf
from wistara.instruments.models import AwardCategory

from . import selectors, services
from .access import (
    ensure_national_decider,
    get_registration_for_review,
    may_review,
    visible_response_ids,
)
from .awards import award_result, what_if
from .forms import DeadlineForm, DecisionForm, FieldVisitForm, ReviewForm
from .models import FieldVisit, Level
from .selectors_submission import incomplete_items, submission_blockers
from .services.deadlines import default_correction_deadline
from .services.workflow import MOVES


def _back(regency_code: str, cycle_code: str, name: str, *args) -> HttpResponse:
    return redirect(f"verification:{name}", regency_code, cycle_code, *args)


def _run(request: HttpRequest, action, success: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


@login_required
def submission(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The coordinator submits: incomplete items first, then an explicit confirmation."""
    change = request.method == "POST"
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=change)
    if change:
        confirm = request.POST.get("confirm") == "1"
        if _run(
            request,
            lambda: services.submission_submit(
                registration=registration, user=request.user, confirm_incomplete=confirm
            ),
            _("Self-assessment submitted to the province."),
        ):
            return redirect("assessments:dashboard", regency_code, cycle_code)
    return render(
        request,
        "verification/submission.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "incomplete": incomplete_items(registration),
            "submissions": registration.submissions.all(),
            "may_submit": scope_for(request.user).changes_regency(registration.regency),
            "blockers": submission_blockers(registration),
        },
    )


@login_required
@require_POST
def resubmit(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    registration = get_registration_for_user(request.user, regency_code, cycle_code, change=True)
    _run(
        request,
        lambda: services.correction_resubmit(registration=registration, user=request.user),
        _("Corrected items sent back to the verifiers."),
    )
    return redirect("assessments:dashboard", regency_code, cycle_code)


@login_required
def review_list(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    """Every item at a level; ?changed=1 keeps those changed since the last round."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level)
    changed_only = request.GET.get("changed") == "1"
    listing = selectors.review_rows(registration, level, changed_only=changed_only)
    visible = visible_response_ids(request.user, registration)
    if visible is not None:  # an office's operator: its own items only, nothing of the others
        listing.rows = [row for row in listing.rows if row.response.id in visible]
        listing.changed = sum(1 for row in listing.rows if row.changed_since)
    states = {row.response.id: row.state for row in listing.rows if row.state}
    actions = selectors.level_actions(
        registration, level, may_review(request.user, registration, level), None if changed_only else states
    )
    return render(
        request,
        "verification/review_list.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "level": level,
            "level_label": Level(level).label,
            "rows": listing.rows,
            "last_return": listing.last_return,
            "changed_count": listing.changed,
            "changed_only": changed_only,
            "can_review": actions.review,
            "actions": actions,
            "reviewed": sum(1 for row in listing.rows if row.state and not row.state.pending),
            "scored": any(row.reviews for row in listing.rows),
            "review_url": reverse("verification:review-screen", args=[regency_code, cycle_code, level]),
            "progress": registration_progress(registration, level=level),
            "sections": registration.cycle.instrument.sections.all(),
        },
    )


@login_required
@require_POST
def review_save(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, response_id: int
) -> HttpResponse:
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    response = get_object_or_404(registration.responses.select_related("indicator"), id=response_id)
    form = ReviewForm(request.POST, options=list(response.indicator.options.all()))
    if form.is_valid():
        try:
            services.review_record(
                response=response,
                level=level,
                user=request.user,
                option_id=form.cleaned_data["option"] or None,
                note=form.cleaned_data["note"],
                verdict=form.cleaned_data["verdict"],
            )
            messages.success(request, _("Review of %(code)s saved.") % {"code": response.indicator.code})
        except ValidationError as exc:
            add_validation_errors(form, exc)
    if form.errors:
        problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"{response.indicator.code}: {problems}")
    url = reverse("verification:review-list", args=[regency_code, cycle_code, level])
    keep = "?changed=1" if request.POST.get("changed") == "1" else ""
    return redirect(f"{url}{keep}#item-{response.id}")


def _level_step(request, regency_code: str, cycle_code: str, level: str, action, done: str):
    """Return or complete a level: the verifier's two closing steps share everything else."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    if _run(request, lambda: action(registration=registration, level=level, user=request.user), done):
        return _back(regency_code, cycle_code, "review-list", level)
    url = reverse("verification:review-list", args=[regency_code, cycle_code, level])
    return redirect(f"{url}#pending")


@login_required
def review_return(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    """What goes back, with its notes, and until when: shown first, then confirmed."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    returned = selectors.items_to_return(registration, level)
    default = default_correction_deadline(registration, timezone.now())
    form = DeadlineForm(request.POST or None, initial={"deadline": timezone.localtime(default)})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.correction_return(
                registration=registration,
                level=level,
                user=request.user,
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s items returned to the regency until %(when)s.")
                % {
                    "count": len(returned),
                    "when": date_format(timezone.localtime(correction.deadline), "j F Y H.i"),
                },
            )
            return _back(regency_code, cycle_code, "review-list", level)
    return render(
        request,
        "verification/return.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "level": level,
            "level_label": Level(level).label,
            "returned": returned,
            "form": form,
            "default": default,
        },
    )


@login_required
@require_POST
def deadline_extend(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level, change=True)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        _run(
            request,
            lambda: services.correction_extend(
                registration=registration,
                level=level,
                user=request.user,
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
            ),
            _("Correction deadline extended."),
        )
    return _back(regency_code, cycle_code, "review-list", level)


@login_required
@require_POST
def review_complete(request: AuthedRequest, regency_code: str, cycle_code: str, level: str) -> HttpResponse:
    return _level_step(
        request, regency_code, cycle_code, level, services.verification_complete, _("Verification completed.")
    )


@login_required
def decision(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The plenary's decision: open only once national verification is complete, and recorded
    after a confirmation that restates what the award engine gives and why."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    result = award_result(registration)
    categories = registration.cycle.instrument.award_categories.order_by("rank")
    form = DecisionForm(
        request.POST or None,
        categories=categories,
        initial={"category": result.reached.code if result.reached else ""},
    )
    open_ = registration.status in MOVES["decide"]
    confirming: dict[str, AwardCategory | None] | None = None
    if request.method == "POST":
        ensure_national_decider(request.user)
        if form.is_valid() and request.POST.get("confirm") != "1":
            code = form.cleaned_data["category"]
            chosen = next((c for c in categories if c.code == code), None) if code else None
            confirming = {"category": chosen}
        elif form.is_valid():
            try:
                services.decision_record(
                    registration=registration,
                    category_code=form.cleaned_data["category"] or None,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
                messages.success(request, _("Decision recorded."))
                return _back(regency_code, cycle_code, "decision")
            except ValidationError as exc:
                add_validation_errors(form, exc)
    return render(
        request,
        "verification/decision.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "result": result,
            "form": form,
            "decided": getattr(registration, "decision", None),
            "open": open_,
            "confirming": confirming,
        },
    )


@login_required
def response_reviews(
    request: AuthedRequest, regency_code: str, cycle_code: str, response_id: int
) -> HttpResponse:
    """The verifiers' notes on one item, shown on the item's page (an htmx fragment)."""
    response = get_response_for_user(request.user, response_id)
    if response.registration.regency.code != regency_code:
        raise Http404
    reviews = response.reviews.select_related("reviewer").order_by("-level", "-round")
    return render(request, "verification/partials/response_reviews.html", {"reviews": reviews})


@login_required
def what_if_view(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """The fewest one-step improvements that would reach the next category's score."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    plan = what_if(registration)
    visible = visible_response_ids(request.user, registration)
    shown = plan.chosen if visible is None else [s for s in plan.chosen if s.response.id in visible]
    return render(
        request,
        "verification/what_if.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "plan": plan,
            "result": award_result(registration),
            "shown": shown,
            "elsewhere": len(plan.chosen) - len(shown),
        },
    )


@login_required
def minutes_pdf(
    request: AuthedRequest, regency_code: str, cycle_code: str, level: str, section_code: str
) -> HttpResponse:
    """Berita acara of one level's verification of one tatanan (or the kelembagaan) as a PDF."""
    registration = get_registration_for_review(request.user, regency_code, cycle_code, level)
    context = selectors.minutes_context(
        registration, level, section_code, visible=visible_response_ids(request.user, registration)
    )
    if context is None:
        raise Http404
    html = render_to_string("verification/minutes.html", context, request=request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    filename = f"berita-acara-{level}-{regency_code}-{section_code}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def field_visit(request: AuthedRequest, regency_code: str, cycle_code: str) -> HttpResponse:
    """Field validation: schedule, team, lokus visited and findings per tatanan (national)."""
    registration = get_registration_for_user(request.user, regency_code, cycle_code)
    visit = FieldVisit.objects.filter(registration=registration).first()
    sections = list(registration.cycle.instrument.sections.all())
    form = FieldVisitForm(request.POST or None, registration=registration, sections=sections, visit=visit)
    if request.method == "POST":
        ensure_national_decider(request.user)
        if form.is_valid():
            try:
                services.field_visit_record(
                    registration=registration, user=request.user, **form.service_arguments()
                )
                messages.success(request, _("Field validation saved."))
                return redirect("verification:field-visit", regency_code, cycle_code)
            except ValidationError as exc:
                add_validation_errors(form, exc)
    return render(
        request,
        "verification/field_visit.html",
        {
            "registration": registration,
            "regency": registration.regency,
            "cycle": registration.cycle,
            "form": form,
            "visit": visit,
        },
    )
