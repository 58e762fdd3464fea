from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def percent(value: Decimal | None, places: int = 1) -> str:
    """`71,3%` in Indonesian, `71.3%` in English, `—` for no value.

    The table prints hundreds of these: one format string and the language's decimal separator
    is a tenth of the cost of `floatformat`.
    """
    if value is None:
        return "—"
    text = f"{value:.{int(places)}f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR")) + "%"
