"""A verifier's option, note and verdict per item, and the end of a level's verification."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services.totals import contribution, totals_add
from wistara.common.errors import Invalid
from wistara.instruments.models import ScaleOption
from wistara.notifications import events

from ..models import Level, Review
from ..rounds import check_verdict
from ..selectors_scope import NEEDS_CORRECTION, UNREVIEWED, ItemState, current_round, item_states
from .workflow import REVIEWING, VERIFIED, ensure_move, lock_registration, record

POINTS_FIELD: dict[str, str] = {Level.PROVINCIAL: "provincial_points", Level.NATIONAL: "national_points"}


def _option(response: Response, option_id) -> ScaleOption | None:
    if option_id in (None, ""):
        return None
    option = ScaleOption.objects.filter(id=option_id, indicator_id=response.indicator_id).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of this indicator's options.")})
    return option


def _check(verdict: str, note: str, option: ScaleOption | None) -> None:
    check_verdict(verdict, note)
    if verdict == Review.Verdict.ACCEPTED and option is None:
        raise ValidationError({"option": _("Choose the option you give this item.")})


def _set_points(response: Response, level: str, points: int | None) -> None:
    """Copy the level's points onto the item, and into its section's totals (read and written
    under the item's lock)."""
    current = Response.objects.select_for_update(of=("self",)).get(pk=response.pk)
    before = contribution(current)
    setattr(current, POINTS_FIELD[level], points)
    Response.objects.filter(pk=current.pk).update(**{POINTS_FIELD[level]: points})
    totals_add(response=current, before=before, after=contribution(current))


@transaction.atomic
def review_record(
    *,
    response: Response,
    level: str,
    user: User,
    option_id=None,
    note: str = "",
    verdict: str,
) -> Review:
    """Record (or change, within the round) one level's judgement of one item."""
    registration = lock_registration(response.registration)
    ensure_move(registration, f"review_{level}")
    option = _option(response, option_id)
    _check(verdict, note, option)
    review, _created = Review.objects.update_or_create(
        response=response,
        level=level,
        round=current_round(registration, level),
        defaults={
            "option": option,
            "points": option.points if option else None,
            "note": note.strip(),
            "verdict": verdict,
            "reviewer": user,
            "reviewed_at": timezone.now(),
        },
    )
    _set_points(response, level, review.points)
    if registration.status != REVIEWING[level]:
        registration.status = REVIEWING[level]
        registration.save(update_fields=["status", "updated_at"])
    record(
        "review.recorded",
        user,
        registration,
        obj=response,
        level=level,
        round=review.round,
        indicator=response.indicator.code,
        points=review.points,
        verdict=verdict,
        note=review.note,
    )
    return review


class UnreviewedError(Invalid):  # the common refusal (issue 15)
    """Completion refused: the items still to review in this round, for the page to link."""

    def __init__(self, items: list[ItemState]):
        codes = ", ".join(i.code for i in items[:12]) + (" …" if len(items) > 12 else "")
        super().__init__(
            _("%(count)s items are not reviewed in this round yet: %(codes)s.")
            % {"count": len(items), "codes": codes},
            code="unreviewed",
        )
        self.items = items


@transaction.atomic
def verification_complete(*, registration: Registration, level: str, user: User) -> Registration:
    """Close the level: every item in its scope reviewed in this round (an item returned earlier,
    or changed since its review, included) and none left needing correction."""
    current = lock_registration(registration)
    ensure_move(current, f"complete_{level}")
    states = item_states(current, level)
    pending = [s for s in states.values() if s.reason in UNREVIEWED]
    if pending:
        raise UnreviewedError(pending)
    if any(s.reason == NEEDS_CORRECTION for s in states.values()):
        raise ValidationError(
            _("Some items need correction: return them to the regency first."), code="needs_correction"
        )
    current.status = VERIFIED[level]
    current.save(update_fields=["status", "updated_at"])
    events.level_completed(registration=current, level=level)  # issue 12
    record("verification.completed", user, current, level=level, round=current_round(current, level))
    return current
