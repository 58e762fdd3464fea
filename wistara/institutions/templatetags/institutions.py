"""What the workspace's pages show of the institutions, kept in this app so that the workspace
does not need to know about them."""

from django import template

from wistara.instruments.models import Section

from ..services.scoring import kelembagaan_estimates

register = template.Library()


@register.inclusion_tag("institutions/partials/kelembagaan_hint.html")
def kelembagaan_hint(response) -> dict:
    """On a kelembagaan item's page (for the office and the verifiers): what the registry says it
    is worth, and why. Nothing for other items."""
    indicator = response.indicator
    if indicator.section.kind != Section.Kind.KELEMBAGAAN:
        return {}
    registration = response.registration
    estimate = next(iter(kelembagaan_estimates(registration, only=indicator)), None)
    return {"estimate": estimate, "regency": registration.regency, "cycle": registration.cycle}
