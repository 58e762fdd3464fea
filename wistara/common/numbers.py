"""Numbers as Indonesians type them."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_RUPIAH = Decimal("1e15")
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def rupiah(field: str, raw) -> Decimal:
    """Whole rupiah from a number or from what people type: 1250000, 1.250.000, Rp 1.250.000,00."""
    try:
        if isinstance(raw, int | Decimal):
            amount = Decimal(raw)
        else:
            typed = str(raw if raw is not None else "").replace("Rp", "").replace("rp", "").replace(" ", "")
            if "," in typed:  # a decimal comma: the part before it may carry thousands dots
                whole, cents = typed.rsplit(",", 1)
                if cents.strip("0"):
                    raise InvalidOperation
                typed = whole.replace(".", "")
            elif THOUSANDS.fullmatch(typed):
                typed = typed.replace(".", "")
            amount = Decimal(typed)
    except (InvalidOperation, TypeError):
        raise ValidationError({field: _("Enter an amount in whole rupiah, e.g. 1.250.000.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_RUPIAH or amount != amount.to_integral():
        raise ValidationError({field: _("Enter an amount in whole rupiah, e.g. 1.250.000.")})
    return amount.quantize(Decimal(1))
