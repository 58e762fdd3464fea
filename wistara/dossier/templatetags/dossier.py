"""Blocks other apps' templates show without depending on this app in Python:
the general data (berita acara, exports) and the provinces' documents on the national dashboard
(the regency dashboard's funding card is a page of its own, dossier:funding-chart, loaded by htmx)."""

from django import template

from wistara.accounts.access import provinces_for_user

from .. import selectors

register = template.Library()


@register.inclusion_tag("dossier/partials/general_data_block.html")
def general_data_block(registration, *, compact=False):
    """The general data table; `compact` for the berita acara's one-page form."""
    return {**selectors.general_data_context(registration), "compact": compact}


@register.inclusion_tag("dossier/partials/province_documents.html", takes_context=True)
def provincial_documents_status(context, cycle, province=None):
    provinces = provinces_for_user(context["request"].user)
    if province is not None:
        provinces = provinces.filter(id=province.id)
    statuses = selectors.province_statuses(cycle, provinces)
    return {
        "cycle": cycle,
        "statuses": statuses,
        "request": context["request"],
        "complete": sum(1 for s in statuses if s.complete),
        "verified": sum(1 for s in statuses if s.verified),
        "empty": [s for s in statuses if not s.documents and s.status == "draft"],
    }


@register.filter
def rupiah(value) -> str:
    """1250000 -> "1.250.000" (Indonesian thousands separator, whatever the active language)."""
    if value in (None, ""):
        return "–"
    return f"{int(value):,}".replace(",", ".")
