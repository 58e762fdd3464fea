"""The registration's states and the moves between them: the one table of legal transitions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wistara.assessments.models import Registration
from wistara.audit.services import audit_record

from ..models import Level

S = Registration.Status

MOVES: dict[str, set[str]] = {
    "submit": {S.REGISTERED, S.SELF_ASSESSMENT},
    "review_provincial": {S.SUBMITTED, S.PROVINCIAL_REVIEW},
    "return_provincial": {S.PROVINCIAL_REVIEW},
    "resubmit_provincial": {S.PROVINCIAL_RETURNED},
    "complete_provincial": {S.PROVINCIAL_REVIEW},
    "review_national": {S.PROVINCIAL_VERIFIED, S.NATIONAL_REVIEW},
    "return_national": {S.NATIONAL_REVIEW},
    "resubmit_national": {S.NATIONAL_RETURNED},
    "complete_national": {S.NATIONAL_REVIEW},
    "field_validation": {S.NATIONAL_VERIFIED, S.FIELD_VALIDATION},
    "decide": {S.NATIONAL_VERIFIED, S.FIELD_VALIDATION},
}

# By str: the level arrives from URLs and rows as a plain string.
REVIEWING: dict[str, str] = {Level.PROVINCIAL: S.PROVINCIAL_REVIEW, Level.NATIONAL: S.NATIONAL_REVIEW}
RETURNED: dict[str, str] = {Level.PROVINCIAL: S.PROVINCIAL_RETURNED, Level.NATIONAL: S.NATIONAL_RETURNED}
VERIFIED: dict[str, str] = {Level.PROVINCIAL: S.PROVINCIAL_VERIFIED, Level.NATIONAL: S.NATIONAL_VERIFIED}


def ensure_move(registration: Registration, move: str) -> None:
    """Refuse a move the registration's state does not allow, saying where it stands."""
    if registration.status not in MOVES[move]:
        raise ValidationError(
            _("Not possible now: %(regency)s is “%(status)s”.")
            % {"regency": registration.regency.name, "status": registration.get_status_display()},
            code="illegal_transition",
        )


def lock_registration(registration: Registration) -> Registration:
    """Re-read the registration inside the transaction, locked against concurrent moves."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("regency__province", "cycle__instrument", "target_category")
        .get(pk=registration.pk)
    )


def record(action: str, user, registration: Registration, obj=None, **payload) -> None:
    """Append the step to the audit trail, inside the caller's transaction (call it last)."""
    audit_record(
        action=action,
        actor=user,
        obj=obj or registration,
        regency=registration.regency,
        cycle_code=registration.cycle.code,
        payload={"status": registration.status, **payload},
    )
