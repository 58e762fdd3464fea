"""Reading the registry for a registration: each body's state and the checks (the kelembagaan
estimate computed from them is services/scoring.py's).

One pass loads the regency's institutions with their live records (a fixed number of queries,
however many Pokja the lokus holds); everything else is computed in Python from that.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.assessments.models import Registration, Response
from wistara.evidence.models import EvidenceFile
from wistara.instruments.models import Indicator, Section
from wistara.regions.models import District, Regency, Village

from .checks import decree_problems, reference_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from .models import (
    SINGLE_BODIES,
    ActionItem,
    Activity,
    Body,
    Budget,
    Decree,
    Institution,
    Meeting,
    SecretariatPhoto,
    WorkPlan,
)

Element = Indicator.Element


@dataclass
class BodyState:
    """One body (or one lokus area's missing body) as the instrument will judge it."""

    body: str
    institution: Institution | None
    area: District | Village | None = None
    decree: Decree | None = None
    decree_problems: list[str] = field(default_factory=list)
    plan_files: dict[int, EvidenceFile] = field(default_factory=dict)  # complete plans by year
    plan_gaps: dict[int, str] = field(default_factory=dict)  # year -> what the plan lacks
    budget_files: dict[int, list[EvidenceFile]] = field(default_factory=dict)
    budget_totals: dict[int, int] = field(default_factory=dict)
    photos: list[SecretariatPhoto] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.institution is not None:
            return self.institution.name
        return str(self.area.name.title()) if self.area is not None else ""

    @property
    def decree_ok(self) -> bool:
        return self.decree is not None and not self.decree_problems

    @property
    def has_secretariat(self) -> bool:
        return bool(self.institution and self.institution.address and self.photos)


@dataclass
class Registry:
    registration: Registration
    years: list[int]
    reference: date
    singles: dict[str, BodyState]
    fkk: list[BodyState]
    pokja: list[BodyState]

    @property
    def bodies(self) -> list[tuple[str, list[BodyState]]]:
        return [
            (Body.TIM_PEMBINA, [self.singles[Body.TIM_PEMBINA]]),
            (Body.FORUM, [self.singles[Body.FORUM]]),
            (Body.FKK, self.fkk),
            (Body.POKJA, self.pokja),
        ]

    def states(self, body: str) -> list[BodyState]:
        return dict(self.bodies)[body]

    def flags(self) -> list[str]:
        """What will cost points, in plain words, most serious first."""
        out = []
        for body, states in self.bodies:
            label = Body(body).label
            if body in (Body.FKK, Body.POKJA):
                expected, valid = len(states), sum(s.decree_ok for s in states)
                if expected == 0:
                    out.append(_("%(body)s: no lokus declared at registration.") % {"body": label})
                elif valid < expected:
                    out.append(
                        _("%(body)s: %(valid)s valid decrees for the %(expected)s declared at registration.")
                        % {"body": label, "valid": valid, "expected": expected}
                    )
                missing = [s.name for s in states if s.institution is None]
                if missing:  # one line, not one per village: a lokus may hold a hundred
                    out.append(
                        _("%(body)s not recorded yet for %(n)s areas: %(names)s.")
                        % {
                            "body": label,
                            "n": len(missing),
                            "names": ", ".join(missing[:5]) + (", …" if len(missing) > 5 else ""),
                        }
                    )
            for state in states:
                out.extend(_state_flags(state, self.years, label))
        return out


def _state_flags(state: BodyState, years: list[int], label: "StrOrPromise") -> list[str]:
    if state.area is not None:
        if state.institution is None:
            return []  # counted in one line by Registry.flags
        where = f"{label} {state.area.name.title()}"
    else:
        where = str(label)
        if state.institution is None:
            return [_("%(where)s: not recorded yet.") % {"where": where}]
    out = []
    if state.decree is None:
        out.append(_("%(where)s: no decree.") % {"where": where})
    elif state.decree_problems:
        out.append(
            _("%(where)s: decree %(number)s %(problems)s.")
            % {"where": where, "number": state.decree.number, "problems": "; ".join(state.decree_problems)}
        )
    for year in years:
        if year not in state.plan_files:
            out.append(
                _("%(where)s: no work plan for %(year)s%(gap)s.")
                % {
                    "where": where,
                    "year": year,
                    "gap": f" ({state.plan_gaps[year]})" if year in state.plan_gaps else "",
                }
            )
        if year not in state.budget_files:
            out.append(_("%(where)s: no budget for %(year)s.") % {"where": where, "year": year})
    if not state.has_secretariat:
        out.append(_("%(where)s: no secretariat address and photo.") % {"where": where})
    return out


def institutions_of(regency: Regency) -> QuerySet[Institution]:
    live = Q(removed_at__isnull=True)
    return (
        Institution.objects.filter(regency=regency)
        .select_related("regency", "district", "village")
        .prefetch_related(
            Prefetch(
                "decrees", Decree.objects.filter(live).select_related("file").order_by("-signed_on", "-id")
            ),
            Prefetch(
                "work_plans",
                WorkPlan.objects.select_related("file").annotate(
                    n_activities=Count("activities", filter=Q(activities__removed_at__isnull=True))
                ),
            ),
            Prefetch("budgets", Budget.objects.filter(live).select_related("file")),
            Prefetch("photos", SecretariatPhoto.objects.filter(live).select_related("file")),
        )
    )


def registry(registration: Registration) -> Registry:
    years = sorted(int(y) for y in registration.cycle.data_years)
    on = reference_date(years)
    by_key: dict[tuple, Institution] = {
        (i.body, i.district_id, i.village_id): i for i in institutions_of(registration.regency)
    }
    singles = {body: _state(body, by_key.get((body, None, None)), None, years, on) for body in SINGLE_BODIES}
    districts = registration.lokus_districts.order_by("code")
    villages = registration.lokus_villages.select_related("district").order_by("code")
    fkk = [_state(Body.FKK, by_key.get((Body.FKK, d.id, None)), d, years, on) for d in districts]
    pokja = [_state(Body.POKJA, by_key.get((Body.POKJA, None, v.id)), v, years, on) for v in villages]
    return Registry(registration, years, on, singles, fkk, pokja)


def body_state(registration: Registration, body: str, institution: Institution | None, area) -> BodyState:
    """One body's state (for its own page), judged like the whole registry."""
    years = sorted(int(y) for y in registration.cycle.data_years)
    if institution is not None:
        institution = institutions_of(registration.regency).get(pk=institution.pk)
    return _state(body, institution, area, years, reference_date(years))


def _state(body: str, institution: Institution | None, area, years: list[int], on: date) -> BodyState:
    state = BodyState(body=body, institution=institution, area=area)
    if institution is None:
        return state
    decrees = list(institution.decrees.all())
    # The decree that counts: the newest without problems, else the newest (to say what is wrong).
    judged = [(d, decree_problems(d, institution, on)) for d in decrees]
    good = [(d, p) for d, p in judged if not p]
    if judged:
        state.decree, state.decree_problems = (good or judged)[0]
    for plan in institution.work_plans.all():
        if plan.year not in years:
            continue
        # n_activities: annotated by the prefetch in institutions_of, unknown to the stubs
        if plan.file is not None and plan.n_activities:  # type: ignore[attr-defined]
            state.plan_files[plan.year] = plan.file
        else:
            state.plan_gaps[plan.year] = (
                _("no document") if not plan.file_id else _("no activities with targets")
            )
    for budget in institution.budgets.all():
        if budget.year in years:
            state.budget_totals[budget.year] = state.budget_totals.get(budget.year, 0) + int(budget.amount)
            if budget.file is not None:
                state.budget_files.setdefault(budget.year, []).append(budget.file)
    state.photos = list(institution.photos.all())
    return state


@dataclass
class BodyRecords:
    """Everything recorded for one body, removed records included (shown apart, restorable)."""

    decrees: list[tuple[Decree, list[str]]]
    members: list
    plans: list[tuple[int, WorkPlan | None, list]]  # (year, plan, activities) per data year and any other
    budgets: list[Budget]
    photos: list[SecretariatPhoto]


def body_records(institution: Institution, years: list[int], on: date) -> BodyRecords:
    decrees = [
        (d, decree_problems(d, institution, on))
        for d in institution.decrees.select_related("file", "removed_by").order_by("-signed_on", "-id")
    ]
    plans = {p.year: p for p in institution.work_plans.select_related("file")}
    activities: dict[int, list] = {}
    for activity in (
        Activity.objects.filter(work_plan__institution=institution)
        .select_related("section", "work_plan")
        .order_by("id")
    ):
        activities.setdefault(activity.work_plan.year, []).append(activity)
    return BodyRecords(
        decrees=decrees,
        members=list(institution.members.select_related("office").order_by("removed_at", "id")),
        plans=[(y, plans.get(y), activities.get(y, [])) for y in sorted(set(years) | set(plans))],
        budgets=list(institution.budgets.select_related("file").order_by("year", "id")),
        photos=list(institution.photos.select_related("file").order_by("id")),
    )


# --- Meetings --------------------------------------------------------------------------------------


def meetings_of(regency: Regency) -> QuerySet[Meeting]:
    return Meeting.objects.filter(regency=regency).annotate(
        n_actions=Count("action_items", distinct=True),
        n_open=Count(
            "action_items", filter=Q(action_items__status__in=ActionItem.OPEN_STATUSES), distinct=True
        ),
    )


def action_items_of(regency: Regency) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(meeting__regency=regency).select_related(
        "meeting", "office__regency", "assignee"
    )  # the regency: who may move it


def overdue_action_items(regency: Regency, on: date | None = None) -> QuerySet[ActionItem]:
    on = on or timezone.localdate()
    return action_items_of(regency).filter(status__in=ActionItem.OPEN_STATUSES, due_on__lt=on)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    meetings: list


def month_calendar(regency: Regency, first: date) -> list[list[CalendarDay]]:
    """The month of `first` as weeks (Monday first), each day with its meetings."""
    import calendar

    weeks = calendar.Calendar().monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[date, list] = {}
    for meeting in Meeting.objects.filter(
        regency=regency, starts_at__date__gte=start, starts_at__date__lte=end
    ).order_by("starts_at"):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    return [[CalendarDay(d, d.month == first.month, by_day.get(d, [])) for d in week] for week in weeks]


def regency_people(regency: Regency):
    """Active users who hold a role in the regency (for assignees and the handover)."""
    from wistara.accounts.models import User

    return (
        User.objects.filter(is_active=True, role_assignments__regency=regency)
        .distinct()
        .order_by("full_name", "username")
    )


def meeting_items(registration: Registration, meeting: Meeting) -> list[Response]:
    """The items a meeting's minutes may support: every kelembagaan item, and the indicators its
    action items serve, those first."""
    served = set(ActionItem.objects.filter(meeting=meeting).values_list("indicators", flat=True))
    items = list(
        registration.responses.filter(
            Q(indicator__section__kind=Section.Kind.KELEMBAGAAN) | Q(indicator_id__in=served)
        )
        .select_related("indicator__section")
        .order_by("indicator__section__order", "indicator__order")
    )
    return sorted(items, key=lambda r: r.indicator_id not in served)
