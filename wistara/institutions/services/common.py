"""What the institution and meeting services share: clean years and dates, the audit line."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.services import audit_record
from wistara.common.dates import check_plausible
from wistara.regions.models import Regency

EARLIEST_YEAR = 2000


def year(data: dict, field: str = "year") -> int:
    try:
        value = int(data.get(field, ""))  # missing or not a number: refused below
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a year, e.g. 2024.")}) from None
    latest = timezone.localdate().year + 1
    if not EARLIEST_YEAR <= value <= latest:
        raise ValidationError(
            {
                field: _("Enter a year between %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": latest}
            }
        )
    return value


def day(data: dict, field: str, *, required: bool = True) -> date | None:
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Enter a date.")})
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None
    check_plausible(value, field)
    return value


def audit(action: str, user: User, obj: models.Model, regency: Regency, **payload) -> None:
    audit_record(action=action, actor=user, obj=obj, regency=regency, payload=payload)
