"""Every write to assessments. Modules by area; import from here."""

from .assignments import office_suggest, response_assign, responses_assign_section, responses_assign_suggested
from .cycles import cycle_open
from .errors import ConflictError
from .locking import response_lock_reason
from .registrations import registration_create, registration_update
from .responses import response_set_status, response_update

__all__ = [
    "ConflictError",
    "cycle_open",
    "office_suggest",
    "registration_create",
    "registration_update",
    "response_assign",
    "response_lock_reason",
    "response_set_status",
    "response_update",
    "responses_assign_section",
    "responses_assign_suggested",
]
