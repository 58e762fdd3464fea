from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ labels|get_item:name }}`: look a key up in a dict from the view."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def is_past(value) -> bool:
    """`{% if deadline|is_past %}`: a date before today, or a moment before now (Asia/Jakarta)."""
    if isinstance(value, datetime):
        return value < timezone.now()
    if isinstance(value, date):
        return value < timezone.localdate()
    return False
