"""What the institutions and meetings views share."""

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest
from wistara.assessments.access import get_registration_for_user
from wistara.assessments.models import Registration


def registration_for(
    request: AuthedRequest, regency_code: str, cycle_code: str, *, change: bool = False
) -> Registration:
    return get_registration_for_user(request.user, regency_code, cycle_code, change=change)


def data_years(registration: Registration) -> list[int]:
    return sorted(int(y) for y in registration.cycle.data_years)


def base_context(request: AuthedRequest, registration: Registration, **extra) -> dict:
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        "years": data_years(registration),
        "can_change": scope_for(request.user).changes_regency(registration.regency),
        **extra,
    }
