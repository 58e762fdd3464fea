"""The item form's file drop zone, rendered inside assessments' form without assessments knowing
evidence (templates compose what the layers may not import)."""

from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..forms import ACCEPT
from ..kinds import BOTH, guess_rules
from ..models import Evidence

register = template.Library()


@register.inclusion_tag("evidence/partials/dropzone.html")
def evidence_dropzone(response):
    years = [int(year) for year in response.registration.cycle.data_years]
    return {
        "response": response,
        "accept": ACCEPT,
        "max_bytes": settings.EVIDENCE_MAX_BYTES,
        "year_choices": [*((str(y), str(y)) for y in years), (BOTH, _("Both years"))],
        "kind_choices": Evidence.Kind.choices,
        "rules": {**guess_rules(), "years": years, "both": BOTH},
        "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
    }
