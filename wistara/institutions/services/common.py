"""What the institution and meeting services share: clean values, the audit line, revisions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.services import audit_record
from wistara.common.dates import check_plausible
from wistara.common.errors import Conflict
from wistara.regions.models import Regency

EARLIEST_YEAR = 2000


def line(data: dict, field: str, *, limit: int, required: bool = False) -> str:
    """One line of text: inner runs of white space become one space."""
    return _checked(" ".join(str(data.get(field) or "").split()), field, limit, required)


def text(data: dict, field: str, *, limit: int = 20000, required: bool = False) -> str:
    """Free text (minutes, an agenda): its line breaks are kept."""
    return _checked(str(data.get(field) or "").strip(), field, limit, required)


def _checked(value: str, field: str, limit: int, required: bool) -> str:
    if required and not value:
        raise ValidationError({field: _("Fill in this field.")})
    if len(value) > limit:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": limit}})
    return value


def year(data: dict, field: str = "year") -> int:
    try:
        value = int(data.get(field))
    except (TypeError, ValueError):
        raise ValidationError({field: _("Enter a year, e.g. 2024.")}) from None
    latest = timezone.localdate().year + 1
    if not EARLIEST_YEAR <= value <= latest:
        raise ValidationError({field: _("Enter a year between %(first)s and %(last)s.") % {
            "first": EARLIEST_YEAR, "last": latest}})
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


def check_revision(obj: models.Model, base_revision: int | None, who: str = "") -> None:
    """Refuse a save made on an old copy: two people editing one record never overwrite silently."""
    if base_revision is not None and int(base_revision) != obj.revision:
        # The common Conflict (issue 15): the API answers 409 with the current revision.
        raise Conflict.of(obj, _("Someone else saved this after you opened it. Reload the page to see "
                                 "their changes, then enter yours again."))


def audit(action: str, user: User, obj: models.Model, regency: Regency, **payload) -> None:
    audit_record(action=action, actor=user, obj=obj, regency=regency, payload=payload)
