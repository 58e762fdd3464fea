"""Province and nation review the overview and narratives as they do indicators.

A level reviews while the registration is at that level (verification's states); in round 1
every narrative, in later rounds those not yet accepted at that level. Narratives judged "needs
correction" go back to the regency in one step with a deadline (verification.services.deadlines,
as for indicators); only they open again, until the deadline. The regency sends them back and the
level reviews them in the next round. Every round is kept, every step is in the audit trail.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration
from wistara.instruments.models import Section
from wistara.notifications import events
from wistara.verification.rounds import check_verdict, next_return_number
from wistara.verification.services.deadlines import check_deadline, default_correction_deadline
from wistara.verification.services.workflow import lock_registration, record

from ..models import DossierCorrection, Narrative, NarrativeReview, Verdict
from ..selectors_rounds import accepted_before, current_round, review_refusal
from .narratives import narrative_locked


def _check(verdict: str, note: str) -> None:
    check_verdict(verdict, note, correction_message=_("Say what the regency must correct."))


@transaction.atomic
def narrative_review_record(
    *,
    registration: Registration,
    section: Section | None,
    level: str,
    user: User,
    verdict: str,
    note: str = "",
) -> NarrativeReview:
    """Record (or change, within the round) one level's judgement of one narrative."""
    current = lock_registration(registration)
    reason = review_refusal(current, level)
    if reason:
        raise ValidationError(reason, code="illegal_transition")
    _check(verdict, note or "")
    narrative = narrative_locked(registration=current, section=section)
    rnd = current_round(current, level)
    if narrative.id in accepted_before(current, level, rnd):
        raise ValidationError(_("This narrative was accepted in an earlier round."), code="accepted")
    review, _created = NarrativeReview.objects.update_or_create(
        narrative=narrative,
        level=level,
        round=rnd,
        defaults={
            "verdict": verdict,
            "note": (note or "").strip(),
            "revision": narrative.revision,
            "reviewer": user,
            "reviewed_at": timezone.now(),
        },
    )
    record(
        "dossier.narrative_reviewed",
        user,
        current,
        obj=narrative,
        level=level,
        round=rnd,
        narrative=narrative.key,
        verdict=verdict,
        note=review.note,
    )
    return review


@transaction.atomic
def dossier_return(
    *,
    registration: Registration,
    level: str,
    user: User,
    deadline: datetime | None = None,
) -> DossierCorrection:
    """Return this round's 'needs correction' narratives; only they open, until the deadline."""
    current = lock_registration(registration)
    reason = review_refusal(current, level)
    if reason:
        raise ValidationError(reason, code="illegal_transition")
    rnd = current_round(current, level)
    returned = list(
        NarrativeReview.objects.filter(
            narrative__registration=current,
            level=level,
            round=rnd,
            verdict=Verdict.NEEDS_CORRECTION,
        ).select_related("narrative__section")
    )
    if not returned:
        raise ValidationError(_("No narrative of this round needs correction."))
    now = timezone.now()
    # One deadline rule for every kind of return (verification.services.deadlines, issue 11).
    if deadline is None:
        deadline = default_correction_deadline(current, now)
    check_deadline(deadline, now)
    correction = DossierCorrection.objects.create(
        registration=current,
        level=level,
        number=next_return_number(current.dossier_corrections.filter(level=level)),
        returned_by=user,
        returned_at=now,
        deadline=deadline,
    )
    Narrative.objects.filter(id__in=[r.narrative_id for r in returned]).update(
        status=Narrative.Status.RETURNED, returned_until=correction.deadline
    )
    events.document_returned(
        registration=current,
        correction=correction,  # issue 12
        documents=[str(r.narrative.section or r.narrative.key) for r in returned],
    )
    record(
        "dossier.returned",
        user,
        current,
        level=level,
        round=correction.number,
        deadline=correction.deadline.isoformat(),
        narratives=sorted(r.narrative.key for r in returned),
    )
    return correction


@transaction.atomic
def dossier_resubmit(*, registration: Registration, user: User) -> DossierCorrection:
    """Send the corrected narratives back to the level that returned them."""
    current = lock_registration(registration)
    correction = (
        current.dossier_corrections.select_for_update()
        .filter(resubmitted_at__isnull=True)
        .order_by("-returned_at")
        .first()
    )
    if correction is None:
        raise ValidationError(_("No narrative is out for correction."))
    narratives = current.narratives.filter(status=Narrative.Status.RETURNED).select_related("section")
    keys = sorted(n.key for n in narratives)
    narratives.update(status=Narrative.Status.DRAFT, returned_until=None)
    correction.resubmitted_at = timezone.now()
    correction.save(update_fields=["resubmitted_at"])
    record(
        "dossier.resubmitted", user, current, level=correction.level, round=correction.number, narratives=keys
    )
    return correction
