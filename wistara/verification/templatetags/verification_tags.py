"""What the regency sees of a return on its own pages: the banner and the note on the item."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from wistara.assessments.access import responses_for_user
from wistara.assessments.models import Registration, Response

from ..models import Review
from ..services.workflow import RETURNED

register = template.Library()
RETURNED_STATES = set(RETURNED.values())


def _notes(response_ids: list[int]) -> dict[int, Review]:
    """The latest 'needs correction' review of each item (the note it went back with)."""
    latest: dict[int, Review] = {}
    for review in (
        Review.objects.filter(response_id__in=response_ids, verdict=Review.Verdict.NEEDS_CORRECTION)
        .select_related("reviewer")
        .order_by("reviewed_at")
    ):
        latest[review.response_id] = review
    return latest


def return_banner_html(context: dict) -> str:
    """The banner as HTML, for the workspace's head (registered in assessments.banners)."""
    data = return_banner(context)
    if not data.get("show"):
        return ""
    return render_to_string("verification/partials/return_banner.html", data, request=context.get("request"))


@register.inclusion_tag("verification/partials/return_banner.html", takes_context=True)
def return_banner(context) -> dict:
    """On every page of the workspace while items are out for correction: until when, and which
    (an office's operator sees its own office's items only). Two queries, only while returned."""
    registration: Registration | None = context.get("registration")
    request = context.get("request")
    if registration is None or request is None or registration.status not in RETURNED_STATES:
        return {"show": False}
    items = list(
        responses_for_user(request.user, registration)
        .filter(status=Response.Status.RETURNED)
        .select_related("indicator")
        .order_by("indicator__section__order", "indicator__order")
    )
    notes = _notes([i.id for i in items])
    deadline = registration.correction_deadline
    return {
        "show": True,
        "registration": registration,
        "deadline": deadline,
        "overdue": deadline is not None and deadline <= timezone.now(),
        "items": [(i, notes.get(i.id)) for i in items],
        "level": "provincial"
        if registration.status == Registration.Status.PROVINCIAL_RETURNED
        else "national",
    }


@register.inclusion_tag("verification/partials/returned_note.html")
def returned_note(response: Response) -> dict:
    """At the top of a returned item: the verifier's note and the deadline."""
    if response.status != Response.Status.RETURNED:
        return {"review": None}
    return {
        "review": _notes([response.id]).get(response.id),
        "deadline": response.registration.correction_deadline,
    }
