"""Each regency role's work, as its home shows it ("Tugas saya").

An office sees its items grouped by what they need (stages), a head of office what waits for its
validation, the coordinator what needs the secretariat, a leader where the regency stands. The
groups read assessments.stages, the one meaning of "complete" that the dashboard, "What is
missing" and the submission read too.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count

from wistara.accounts.access import Scope
from wistara.assessments import stages
from wistara.assessments.models import Registration, Response
from wistara.assessments.selectors import Progress, registration_progress


@dataclass
class QueueItem:
    response: Response
    stage: str
    reasons: list[str]


@dataclass
class StageGroup:
    stage: str
    label: str
    items: list[QueueItem] = field(default_factory=list)


@dataclass
class OfficeQueue:
    registration: Registration
    offices: list[str]
    groups: list[StageGroup]
    is_head: bool
    deadline: date | datetime | None
    returned: bool

    @property
    def open_count(self) -> int:
        return sum(len(g.items) for g in self.groups if g.stage != stages.DONE)

    @property
    def waiting(self) -> StageGroup:
        return next(g for g in self.groups if g.stage == stages.WAITING)


@dataclass
class CoordinatorQueue:
    registration: Registration
    progress: Progress
    returned_by_office: list[tuple[str, int]]
    waiting_validation: int
    not_started: int

    @property
    def unassigned(self) -> int:
        return next((o.items for o in self.progress.offices if o.office_id is None), 0)

    @property
    def behind(self):
        """The offices furthest behind, the ones the coordinator calls first."""
        return [o for o in self.progress.offices if o.office_id is not None and o.missing][:5]


def current_registrations(scope: Scope) -> list[Registration]:
    """The latest registration of each regency the user works in (a regency role)."""
    rows = (
        Registration.objects.filter(regency_id__in=scope.regency_ids)
        .select_related("cycle__instrument", "regency__province", "target_category")
        .order_by("regency__name", "-cycle__registration_opens")
    )
    latest: dict[int, Registration] = {}
    for registration in rows:
        latest.setdefault(registration.regency_id, registration)
    return list(latest.values())


def office_queue(scope: Scope, registration: Registration) -> OfficeQueue | None:
    """The items of the user's offices in this registration, grouped; None if it has none here."""
    responses = list(
        registration.responses.filter(office_id__in=scope.operator_office_ids)
        .select_related("indicator__section", "office")
        .order_by("indicator__section__order", "indicator__order")
    )
    if not responses:
        return None
    years = registration.cycle.data_years
    groups = {stage: StageGroup(stage, str(stages.LABELS[stage])) for stage in stages.STAGES}
    for response in responses:
        stage = stages.stage_of(response)
        reasons = stages.reasons(response, years, validation=False)  # the group says the rest
        groups[stage].items.append(QueueItem(response, stage, reasons))
    returned = bool(groups[stages.RETURNED].items)
    cycle = registration.cycle
    return OfficeQueue(
        registration=registration,
        offices=sorted({r.office.short_name for r in responses if r.office is not None}),
        groups=[g for g in groups.values() if g.items or g.stage == stages.WAITING],
        is_head=bool(scope.head_office_ids & {r.office_id for r in responses}),
        deadline=registration.correction_deadline if returned else cycle.self_assessment_ends_at,
        returned=returned,
    )


def coordinator_queue(registration: Registration) -> CoordinatorQueue:
    returned = (
        registration.responses.filter(status=Response.Status.RETURNED)
        .values_list("office__short_name")
        .annotate(n=Count("id"))
        .order_by("office__short_name")
    )
    counts = registration.responses.aggregate(
        waiting=Count("id", filter=stages.WAITING_Q), not_started=Count("id", filter=~stages.STARTED)
    )
    return CoordinatorQueue(
        registration=registration,
        progress=registration_progress(registration),
        returned_by_office=[(office or "—", n) for office, n in returned],
        waiting_validation=counts["waiting"],
        not_started=counts["not_started"],
    )
