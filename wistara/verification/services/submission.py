"""The regency submits its self-assessment; what it submitted is kept as it was."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.common.errors import Invalid
from wistara.notifications import events

from ..models import Submission
from ..selectors_submission import (
    incomplete_items,
    next_number,
    snapshot,
    submission_blockers,
)
from .workflow import ensure_move, lock_registration, record


class IncompleteError(Invalid):  # the common refusal (issue 15)
    """Some items are incomplete: the coordinator must confirm before submitting."""

    def __init__(self, items: list[str]):
        super().__init__(
            _("%(count)s items are incomplete; confirm to submit anyway.") % {"count": len(items)},
            code="incomplete",
        )
        self.items = items


@transaction.atomic
def submission_submit(
    *, registration: Registration, user: User, confirm_incomplete: bool = False
) -> Submission:
    """Submit; incomplete items are listed first and need an explicit confirmation."""
    current = lock_registration(registration)
    ensure_move(current, "submit")
    blockers = submission_blockers(current)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    missing = incomplete_items(current)
    if missing and not confirm_incomplete:
        raise IncompleteError(missing)
    submission = Submission.objects.create(
        registration=current,
        number=next_number(current),
        submitted_by=user,
        submitted_at=timezone.now(),
        incomplete=missing,
        snapshot=snapshot(current),
    )
    current.responses.update(status=Response.Status.SUBMITTED)
    current.status = Registration.Status.SUBMITTED
    current.save(update_fields=["status", "updated_at"])
    events.regency_submitted(registration=current)  # issue 12
    record("registration.submitted", user, current, submission=submission.number, incomplete=missing)
    return submission
