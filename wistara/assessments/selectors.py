"""Reads over a registration: progress, scores, projection, what is missing. Fixed query counts."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import Role, RoleAssignment
from wistara.instruments.models import InstrumentVersion, Section
from wistara.regions.models import Village

from . import engine
from .award_history import award_history
from .history import history_lines
from .models import COMPLETE, Cycle, Registration, Response, VillageOdf
from .services import calendar
from .services.locking import today
from .stages import READY, VALIDATED, reasons, stage_of


@dataclass
class SectionProgress:
    id: int
    code: str
    name: str
    kind: str
    items: int = 0
    answered: int = 0
    complete: int = 0
    points: int = 0
    max_points: int = 0

    @property
    def score(self) -> Decimal:
        return engine.percent(self.points, self.max_points)

    @property
    def completion(self) -> Decimal:
        return engine.percent(self.complete, self.items)


@dataclass
class OfficeProgress:
    office_id: int | None
    short_name: str
    name: str
    items: int
    answered: int
    complete: int
    validated: int
    ready: int  # complete and validated (stages.READY)

    @property
    def completion(self) -> Decimal:
        return engine.percent(self.complete, self.items)

    @property
    def missing(self) -> int:
        return self.items - self.complete


@dataclass
class Milestone:
    label: str
    start: date
    end: date | None = None
    # The stage calendar's times (issue 12): the state changes at the hour, not at midnight.
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @property
    def days_left(self) -> int:
        return (self.start - today()).days

    @property
    def state(self) -> str:
        if self.starts_at and self.ends_at:
            moment = timezone.now()
            return "past" if moment >= self.ends_at else "current" if moment >= self.starts_at else "future"
        now, end = today(), self.end or self.start
        return "past" if now > end else "current" if now >= self.start else "future"


@dataclass
class Progress:
    registration: Registration
    tatanan: list[SectionProgress]
    kelembagaan: list[SectionProgress]
    offices: list[OfficeProgress]
    odf_villages: int
    odf_count: int
    award: engine.AwardResult
    target: engine.CategoryCheck | None
    milestones: list[Milestone] = field(default_factory=list)
    # What the award engine read: a change's preview (bulk) evaluates the same facts changed.
    facts: engine.Facts | None = None

    @property
    def items(self) -> int:
        return sum(s.items for s in self.tatanan + self.kelembagaan)

    @property
    def complete(self) -> int:
        return sum(s.complete for s in self.tatanan + self.kelembagaan)

    @property
    def completion(self) -> Decimal:
        return engine.percent(self.complete, self.items)

    @property
    def ready(self) -> int:
        return sum(o.ready for o in self.offices)

    @property
    def odf_percent(self) -> Decimal | None:
        """The ODF share as the award reads it (the version's denominator, status, rounding)."""
        if self.facts is not None:
            return self.award.odf_percent
        return engine.percent(self.odf_count, self.odf_villages) if self.odf_villages else None

    @property
    def overdue(self) -> bool:
        return timezone.now() >= calendar.self_assessment_end(self.registration.cycle)


def rules_for(version: InstrumentVersion) -> engine.Rules:
    """The version's award rules: its categories and its settings (issue 13)."""
    return replace(
        settings_of(version),
        categories=tuple(
            engine.CategoryRule(
                code=c.code,
                name=c.name,
                rank=c.rank,
                min_score=c.min_score,
                min_tatanan_score=c.min_tatanan_score,
                min_odf_percent=c.min_odf_percent,
                requires_kelembagaan_pass=c.requires_kelembagaan_pass,
                previous_categories=tuple(c.previous_categories),
            )
            for c in version.award_categories.all()
        ),
    )


def settings_of(version: InstrumentVersion) -> engine.Rules:
    """The version's award settings without its categories (no query): for a reading such as
    the ODF share that needs only the settings."""
    return engine.Rules(
        categories=(),
        score_method=version.score_method,
        kelembagaan_pass_mark=version.kelembagaan_pass_mark,
        band_edge=version.band_edge,
        min_tatanan_percent=version.min_tatanan_percent,
        odf_denominator=version.odf_denominator,
        odf_status=version.odf_status,
        rounding=version.percent_rounding,
        decimals=version.percent_decimals,
        paripurna_documents=paripurna_documents(version),
    )


def paripurna_documents(version: InstrumentVersion) -> tuple[tuple[str, str], ...]:
    """Paripurna's further conditions the version sets: (condition, indicator code)."""
    pairs = (
        (engine.IP_SPM, version.paripurna_ip_spm_indicator),
        (engine.INNOVATION, version.paripurna_innovation_indicator),
    )
    return tuple((key, code) for key, code in pairs if code)


# The points each level gives; "latest" is the last level that scored the item.
POINTS = {
    "self": F("points"),
    "provincial": F("provincial_points"),
    "national": F("national_points"),
    "latest": Coalesce("national_points", "provincial_points", "points"),
}


def _sections(registration: Registration, level: str = "self") -> list[SectionProgress]:
    sections = {
        s.id: SectionProgress(s.id, s.code, s.name, s.kind)
        for s in Section.objects.filter(version_id=registration.cycle.instrument_id).order_by("order")
    }
    rows = (
        registration.responses.values("indicator__section_id")
        .annotate(
            items=Count("id"),
            answered=Count("option"),
            complete=Count("id", filter=COMPLETE),
            points=Sum(POINTS[level]),
            max_points=Sum("indicator__max_points"),
        )
        .order_by()
    )
    for row in rows:
        section = sections[row["indicator__section_id"]]
        section.items, section.answered, section.complete = row["items"], row["answered"], row["complete"]
        section.points, section.max_points = row["points"] or 0, row["max_points"] or 0
    return list(sections.values())


def _offices(registration: Registration) -> list[OfficeProgress]:
    rows = (
        registration.responses.values("office_id", "office__short_name", "office__name")
        .annotate(
            items=Count("id"),
            answered=Count("option"),
            complete=Count("id", filter=COMPLETE),
            validated=Count("id", filter=VALIDATED),
            ready=Count("id", filter=READY),
        )
        .order_by("office__short_name")
    )
    offices = [
        OfficeProgress(
            r["office_id"],
            r["office__short_name"] or str(_("Unassigned")),
            r["office__name"] or "",
            r["items"],
            r["answered"],
            r["complete"],
            r["validated"],
            r["ready"],
        )
        for r in rows
    ]
    # The offices furthest behind first: that is who the coordinator calls.
    return sorted(offices, key=lambda o: (o.completion, o.short_name))


def odf_counts(registration: Registration) -> tuple[int, int]:
    """(desa/kelurahan of the regency, of which ODF) in one query."""
    counts = odf_facts(registration)
    return counts.villages, counts.claimed


def odf_facts(registration: Registration) -> engine.OdfCounts:
    """Every count the version's ODF rule may choose from (issue 13), in one query: villages of
    the regency and of the lokus, each with those claimed ODF and those with a verification date."""
    odf = VillageOdf.objects.filter(registration=registration, village=OuterRef("pk"), is_odf=True)
    verified = odf.filter(verified_on__isnull=False)
    lokus = Registration.lokus_villages.through.objects.filter(
        registration_id=registration.id, village_id=OuterRef("pk")
    )
    row = Village.objects.filter(district__regency_id=registration.regency_id).aggregate(
        villages=Count("id"),
        odf=Count("id", filter=Exists(odf)),
        verified=Count("id", filter=Exists(verified)),
        lokus=Count("id", filter=Exists(lokus)),
        lokus_odf=Count("id", filter=Exists(lokus) & Exists(odf)),
        lokus_verified=Count("id", filter=Exists(lokus) & Exists(verified)),
    )
    return engine.OdfCounts(
        row["villages"], row["odf"], row["verified"], row["lokus"], row["lokus_odf"], row["lokus_verified"]
    )


def milestones(cycle: Cycle) -> list[Milestone]:
    """The cycle's stages as the stage calendar has them (issue 12), to the hour."""
    return [
        Milestone(
            s.label,
            timezone.localtime(s.starts_at).date(),
            timezone.localtime(s.ends_at - timedelta(microseconds=1)).date(),
            s.starts_at,
            s.ends_at,
        )
        for s in calendar.stages(cycle)
    ]


def _score(section: SectionProgress) -> engine.SectionScore:
    return engine.SectionScore(
        section.code, section.name, section.points, section.max_points, section.answered, section.items
    )


class LeftMilestone(Milestone):
    """A stage the regency has left, whatever the calendar says: a decided regency's card must
    not say its registration is under way because the registration window is still open."""

    @property
    def state(self) -> str:
        return "past"


# How many milestones (in calendar order) a registration in each status has left behind. One
# still self-assessing follows the calendar: it may edit its registration while the window is open.
STAGE_REACHED: dict[str, int] = {  # by str: the status read from the row is a plain string
    Registration.Status.SUBMITTED: 2,
    Registration.Status.PROVINCIAL_REVIEW: 2,
    Registration.Status.PROVINCIAL_RETURNED: 2,
    Registration.Status.PROVINCIAL_VERIFIED: 3,
    Registration.Status.NATIONAL_REVIEW: 3,
    Registration.Status.NATIONAL_RETURNED: 3,
    Registration.Status.NATIONAL_VERIFIED: 4,
    Registration.Status.FIELD_VALIDATION: 4,
    Registration.Status.DECIDED: 5,
}


def left_behind(stages: list[Milestone], status: str) -> list[Milestone]:
    """The milestones with those the regency has left marked past (issue 10)."""
    reached = STAGE_REACHED.get(status, 0)
    return [LeftMilestone(**vars(m)) if i < reached else m for i, m in enumerate(stages)]


def registration_progress(registration: Registration, *, level: str = "self") -> Progress:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of items.

    `level` picks whose points count: the regency's own ("self"), a verifier level, or the
    latest level that scored each item ("latest"), which is what the award decision uses.
    The previous period's category and Paripurna's accepted documents come from the award
    history, so that every projection agrees with the decision and the national dashboard (a
    regency with a past Wistara sees Paripurna within reach).
    """
    previous_category, accepted_documents = award_history(registration)
    sections = _sections(registration, level)
    tatanan = [s for s in sections if s.kind == Section.Kind.TATANAN]
    kelembagaan = [s for s in sections if s.kind == Section.Kind.KELEMBAGAAN]
    counts = odf_facts(registration)
    villages, odf = counts.villages, counts.claimed
    kel = engine.SectionScore(
        "K", str(_("Kelembagaan")), sum(s.points for s in kelembagaan), sum(s.max_points for s in kelembagaan)
    )
    facts = engine.Facts(
        tatanan=tuple(_score(s) for s in tatanan),
        kelembagaan=kel,
        odf_percent=engine.percent(odf, villages) if villages else None,
        previous_category=previous_category,
        odf=counts,
        accepted_documents=accepted_documents,
    )
    award = engine.evaluate(rules_for(registration.cycle.instrument), facts)
    return Progress(
        registration=registration,
        tatanan=tatanan,
        kelembagaan=kelembagaan,
        offices=_offices(registration),
        odf_villages=villages,
        odf_count=odf,
        award=award,
        target=award.check_for(registration.target_category.code),
        milestones=left_behind(milestones(registration.cycle), registration.status),
        facts=facts,
    )


@dataclass
class MissingItem:
    response: Response
    reasons: list[str]
    stage: str


def missing_by_office(
    registration: Registration, responses: QuerySet[Response]
) -> dict[str, list[MissingItem]]:
    """What each office still owes, item by item, with the reasons (one query): every item that
    is not ready (stages.READY), incomplete ones before those waiting for validation."""
    years = registration.cycle.data_years
    result: dict[str, list[MissingItem]] = {}
    rows = (
        responses.exclude(READY)
        .select_related("indicator", "office")
        .order_by("office__short_name", "indicator__section__order", "indicator__order")
    )
    for response in rows:
        office = response.office.short_name if response.office else str(_("Unassigned"))
        result.setdefault(office, []).append(
            MissingItem(response, reasons(response, years), stage_of(response))
        )
    for items in result.values():
        items.sort(key=lambda item: item.stage == "waiting")
    return result


def response_page_data(response: Response) -> dict:
    """The options and the history of one response (two queries)."""
    return {
        "options": list(response.indicator.options.all()),
        "history": history_lines(
            list(response.changes.select_related("changed_by")[:50]), response.registration.cycle.data_years
        ),
    }


def office_operator_emails(registration: Registration) -> dict[str, str]:
    """Office short name -> its operators' e-mail addresses, for "send to the office" links.

    Personal data: only for users who may change the regency (the view checks).
    """
    rows = (
        RoleAssignment.objects.filter(regency=registration.regency, role=Role.OPD_OPERATOR)
        .exclude(user__email="")
        .values_list("office__short_name", "user__email")
    )
    emails: dict[str, list[str]] = {}
    for office, email in rows:
        emails.setdefault(office, []).append(email)
    return {office: ",".join(sorted(set(addresses))) for office, addresses in emails.items()}
