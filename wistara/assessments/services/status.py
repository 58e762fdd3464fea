"""An item's status line in its history, and the withdrawal of a head of office's validation.

Statuses are recorded by their codes ("validated"), never by their labels, so that the history
reads in the language of whoever opens it (assessments.history turns codes into labels).

A validation vouches for one answer by one office: when the answer changes or the item moves to
another office, the validation no longer holds. `validation_withdraw` is the one place that
withdraws it, for edits (services.responses), office moves (services.assignments) and whatever
else changes what was validated, and it always says so in the history with the reason.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from wistara.accounts.models import User

from ..models import Response, ResponseChange

# The reasons are stored untranslated (gettext_noop) and translated when the history is shown.
WITHDRAWN_EDITED = gettext_noop("validation withdrawn: the answer changed")
WITHDRAWN_MOVED = gettext_noop("validation withdrawn: the item moved to another office")

VALIDATED_STATES = (Response.Status.VALIDATED, Response.Status.SUBMITTED)


def status_change(
    response: Response, *, revision: int, status: str, user: User | None, note: str = ""
) -> ResponseChange:
    """The history line of a status change (unsaved: callers create it with their own writes)."""
    return ResponseChange(
        response=response,
        revision=revision,
        field="status",
        old=response.status,
        new=status,
        note=note,
        changed_by=user,
    )


def validation_withdraw(
    response: Response, *, user: User | None, revision: int, note: str
) -> tuple[list[str], ResponseChange | None]:
    """Take back a validated or submitted item's validation, on the object only.

    Returns the fields to save and the history line to create (None when there was nothing to
    withdraw); the caller writes both in its own transaction.
    """
    if response.status not in VALIDATED_STATES:
        return [], None
    line = status_change(response, revision=revision, status=Response.Status.DRAFT, user=user, note=note)
    response.status, response.validated_by, response.validated_at = Response.Status.DRAFT, None, None
    return ["status", "validated_by", "validated_at"], line


@transaction.atomic
def validation_restore(
    *,
    response: Response,
    user: User | None,
    validated_by_id: int | None,
    validated_at: datetime | None,
    note: str,
) -> Response:
    """Give back a validation that a change withdrew, when that change is undone (wistara.bulk):
    the answer and the office are again those the head vouched for, so the head's own validation
    (who, when) holds again. Only a draft item gets it back; the history says so, with `note`."""
    current = Response.objects.select_for_update(of=("self",)).get(pk=response.pk)
    if current.status != Response.Status.DRAFT:
        return current
    status_change(
        current, revision=current.revision, status=Response.Status.VALIDATED, user=user, note=note
    ).save()
    Response.objects.filter(pk=current.pk).update(
        status=Response.Status.VALIDATED, validated_by_id=validated_by_id, validated_at=validated_at
    )
    current.status, current.validated_by_id, current.validated_at = (
        Response.Status.VALIDATED,
        validated_by_id,
        validated_at,
    )
    return current
