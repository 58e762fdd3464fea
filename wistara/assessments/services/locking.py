"""When a regency's items may still change."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Registration, Response
from . import calendar

# The only registration states in which a regency's items change freely (returned items aside).
OPEN_STATUSES = {Registration.Status.REGISTERED, Registration.Status.SELF_ASSESSMENT}


def today() -> date:
    return timezone.localdate()


def deadline_passed(registration: Registration, on: date | None = None) -> bool:
    # The stage calendar says when self-assessment ends, to the hour (issue 12); a day given
    # as `on` counts as passed when the whole day is after the end.
    ends = calendar.self_assessment_end(registration.cycle)
    if on is not None:
        return calendar.day_start(on) >= ends
    return timezone.now() >= ends


def deadline_text(registration: Registration) -> str:
    return timezone.localtime(calendar.self_assessment_end(registration.cycle)).strftime("%d-%m-%Y %H:%M")


def response_lock_reason(response: Response, on: date | None = None) -> str | None:
    """None when the response may change, else why not (shown to the user as is)."""
    if response.status == Response.Status.RETURNED:
        # Returned for correction: open again until the correction window closes.
        closes = response.registration.correction_deadline
        if closes and timezone.now() > closes:
            return _("The correction window closed at %(when)s; the item is locked.") % {
                "when": timezone.localtime(closes).strftime("%d-%m-%Y %H:%M")
            }
        return None
    if response.registration.status not in OPEN_STATUSES:
        return _("The regency has submitted its self-assessment; items are locked.")
    if deadline_passed(response.registration, on):
        return _("The self-assessment deadline (%(date)s) has passed; items are locked.") % {
            "date": deadline_text(response.registration)
        }
    return None


def registration_lock_reason(registration: Registration, on: date | None = None) -> str | None:
    """None while the target, lokus and contacts may change, else why not."""
    if registration.status not in OPEN_STATUSES:
        return _("The regency has submitted its self-assessment; the registration is locked.")
    if deadline_passed(registration, on):
        return _("The self-assessment deadline (%(date)s) has passed; the registration is locked.") % {
            "date": deadline_text(registration)
        }
    return None
