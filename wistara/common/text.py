"""Cleaning the text people type, the same way in every service (issue 15).

Too long is refused with a message on the field, never cut: a cut loses the end of what someone
wrote without telling them, and they find out only when the verifier reads half a sentence.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_text(value, field: str, *, limit: int, required: bool = False, one_line: bool = False) -> str:
    """`value` as text with its outer white space gone (and, with one_line, every inner run of
    white space one space); refused on `field` when required and empty or longer than `limit`."""
    raw = "" if value is None else str(value)
    text = " ".join(raw.split()) if one_line else raw.strip()
    if required and not text:
        raise ValidationError({field: ValidationError(_("Fill in this field."), code="required")})
    if len(text) > limit:
        message = _("At most %(limit)s characters; this has %(count)s. Shorten it, then save again.")
        raise ValidationError(
            {field: ValidationError(message % {"limit": limit, "count": len(text)}, code="max_length")}
        )
    return text
