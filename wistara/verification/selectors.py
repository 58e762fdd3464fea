"""Reads for the verifier's page: items with the regency's answer and every level's reviews."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from wistara.accounts.models import Role, RoleAssignment
from wistara.assessments.models import Registration, Response

from .models import CorrectionRound, Level, Review
from .selectors_rounds import ItemChanges, change_counts, item_changes, last_return
from .selectors_scope import ItemState, current_round, item_states


@dataclass
class ReviewRow:
    response: Response
    reviews: list[Review] = field(default_factory=list)
    current: Review | None = None
    in_round: bool = True
    changed_since: int = 0  # the office's edits since the item was returned in the last round
    since: ItemChanges | None = None  # what those edits changed, beside the returning note
    state: ItemState | None = None  # pending at this level, and why (selectors_scope)


@dataclass
class ReviewList:
    rows: list[ReviewRow]
    last_return: CorrectionRound | None  # the level's last round that returned items, if any
    changed: int  # how many items the office changed since then


def review_rows(
    registration: Registration, level: str, *, changed_only: bool = False, with_changes: bool = True
) -> ReviewList:
    """Every item (or only those changed since the last round) with its reviews at this level,
    this round's review and what changed since the last round, in a fixed number of queries."""
    rnd = current_round(registration, level)
    states = item_states(registration, level)
    correction = last_return(registration, level) if with_changes else None
    counts = change_counts(correction)
    since = (
        item_changes(
            registration, level, correction=correction, response_ids=list(counts) if changed_only else None
        )
        if correction
        else {}
    )
    reviews = Review.objects.filter(level=level).select_related("reviewer").order_by("round")
    responses = (
        registration.responses.select_related("indicator__section", "office", "option")
        .prefetch_related(
            Prefetch("reviews", queryset=reviews, to_attr="level_reviews"), "indicator__options"
        )
        .order_by("indicator__section__order", "indicator__order")
    )
    if changed_only:
        responses = responses.filter(id__in=list(counts))
    rows = []
    for response in responses:
        done = response.level_reviews
        current = next((r for r in done if r.round == rnd), None)
        state = states.get(response.id)
        in_round = current is not None or (state is not None and state.pending)
        rows.append(
            ReviewRow(
                response, done, current, in_round, counts.get(response.id, 0), since.get(response.id), state
            )
        )
    return ReviewList(rows, correction, len(counts))


def minutes_context(
    registration: Registration, level: str, section_code: str, visible: set[int] | None = None
) -> dict | None:
    """What a berita acara shows: its number, place and the date the level completed (a draft
    until then); the section's items with the regency's points, the province's beside the
    nation's on the national one, this level's verdicts and notes; the level's score and the
    category it reaches; and the signatories (the regency's coordinators, the level's
    verifiers)."""
    from wistara.assessments.selectors import registration_progress
    from wistara.audit.models import AuditEvent

    section = registration.cycle.instrument.sections.filter(code=section_code).first()
    if section is None:
        return None
    rows = [
        row
        for row in review_rows(registration, level, with_changes=False).rows
        if row.response.indicator.section_id == section.id and (visible is None or row.response.id in visible)
    ]
    reviewers = sorted(
        {r.reviewer for row in rows for r in row.reviews if r.reviewer}, key=lambda u: u.get_full_name()
    )
    coordinators = [
        c.user
        for c in RoleAssignment.objects.filter(
            regency=registration.regency, role=Role.REGENCY_COORDINATOR
        ).select_related("user")
    ]
    completed = (
        AuditEvent.objects.filter(
            action="verification.completed",
            regency_id=registration.regency_id,
            cycle_code=registration.cycle.code,
            payload__level=level,
        )
        .order_by("-sequence")
        .first()
    )
    progress = registration_progress(registration, level=level)
    score = next((s for s in progress.tatanan + progress.kelembagaan if s.id == section.id), None)
    verified = sum((row.reviews[-1].points or 0) if row.reviews else 0 for row in rows)
    return {
        "registration": registration,
        "regency": registration.regency,
        "cycle": registration.cycle,
        "level": level,
        "level_label": Level(level).label,
        "section": section,
        "rows": rows,
        "reviewers": reviewers,
        "coordinators": coordinators,
        "own_total": sum(row.response.points or 0 for row in rows),
        "provincial_total": sum(row.response.provincial_points or 0 for row in rows),
        "verified_total": verified,
        "section_score": score,
        "award": progress.award,
        "draft": completed is None,
        "completed_on": timezone.localdate(completed.occurred_at) if completed else None,
        "number": minutes_number(registration, level, section),
        "place": "Jakarta" if level == Level.NATIONAL else registration.regency.province.name,
    }


def minutes_number(registration: Registration, level: str, section) -> str:
    """A stable number: the same berita acara prints the same number each time."""
    kind = "BA-VN" if level == Level.NATIONAL else "BA-VP"
    return f"{kind}/{section.code}/{registration.regency.code}/{registration.cycle.code}"


@dataclass
class LevelActions:
    """What a person may do at a level now: only the steps that would do something are shown."""

    review: bool = False  # record a review of an item
    return_items: bool = False  # there are items this round judged "needs correction"
    complete: bool = False  # the level is open for completion (it may still refuse, with the list)
    extend: bool = False  # the regency is out for correction at this level: its deadline may move
    pending: list = field(default_factory=list)  # items still to review this round (ItemState)
    to_return: int = 0


def level_actions(
    registration: Registration, level: str, may: bool, states: dict | None = None
) -> LevelActions:
    from .selectors_scope import NEEDS_CORRECTION, UNREVIEWED
    from .services.workflow import MOVES, RETURNED

    if not may:
        return LevelActions()
    status = registration.status
    states = item_states(registration, level) if states is None else states
    reviewing = status in MOVES[f"review_{level}"]
    to_return = sum(1 for s in states.values() if s.reason == NEEDS_CORRECTION)
    return LevelActions(
        review=reviewing,
        return_items=status in MOVES[f"return_{level}"] and to_return > 0,
        complete=status in MOVES[f"complete_{level}"],
        extend=status == RETURNED[level],
        pending=[s for s in states.values() if s.reason in UNREVIEWED] if reviewing else [],
        to_return=to_return,
    )


def items_to_return(registration: Registration, level: str) -> list[Review]:
    """This round's 'needs correction' reviews, with their items and offices, in item order."""
    rnd = current_round(registration, level)
    return list(
        Review.objects.filter(
            response__registration=registration,
            level=level,
            round=rnd,
            verdict=Review.Verdict.NEEDS_CORRECTION,
        )
        .select_related("response__indicator", "response__office", "reviewer")
        .order_by("response__indicator__section__order", "response__indicator__order")
    )
