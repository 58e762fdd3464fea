"""The checks' findings where people decide: `{% load evidence_checks %}` then

- `{% evidence_check item %}` on an evidence item of the panel (a badge and the findings),
- `{% evidence_findings response %}` on the verifier's review list (each file of each item), with
  `single=True` on a page about one item (the review panel),
- `{% evidence_check_counts registration %}` on the coordinator's dashboard (per office),
- `{% evidence_check_mark response %}` on a list of items (files flagged, if any).
Callers pass objects their view already checked access for.
"""

from django import template

from wistara.assessments.access import responses_for_user

from ..selectors import counts_per_office, flagged_per_response, registration_findings

register = template.Library()


@register.inclusion_tag("evidence_checks/check.html")
def evidence_check(item, show_advice=True):
    return {"evidence": item, "check": getattr(item, "file_check", None), "show_advice": show_advice}


@register.inclusion_tag("evidence_checks/response_findings.html", takes_context=True)
def evidence_findings(context, response, single=False):
    # A list of every item reads the whole registration once, not per item; a page about one item
    # (the review panel, swapped in after each save) reads that item's files only.
    if single:
        rows = registration_findings(response.registration_id, [response.id])
        return {"response": response, "rows": rows.get(response.id, [])}
    key = ("evidence_checks", response.registration_id)
    if key not in context.render_context:
        context.render_context[key] = registration_findings(response.registration_id)
    return {"response": response, "rows": context.render_context[key].get(response.id, [])}


@register.inclusion_tag("evidence_checks/office_counts.html", takes_context=True)
def evidence_check_counts(context, registration):
    user = context["request"].user
    return {
        "counts": counts_per_office(registration, responses_for_user(user, registration)),
        "regency": registration.regency,
        "cycle": registration.cycle,
    }


@register.inclusion_tag("evidence_checks/mark.html", takes_context=True)
def evidence_check_mark(context, response):
    """A small mark on an item of a list: how many of its files the check flagged (one query a page)."""
    key = ("evidence_check_marks", response.registration_id)
    if key not in context.render_context:
        context.render_context[key] = flagged_per_response(response.registration_id)
    return {"counts": context.render_context[key].get(response.id)}
