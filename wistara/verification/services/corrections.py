"""Items that need correction go back to their offices; the regency fixes and resubmits them."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services.revisions import lock, revise
from wistara.assessments.services.status import status_change
from wistara.notifications import events

from ..models import CorrectionRound, DeadlineExtension, Review, Submission
from ..rounds import next_return_number
from ..selectors_scope import round_reviews_with_items
from ..selectors_submission import next_number, snapshot
from .deadlines import check_deadline, default_correction_deadline
from .workflow import RETURNED, REVIEWING, ensure_move, lock_registration, record


@transaction.atomic
def correction_return(
    *,
    registration: Registration,
    level: str,
    user: User,
    deadline: datetime | None = None,
) -> CorrectionRound:
    """Return this round's 'needs correction' items; only they unlock, until the deadline (the
    cycle's default unless the verifier chose another)."""
    current = lock_registration(registration)
    ensure_move(current, f"return_{level}")
    returned = [
        r for r in round_reviews_with_items(current, level) if r.verdict == Review.Verdict.NEEDS_CORRECTION
    ]
    if not returned:
        raise ValidationError(_("No item of this round needs correction."))
    now = timezone.now()
    if deadline is None:
        deadline = default_correction_deadline(current, now)
    check_deadline(deadline, now)
    number = next_return_number(current.corrections.filter(level=level))
    correction = CorrectionRound.objects.create(
        registration=current, level=level, number=number, returned_by=user, returned_at=now, deadline=deadline
    )
    for review in returned:
        _set_status(review.response_id, Response.Status.RETURNED, user, review.note)
    current.status, current.correction_deadline = RETURNED[level], correction.deadline
    current.save(update_fields=["status", "correction_deadline", "updated_at"])
    events.items_returned(registration=current, correction=correction, reviews=returned)  # issue 12
    record(
        "correction.returned",
        user,
        current,
        level=level,
        round=number,
        deadline=correction.deadline.isoformat(),
        items=sorted(r.response.indicator.code for r in returned),
    )
    return correction


def _set_status(response_id: int, status: str, user: User, note: str = "") -> None:
    response = lock(Response.objects, pk=response_id)
    status_change(response, revision=response.revision + 1, status=status, user=user, note=note).save()
    revise(response, {"status": status}, always=True, stamp=False)  # not an edit of the answer


@transaction.atomic
def correction_resubmit(*, registration: Registration, user: User) -> Submission:
    """Send the corrected items back to the level that returned them, as a new submission."""
    current = lock_registration(registration)
    level = "provincial" if current.status == Registration.Status.PROVINCIAL_RETURNED else "national"
    ensure_move(current, f"resubmit_{level}")
    correction = current.corrections.filter(level=level, resubmitted_at__isnull=True).latest("number")
    for response_id in current.responses.filter(status=Response.Status.RETURNED).values_list("id", flat=True):
        _set_status(response_id, Response.Status.SUBMITTED, user)
    correction.resubmitted_at = timezone.now()
    correction.save(update_fields=["resubmitted_at"])
    current.status, current.correction_deadline = REVIEWING[level], None
    current.save(update_fields=["status", "correction_deadline", "updated_at"])
    submission = Submission.objects.create(
        registration=current,
        number=next_number(current),
        submitted_by=user,
        submitted_at=timezone.now(),
        snapshot=snapshot(current),
    )
    record("correction.resubmitted", user, current, level=level, submission=submission.number)
    return submission


@transaction.atomic
def correction_extend(
    *, registration: Registration, level: str, deadline: datetime, user: User, reason: str = ""
) -> DeadlineExtension:
    """Move the open correction window's deadline later; the old and new deadline are kept."""
    current = lock_registration(registration)
    if current.status != RETURNED.get(level):
        raise ValidationError(_("No correction window of this level is open."), code="not_returned")
    correction = current.corrections.filter(level=level, resubmitted_at__isnull=True).latest("number")
    now = timezone.now()
    check_deadline(deadline, now, after=max(correction.deadline, now))
    extension = DeadlineExtension.objects.create(
        correction=correction,
        old_deadline=correction.deadline,
        new_deadline=deadline,
        reason=reason.strip(),
        extended_by=user,
        extended_at=now,
    )
    correction.deadline = deadline
    correction.save(update_fields=["deadline"])
    current.correction_deadline = deadline
    current.save(update_fields=["correction_deadline", "updated_at"])
    record(
        "correction.extended",
        user,
        current,
        level=level,
        round=correction.number,
        old=extension.old_deadline.isoformat(),
        new=deadline.isoformat(),
        reason=extension.reason,
    )
    return extension
