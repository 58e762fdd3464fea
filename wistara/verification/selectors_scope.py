"""Which items a level must still judge in its current round: the one rule that completion, the
return, the queue and the review screen share.

An item is settled at a level when its latest review there accepted it and nothing the office
answers (values, notes, explanation, option, evidence) changed after that review. Everything else
is pending, for one reason:

- ``not_reviewed``: the level never judged it;
- ``returned``: its latest review asked for a correction in an earlier round (it went back to the
  regency and came back, corrected or not);
- ``changed``: accepted, but edited or re-evidenced after that review;
- ``needs_correction``: judged "needs correction" in this round: it must go back before the level
  can complete.

Also the rounds themselves (the current one, its reviews) and the provincial acceptances the
nation may take over: reads only, moved here from the services (issue 15), which call them.

Reading the latest review of every item (not only the previous round's) is what keeps an item
returned in round 1 in scope in round 3 when round 2 returned other items. Four queries, whatever
the number of items.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max

from wistara.assessments.models import Registration, ResponseChange
from wistara.evidence.models import Evidence

from .models import Level, Review
from .rounds import CHANGED, NEEDS_CORRECTION, NOT_REVIEWED, RETURNED, round_of, standing  # noqa: F401 - re-exported

# The fields of an item that are the office's answer; status moves are the workflow's own.
ANSWER_FIELDS = ("value_prev", "value_curr", "unit", "note_prev", "note_curr", "explanation", "option")

# The standing of an item is the rounds' one rule (verification.rounds.standing).
# What stops the level from completing until it is reviewed in this round.
UNREVIEWED = (NOT_REVIEWED, RETURNED, CHANGED)


@dataclass(frozen=True)
class ItemState:
    response_id: int
    code: str
    reason: str | None  # None when settled
    latest: Review | None  # the level's latest review of the item
    changed_at: datetime | None  # the office's last change after that review, if any

    @property
    def pending(self) -> bool:
        return self.reason is not None


def last_answer_changes(registration: Registration) -> dict[int, datetime]:
    """When the office last changed each item's answer or evidence, by response id."""
    last: dict[int, datetime] = {}

    def keep(rows, key):
        for row in rows:
            if row[key] and (row["response_id"] not in last or row[key] > last[row["response_id"]]):
                last[row["response_id"]] = row[key]

    keep(
        ResponseChange.objects.filter(response__registration=registration, field__in=ANSWER_FIELDS)
        .order_by()
        .values("response_id")
        .annotate(at=Max("changed_at")),
        "at",
    )
    evidence = (
        Evidence.objects.filter(response__registration=registration)
        .order_by()
        .values("response_id")
        .annotate(added=Max("added_at"), removed=Max("removed_at"))
    )
    rows = list(evidence)
    keep(rows, "added")
    keep(rows, "removed")
    return last


def item_states(registration: Registration, level: str) -> dict[int, ItemState]:
    """Every item's standing at the level in its current round, by response id, in item order."""
    rnd = current_round(registration, level)
    latest: dict[int, Review] = {}
    for row in Review.objects.filter(response__registration=registration, level=level).order_by("round"):
        latest[row.response_id] = row
    changes = last_answer_changes(registration)
    states = {}
    for response_id, code in registration.responses.order_by(
        "indicator__section__order", "indicator__order"
    ).values_list("id", "indicator__code"):
        review = latest.get(response_id)
        changed_at = changes.get(response_id)
        reason = standing(review, rnd, changed_at)
        changed = review is not None and changed_at is not None and changed_at > review.reviewed_at
        states[response_id] = ItemState(response_id, code, reason, review, changed_at if changed else None)
    return states


def pending_items(
    registration: Registration, level: str, reasons: tuple[str, ...] = UNREVIEWED
) -> list[ItemState]:
    """The items still to review at the level (by default: those that stop completion)."""
    return [s for s in item_states(registration, level).values() if s.reason in reasons]


def current_round(registration: Registration, level: str) -> int:
    """Round 1 until the first return; each resubmission opens the next round."""
    return round_of(registration.corrections.filter(level=level))


def round_reviews(registration: Registration, level: str) -> dict[int, Review]:
    """This round's reviews by response id."""
    rnd = current_round(registration, level)
    return {
        r.response_id: r
        for r in Review.objects.filter(response__registration=registration, level=level, round=rnd)
    }


def round_reviews_with_items(registration: Registration, level: str) -> list[Review]:
    rnd = current_round(registration, level)
    return list(
        Review.objects.filter(response__registration=registration, level=level, round=rnd).select_related(
            "response__indicator"
        )
    )


def acceptable(registration: Registration) -> dict[int, Review]:
    """Items whose latest provincial review accepted them and that nobody changed since, with
    that review, by response id (the national verifier may take them over as they are)."""
    return {
        rid: state.latest
        for rid, state in item_states(registration, Level.PROVINCIAL).items()
        if state.reason is None
        and state.latest is not None
        and state.latest.verdict == Review.Verdict.ACCEPTED
    }


def unreviewed_acceptable(registration: Registration) -> dict[int, Review]:
    """Of those, the ones the nation has not judged in its current round."""
    national = item_states(registration, Level.NATIONAL)
    return {rid: review for rid, review in acceptable(registration).items() if national[rid].pending}
