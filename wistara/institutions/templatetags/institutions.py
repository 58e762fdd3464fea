"""The regency dashboard's box of overdue action items, kept in this app so that the workspace
does not need to know about meetings."""

from django import template
from django.utils import timezone

from wistara.assessments.models import Registration
from wistara.instruments.models import Section

from ..selectors import kelembagaan_estimates, overdue_action_items

register = template.Library()


@register.inclusion_tag("institutions/partials/overdue_box.html", takes_context=True)
def overdue_action_items_box(context, registration: Registration) -> dict:
    items = list(overdue_action_items(registration.regency)[:6])
    return {"items": items, "regency": registration.regency, "cycle": registration.cycle,
            "today": timezone.localdate(), "request": context.get("request"),
            "more": overdue_action_items(registration.regency).count() if len(items) == 6 else len(items)}


@register.inclusion_tag("institutions/partials/kelembagaan_hint.html")
def kelembagaan_hint(response) -> dict:
    """On a kelembagaan item's page (for the office and the verifiers): what the registry says it
    is worth, and why. Nothing for other items."""
    indicator = response.indicator
    if indicator.section.kind != Section.Kind.KELEMBAGAAN:
        return {}
    registration = response.registration
    estimate = next((e for e in kelembagaan_estimates(registration) if e.indicator.id == indicator.id), None)
    return {"estimate": estimate, "regency": registration.regency, "cycle": registration.cycle}
