"""The cycle's stage calendar to the hour: the one source of every lock, deadline and reminder.

Times are aware datetimes; the calendar is written and shown in Asia/Jakarta (WIB). A cycle
without a calendar row reads its day milestones: a stage runs from 00.00 WIB of its first day
to the end (24.00 WIB) of its last. A national admin edits it with `calendar_save` (audited).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.audit.services import audit_record

from ..calendar_models import CycleCalendar, CycleStage, Stage
from ..models import Cycle

WIB = ZoneInfo("Asia/Jakarta")

# Each stage: its milestone days (first, last) and the role group it concerns. Keyed by str:
# the stage codes read from rows and forms are plain strings.
MILESTONE_DAYS: dict[str, tuple[str, str]] = {
    Stage.REGISTRATION: ("registration_opens", "registration_closes"),
    Stage.SELF_ASSESSMENT: ("registration_opens", "self_assessment_deadline"),
    Stage.PROVINCIAL_VERIFICATION: ("provincial_verification_start", "provincial_verification_end"),
    Stage.NATIONAL_VERIFICATION: ("national_verification_start", "national_verification_end"),
    Stage.FIELD_VALIDATION: ("field_validation_start", "field_validation_end"),
    Stage.PLENARY: ("field_validation_end", "award_date"),
    Stage.AWARD: ("award_date", "award_date"),
}
GROUPS: dict[str, str] = {
    Stage.REGISTRATION: "regency",
    Stage.SELF_ASSESSMENT: "regency",
    Stage.PROVINCIAL_VERIFICATION: "province",
    Stage.NATIONAL_VERIFICATION: "nation",
    Stage.FIELD_VALIDATION: "regency",
    Stage.PLENARY: "nation",
    Stage.AWARD: "regency",
}
DEFAULT_CORRECTION_HOURS = 48
DEFAULT_CORRECTION_END_HOUR = 15


@dataclass(frozen=True)
class StageTime:
    code: str
    label: str
    group: str
    starts_at: datetime
    ends_at: datetime

    def is_open(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), WIB)


def day_end(day: date) -> datetime:
    # The last instant of the day (shown as 23:59), so the day itself is the day people read.
    return day_start(day) + timedelta(days=1) - timedelta(microseconds=1)


def _calendar(cycle: Cycle) -> CycleCalendar | None:
    # Cached on the instance: a page checks the locks of many items of one cycle.
    if not hasattr(cycle, "_calendar_cache"):
        cycle._calendar_cache = (
            CycleCalendar.objects.filter(cycle_id=cycle.pk).prefetch_related("stages").first()
            if cycle.pk
            else None
        )
    return cycle._calendar_cache


def forget(cycle: Cycle) -> None:
    cycle.__dict__.pop("_calendar_cache", None)
    cycle.__dict__.pop("_self_assessment_end", None)


def stages(cycle: Cycle) -> list[StageTime]:
    calendar = _calendar(cycle)
    rows = {s.stage: s for s in calendar.stages.all()} if calendar else {}
    out = []
    for code, (first, last) in MILESTONE_DAYS.items():
        row = rows.get(code)
        if row is not None:
            starts, ends = row.starts_at, row.ends_at
        else:
            starts, ends = day_start(getattr(cycle, first)), day_end(getattr(cycle, last))
        out.append(StageTime(code, str(Stage(code).label), GROUPS[code], starts, ends))
    return sorted(out, key=lambda s: (s.starts_at, s.ends_at))


def stage(cycle: Cycle, code: str) -> StageTime:
    return next(s for s in stages(cycle) if s.code == code)


def stage_end(cycle: Cycle, code: str) -> datetime:
    """One stage's end, reading only what it needs (the save path checks it on every write)."""
    calendar = _calendar(cycle)
    if calendar is not None:
        for row in calendar.stages.all():
            if row.stage == code:
                return row.ends_at
    return day_end(getattr(cycle, MILESTONE_DAYS[code][1]))


def self_assessment_end(cycle: Cycle) -> datetime:
    known = cycle.__dict__.get("_self_assessment_end")
    if known is not None:
        return known
    return stage_end(cycle, Stage.SELF_ASSESSMENT)


def self_assessment_end_subquery(cycle_ref: str):
    """The calendar's self-assessment end as a subquery, for a caller that reads it in its own
    statement (the save path); None when the cycle has no calendar."""
    return Subquery(
        CycleStage.objects.filter(calendar__cycle_id=OuterRef(cycle_ref), stage=Stage.SELF_ASSESSMENT).values(
            "ends_at"
        )[:1]
    )


def remember_self_assessment_end(cycle: Cycle, calendar_end: datetime | None) -> None:
    cycle._self_assessment_end = calendar_end or day_end(cycle.self_assessment_deadline)


def current_stages(cycle: Cycle, now: datetime | None = None) -> list[StageTime]:
    now = now or timezone.now()
    return [s for s in stages(cycle) if s.is_open(now)]


def data_years(cycle: Cycle) -> list[int]:
    calendar = _calendar(cycle)
    if calendar and calendar.data_years:
        return [int(y) for y in calendar.data_years]
    return [int(y) for y in cycle.instrument.data_years]


def correction_rule(cycle: Cycle) -> tuple[int, int | None]:
    calendar = _calendar(cycle)
    if calendar is None:  # a cycle nobody has set a calendar for: the site's default hours
        return settings.CORRECTION_WINDOW_HOURS, DEFAULT_CORRECTION_END_HOUR
    return calendar.correction_hours, calendar.correction_end_hour


def correction_deadline_default(cycle: Cycle, start: datetime) -> datetime:
    """The window's end for items returned at `start`: e.g. 2x24 hours, ending at 15.00 WIB.

    The end is the first `end_hour` o'clock WIB at or after start + hours, so the regency never
    gets less than the hours the rule promises.
    """
    hours, end_hour = correction_rule(cycle)
    end = (start + timedelta(hours=hours)).astimezone(WIB)
    if end_hour is None:
        return end
    at = end.replace(hour=end_hour, minute=0, second=0, microsecond=0)
    return at if at >= end else at + timedelta(days=1)


def left_text(delta: timedelta) -> str:
    """'3 days 4 hours', '2 hours 5 minutes': a countdown in words."""
    seconds = max(int(delta.total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(d)s days %(h)s hours") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s hours %(m)s minutes") % {"h": hours, "m": minutes}
    return _("%(m)s minutes") % {"m": minutes}


# --- Editing (national admin) ------------------------------------------------------------------


@transaction.atomic
def calendar_save(
    *,
    cycle: Cycle,
    user,
    stage_times: dict[str, tuple[datetime | None, datetime | None]],
    data_years: list[int],
    correction_hours: int,
    correction_end_hour: int | None,
) -> CycleCalendar:
    """Replace the cycle's calendar; every stage needs a start before its end. Audited."""
    errors: dict[str, str] = {}
    checked: dict[str, tuple[datetime, datetime]] = {}  # every stage, with both its times
    for code in MILESTONE_DAYS:
        first, last = stage_times.get(code, (None, None))
        if first is None or last is None:
            errors[code] = _("Enter the start and the end.")
        elif last <= first:
            errors[code] = _("The end must be after the start.")
        else:
            checked[code] = (first, last)
    if len(data_years) != 2 or data_years[1] != data_years[0] + 1:
        errors["data_years"] = _("Enter two consecutive data years, e.g. 2023 and 2024.")
    if not 1 <= correction_hours <= 24 * 14:
        errors["correction_hours"] = _("Enter between 1 and 336 hours.")
    if correction_end_hour is not None and not 0 <= correction_end_hour <= 23:
        errors["correction_end_hour"] = _("Enter an hour from 0 to 23.")
    if errors:
        raise ValidationError(errors)
    calendar, _created = CycleCalendar.objects.select_for_update().get_or_create(cycle=cycle)
    before = _snapshot(calendar) if not _created else None
    calendar.data_years, calendar.updated_by = list(data_years), user
    calendar.correction_hours, calendar.correction_end_hour = correction_hours, correction_end_hour
    calendar.save()
    for code, (starts, ends) in checked.items():
        CycleStage.objects.update_or_create(
            calendar=calendar, stage=code, defaults={"starts_at": starts, "ends_at": ends}
        )
    forget(cycle)
    audit_record(
        action="cycle.calendar_changed",
        actor=user,
        obj=cycle,
        cycle_code=cycle.code,
        payload={"before": before, "after": _snapshot(calendar)},
    )
    return calendar


def _snapshot(calendar: CycleCalendar) -> dict:
    return {
        "data_years": list(calendar.data_years),
        "correction_hours": calendar.correction_hours,
        "correction_end_hour": calendar.correction_end_hour,
        "stages": {
            s.stage: [s.starts_at.astimezone(WIB).isoformat(), s.ends_at.astimezone(WIB).isoformat()]
            for s in calendar.stages.all()
        },
    }
