from django import template
from django.utils.safestring import mark_safe

from ..banners import WORKSPACE_BANNERS

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_banners(context) -> str:
    """Every registered banner's HTML for this page (each is escaped by its own template)."""
    return mark_safe("".join(banner(context.flatten()) for banner in WORKSPACE_BANNERS))  # noqa: S308
