"""The regency dashboard's box of overdue action items, kept in this app so that the workspace
does not need to know about meetings."""

from django import template
from django.utils import timezone

from wistara.assessments.models import Registration

from ..selectors import overdue_action_items

register = template.Library()


@register.inclusion_tag("institutions/partials/overdue_box.html", takes_context=True)
def overdue_action_items_box(context, registration: Registration) -> dict:
    items = list(overdue_action_items(registration.regency)[:6])
    return {"items": items, "regency": registration.regency, "cycle": registration.cycle,
            "today": timezone.localdate(), "request": context.get("request"),
            "more": overdue_action_items(registration.regency).count() if len(items) == 6 else len(items)}
