"""Reads for the verifier's page: items with the regency's answer and every level's reviews."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from wistara.accounts.models import Role, RoleAssignment
from wistara.assessments.models import Registration, Response

from .models import Level, Review
from .services.reviews import items_to_review
from .services.workflow import current_round


@dataclass
class ReviewRow:
    response: Response
    reviews: list[Review] = field(default_factory=list)
    current: Review | None = None
    in_round: bool = True
    changed_since: int = 0  # history rows since the previous round's review


def review_rows(registration: Registration, level: str) -> list[ReviewRow]:
    """Every item with its reviews at this level, this round's review, and what changed since."""
    rnd = current_round(registration, level)
    under_review = set(items_to_review(registration, level))
    reviews = Review.objects.filter(level=level).select_related("reviewer").order_by("round")
    responses = (registration.responses.select_related("indicator__section", "office", "option")
                 .prefetch_related(Prefetch("reviews", queryset=reviews, to_attr="level_reviews"),
                                   "indicator__options", "changes")
                 .order_by("indicator__section__order", "indicator__order"))
    rows = []
    for response in responses:
        done = response.level_reviews
        current = next((r for r in done if r.round == rnd), None)
        previous = next((r for r in reversed(done) if r.round < rnd), None)
        since = [c for c in response.changes.all() if previous and c.changed_at > previous.reviewed_at]
        rows.append(ReviewRow(response, done, current, response.id in under_review, len(since)))
    return rows


def minutes_context(registration: Registration, level: str, section_code: str) -> dict | None:
    """What a berita acara shows: the section's items with the regency's and this level's points,
    the verdicts and notes, and the names of the regency's coordinators and the verifiers."""
    section = registration.cycle.instrument.sections.filter(code=section_code).first()
    if section is None:
        return None
    rows = [row for row in review_rows(registration, level)
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
