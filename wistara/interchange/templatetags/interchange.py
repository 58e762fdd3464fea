from django import template

from ..models import PastScore

register = template.Library()


@register.inclusion_tag("interchange/partials/past_scores.html")
def past_scores(response):
    """What an earlier round's workbook (or cycle) said about this item: history, never this
    cycle's verification."""
    return {"scores": list(PastScore.objects.filter(response=response)[:5])}
