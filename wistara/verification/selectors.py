"""Reads for the verifier's page: items with the regency's answer and every level's reviews."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from wistara.accounts.models import Role, RoleAssignment
from wistara.assessments.models import Registration, Response

from .models import CorrectionRound, Level, Review
from .selectors_rounds import ItemChanges, change_counts, item_changes, last_return
from .services.reviews import items_to_review
from .services.workflow import current_round


@dataclass
class ReviewRow:
    response: Response
    reviews: list[Review] = field(default_factory=list)
    current: Review | None = None
    in_round: bool = True
    changed_since: int = 0  # the office's edits since the item was returned in the last round
    since: ItemChanges | None = None  # what those edits changed, beside the returning note


@dataclass
class ReviewList:
    rows: list[ReviewRow]
    last_return: CorrectionRound | None  # the level's last round that returned items, if any
    changed: int  # how many items the office changed since then


def review_rows(registration: Registration, level: str, *, changed_only: bool = False,
                with_changes: bool = True) -> ReviewList:
    """Every item (or only those changed since the last round) with its reviews at this level,
    this round's review and what changed since the last round, in a fixed number of queries."""
    rnd = current_round(registration, level)
    under_review = set(items_to_review(registration, level))
    correction = last_return(registration, level) if with_changes else None
    counts = change_counts(correction)
    since = item_changes(registration, level, correction=correction,
                         response_ids=list(counts) if changed_only else None) if correction else {}
    reviews = Review.objects.filter(level=level).select_related("reviewer").order_by("round")
    responses = (registration.responses.select_related("indicator__section", "office", "option")
                 .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="level_reviews"),
                                   "indicator__options")
                 .order_by("indicator__section__order", "indicator__order"))
    if changed_only:
        responses = responses.filter(id__in=list(counts))
    rows = []
    for response in responses:
        done = response.level_reviews
        current = next((r for r in done if r.round == rnd), None)
        rows.append(ReviewRow(response, done, current, response.id in under_review,
                              counts.get(response.id, 0), since.get(response.id)))
    return ReviewList(rows, correction, len(counts))


def minutes_context(registration: Registration, level: str, section_code: str) -> dict | None:
    """What a berita acara shows: the section's items with the regency's and this level's points,
    the verdicts and notes, and the names of the regency's coordinators and the verifiers."""
    section = registration.cycle.instrument.sections.filter(code=section_code).first()
    if section is None:
        return None
    rows = [row for row in review_rows(registration, level, with_changes=False).rows
            if row.response.indicator.section_id == section.id]
    reviewers = sorted({str(r.reviewer) for row in rows for r in row.reviews if r.reviewer})
    coordinators = list(RoleAssignment.objects.filter(
        regency=registration.regency, role=Role.REGENCY_COORDINATOR).select_related("user"))
    own = sum(row.response.points or 0 for row in rows)
    verified = sum((row.reviews[-1].points or 0) if row.reviews else 0 for row in rows)
    return {"registration": registration, "regency": registration.regency, "cycle": registration.cycle,
            "level": level, "level_label": Level(level).label, "section": section, "rows": rows,
            "reviewers": reviewers, "coordinators": [c.user for c in coordinators],
            "own_total": own, "verified_total": verified, "today": timezone.localdate()}
