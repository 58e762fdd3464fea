"""The award engine applied to a registration, the what-if ranking, and a JSON form of both.

Points come from the latest level that scored each item (national, else provincial, else the
regency's own); the history rule reads the decision of the cycle before.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from wistara.assessments import engine
from wistara.assessments.models import Registration, Response
from wistara.assessments.selectors import paripurna_documents, registration_progress, rules_for
from wistara.evidence.models import Evidence
from wistara.instruments.models import Section

from .models import Decision, Review


def previous_category(registration: Registration) -> str | None:
    previous = registration.cycle.previous_id
    decision = previous and (
        Decision.objects.filter(
            registration__cycle_id=previous, registration__regency_id=registration.regency_id
        )
        .select_related("category")
        .first()
    )
    if decision and decision.category:
        return decision.category.code
    # Issue 13: else a past award a national admin recorded (wistara.awards).
    from wistara.awards.selectors import past_category

    return past_category(registration.regency_id, registration.cycle.instrument.award_year)


def accepted_documents_of(
    registrations: QuerySet[Registration], documents: tuple[tuple[str, str], ...]
) -> dict[int, frozenset[str]]:
    """registration id -> Paripurna's further conditions met (issue 13), in one query: the item
    the version names for a condition has evidence (a file or link not removed) and its latest
    review, at whichever level reviewed it last, accepted it."""
    keys = {code: key for key, code in documents}
    if not keys:
        return {}
    latest = (
        Review.objects.filter(response=OuterRef("pk")).order_by("-reviewed_at", "-id").values("verdict")[:1]
    )
    evidence = Evidence.objects.filter(response=OuterRef("pk"), removed_at__isnull=True)
    rows = (
        Response.objects.filter(registration__in=registrations, indicator__code__in=keys)
        .annotate(verdict=Subquery(latest))
        .filter(verdict=Review.Verdict.ACCEPTED)
        .filter(Exists(evidence))
        .values_list("registration_id", "indicator__code")
        .order_by()
    )
    out: dict[int, set[str]] = {}
    for registration_id, code in rows:
        out.setdefault(registration_id, set()).add(keys[code])
    return {pk: frozenset(found) for pk, found in out.items()}


def accepted_documents(registration: Registration) -> frozenset[str]:
    documents = paripurna_documents(registration.cycle.instrument)  # no query when none are set
    found = accepted_documents_of(Registration.objects.filter(pk=registration.pk), documents)
    return found.get(registration.pk, frozenset())


def award_history_of(registration: Registration) -> tuple[str | None, frozenset[str]]:
    """The reader every projection uses (registered in VerificationConfig.ready)."""
    return previous_category(registration), accepted_documents(registration)


def award_result(registration: Registration, level: str = "latest") -> engine.AwardResult:
    # The previous category and accepted documents come through award_history_of (apps.py).
    return registration_progress(registration, level=level).award


def result_as_dict(result: engine.AwardResult) -> dict:
    return {
        "overall": str(result.overall),
        "kelembagaan": str(result.kelembagaan),
        "odf_percent": None if result.odf_percent is None else str(result.odf_percent),
        "category": result.reached.code if result.reached else None,
        "next": result.next.rule.code if result.next else None,
        "gap": [
            {
                "condition": u.condition,
                "message": u.message,
                "needed": None if u.needed is None else str(u.needed),
                "actual": None if u.actual is None else str(u.actual),
            }
            for u in (result.next.unmet if result.next else [])
        ],
        "categories": {c.rule.code: [u.message for u in c.unmet] for c in result.checks},
    }


@dataclass
class Step:
    response: Response
    points_now: int
    points_next: int

    @property
    def gain(self) -> int:
        return self.points_next - self.points_now


def _latest(response: Response) -> int:
    for value in (response.national_points, response.provincial_points, response.points):
        if value is not None:
            return value
    return 0


def _step(response: Response) -> Step | None:
    now = _latest(response)
    higher = sorted(o.points for o in response.indicator.options.all() if o.points > now)
    return Step(response, now, higher[0]) if higher else None


@dataclass
class WhatIf:
    target: str | None
    points_needed: int
    steps: list[Step]
    chosen: list[Step]
    other_conditions: list[engine.Unmet]


def what_if(registration: Registration) -> WhatIf:
    """Which one-step improvements reach the next category's score with the fewest changes.

    Taking the largest gains first gives the fewest changes, since each item counts once.
    """
    result = award_result(registration)
    target = result.next
    responses = (
        registration.responses.filter(indicator__section__kind=Section.Kind.TATANAN)
        .select_related("indicator__section", "office")
        .prefetch_related("indicator__options")
    )
    steps = sorted(filter(None, (_step(r) for r in responses)), key=lambda s: (-s.gain, s.response.id))
    if target is None:
        return WhatIf(None, 0, steps, [], [])
    max_total = sum(r.indicator.max_points for r in responses)
    have = sum(_latest(r) for r in responses)
    # The engine's own reading of the band (edge and rounding), not a second copy of it.
    needed = engine.points_needed(
        rules_for(registration.cycle.instrument), target.rule.min_score, have, max_total
    )
    chosen, gained = [], 0
    for step in steps:
        if gained >= needed:
            break
        chosen.append(step)
        gained += step.gain
    others = [u for u in target.unmet if u.condition != "score"]
    return WhatIf(target.rule.code, needed, steps, chosen if gained >= needed else [], others)
