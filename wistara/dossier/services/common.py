"""Small pieces the dossier's services share."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

PDF = {"application/pdf"}
IMAGES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


def refuse_if(reason: str | None) -> None:
    if reason:
        raise ValidationError(reason, code="locked")


def text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def one_line(value, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def rupiah(field: str, raw) -> Decimal:
    """An amount in whole rupiah from what people type: 1250000, 1.250.000, Rp 1.250.000,00."""
    value = str(raw if raw is not None else "").replace("Rp", "").replace("rp", "").replace(" ", "")
    if "," in value:
        value, cents = value.rsplit(",", 1)
        if cents.strip("0"):
            raise ValidationError({field: _("Enter whole rupiah, e.g. 1.250.000.")})
    value = value.replace(".", "")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValidationError({field: _("Enter whole rupiah, e.g. 1.250.000.")}) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e15") or amount != amount.to_integral():
        raise ValidationError({field: _("Enter whole rupiah, e.g. 1.250.000.")})
    return amount


def file_title(title: str, name: str) -> str:
    return one_line(title, 200) or one_line(name.rsplit(".", 1)[0], 200) or name[:200]


def has_file(uploaded: File | None) -> File:
    if uploaded is None:
        raise ValidationError({"file": _("Choose a file.")})
    return uploaded
