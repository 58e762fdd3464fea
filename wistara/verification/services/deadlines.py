"""When a correction window closes: the one place every kind of return asks (it reads the cycle's
stage calendar, issue 12, and falls back to the site's rule where no cycle applies).

The programme gives a regency 2x24 hours to fix what a level returned, and verifiers count the
window to the afternoon's close of office, 15.00 WIB. The default is therefore the first 15.00 in
Asia/Jakarta that leaves at least the full window: returned on Monday 10.00 it closes on
Wednesday 15.00, returned on Monday 16.00 on Thursday 15.00. A verifier may choose another
moment when returning, and extend it later (both recorded).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wistara.assessments.models import Cycle, Registration
from wistara.assessments.services.calendar import correction_deadline_default

WIB = ZoneInfo("Asia/Jakarta")
CLOSING_HOUR = time(15, 0)
LONGEST = timedelta(days=30)  # a deadline further than this is a typing mistake, not a window


def default_correction_deadline(owner: Registration | Cycle | None, now: datetime) -> datetime:
    """The cycle's default deadline for a return made at `now` (aware). Every kind of return
    asks here: items and narratives of a regency (its registration), a province's documents (the
    cycle); with neither, the site's CORRECTION_WINDOW_HOURS ending 15.00 WIB."""
    cycle = owner.cycle if isinstance(owner, Registration) else owner
    if cycle is not None:
        return correction_deadline_default(cycle, now)
    earliest = (now + timedelta(hours=settings.CORRECTION_WINDOW_HOURS)).astimezone(WIB)
    closing = datetime.combine(earliest.date(), CLOSING_HOUR, tzinfo=WIB)
    if closing < earliest:
        closing += timedelta(days=1)
    return closing


def check_deadline(deadline: datetime, now: datetime, *, after: datetime | None = None) -> None:
    """A chosen deadline must lie ahead (and after the one it extends), within a month."""
    if deadline <= (after or now):
        raise ValidationError(
            {
                "deadline": _("Choose a deadline later than %(when)s.")
                % {"when": (after or now).astimezone(WIB).strftime("%d-%m-%Y %H.%M WIB")}
            }
        )
    if deadline - now > LONGEST:
        raise ValidationError({"deadline": _("A correction window cannot be longer than 30 days.")})
