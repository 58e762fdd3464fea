"""The dates a record can plausibly carry (issue 14): a cycle in 9999 or a meeting in year 1 is a
typing slip, and near those ends date arithmetic overflows (a 500)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def check_plausible(value: date | datetime | None, field: str) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            {
                field: _("Enter a date between the years %(first)s and %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            },
            code="date_range",
        )
