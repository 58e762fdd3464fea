"""The deadline scan: reminders due now, from the cycle calendar, each queued exactly once.

Run every few minutes by the worker (or `run_due_jobs --once` from cron). A reminder's event key
names its threshold (7 days, 3 days, 1 day, 2 hours before the end), so a second scan, or two
scans at once, queue nothing new: the notification's unique key refuses the repeat.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from wistara.accounts.models import Role, RoleAssignment
from wistara.assessments.models import COMPLETE, Cycle, Registration, Response
from wistara.assessments.services import calendar
from wistara.assessments.services.locking import OPEN_STATUSES
from wistara.institutions.models import ActionItem
from wistara.notifications import events
from wistara.notifications.services import BulkEntry, notify_bulk

THRESHOLDS = [
    ("2h", timedelta(hours=2)),
    ("1d", timedelta(days=1)),
    ("3d", timedelta(days=3)),
    ("7d", timedelta(days=7)),
]
S = Registration.Status
# Per stage: the registration states in which it concerns someone, and whom.
STAGE_PEOPLE = {
    "self_assessment": (OPEN_STATUSES, "regency"),
    "provincial_verification": ({S.SUBMITTED, S.PROVINCIAL_REVIEW, S.PROVINCIAL_RETURNED}, "province"),
    "national_verification": ({S.PROVINCIAL_VERIFIED, S.NATIONAL_REVIEW, S.NATIONAL_RETURNED}, "nation"),
}


def threshold(remaining: timedelta, steps=THRESHOLDS) -> str | None:
    """The reminder due with this much time left: the nearest threshold not yet passed."""
    if remaining <= timedelta(0):
        return None
    for label, span in steps:
        if remaining <= span:
            return label
    return None


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def scan(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {"deadline": 0, "correction_closing": 0, "action_overdue": 0, "waiting_validation": 0}
    for cycle in Cycle.objects.filter(award_date__gte=(now - timedelta(days=1)).date()):
        counts["deadline"] += _stage_reminders(cycle, now)
        counts["waiting_validation"] += _waiting_validation(cycle, now)
    counts["correction_closing"] += _correction_closing(now)
    counts["action_overdue"] += _actions_overdue(now)
    return counts


def _stage_reminders(cycle: Cycle, now: datetime) -> int:
    created = 0
    for stage in calendar.stages(cycle):
        if stage.code not in STAGE_PEOPLE:
            continue
        step = threshold(stage.ends_at - now)
        if step is None:
            continue
        statuses, group = STAGE_PEOPLE[stage.code]
        regs = list(
            Registration.objects.filter(cycle=cycle, status__in=list(statuses)).values_list(
                "id", "regency_id", "regency__code", "regency__name", "regency__province_id"
            )
        )
        if not regs:
            continue
        params = {
            "stage": stage.label,
            "deadline": _when(stage.ends_at),
            "left": calendar.left_text(stage.ends_at - now),
        }
        entries: list[BulkEntry] = []
        if group == "regency":
            by_regency = {r[1]: r for r in regs}
            roles = (
                RoleAssignment.objects.filter(
                    regency_id__in=list(by_regency),
                    user__is_active=True,
                    role__in=[Role.REGENCY_COORDINATOR, Role.OPD_OPERATOR, Role.OFFICE_HEAD],
                )
                .values_list("user_id", "regency_id")
                .distinct()
            )
            # One URL and one parameter set per regency, shared by its people (16,000 reverse()
            # calls were a third of a national scan).
            base = reverse("assessments:dashboard", args=["RCODE", cycle.code])
            shared = {
                rid: ({**params, "regency": r[3]}, base.replace("RCODE", r[2]))
                for rid, r in by_regency.items()
            }
            for user_id, regency_id in roles:
                rparams, url = shared[regency_id]
                key = f"{cycle.pk}:{stage.code}:{step}:{regency_id}"
                entries.append((user_id, key, rparams, url, regency_id))
        elif group == "province":
            provinces = {r[4] for r in regs}
            user_ids = (
                RoleAssignment.objects.filter(
                    province_id__in=provinces, role=Role.PROVINCIAL_VERIFIER, user__is_active=True
                )
                .values_list("user_id", flat=True)
                .distinct()
            )
            entries = [
                (
                    u,
                    f"{cycle.pk}:{stage.code}:{step}",
                    {**params, "regency": cycle.name},
                    reverse("home"),
                    None,
                )
                for u in user_ids
            ]
        else:
            user_ids = (
                RoleAssignment.objects.filter(role=Role.NATIONAL_VERIFIER, user__is_active=True)
                .values_list("user_id", flat=True)
                .distinct()
            )
            entries = [
                (
                    u,
                    f"{cycle.pk}:{stage.code}:{step}",
                    {**params, "regency": cycle.name},
                    reverse("home"),
                    None,
                )
                for u in user_ids
            ]
        created += len(notify_bulk("deadline", entries, now=now))
    return created


def _correction_closing(now: datetime) -> int:
    regs = Registration.objects.filter(
        correction_deadline__gt=now, correction_deadline__lte=now + timedelta(days=1)
    ).select_related("regency", "cycle")
    created = 0
    for reg in regs:
        deadline = reg.correction_deadline
        if deadline is None:  # the filter above keeps only set deadlines
            continue
        step = threshold(deadline - now, THRESHOLDS[:2])
        offices = set(
            reg.responses.filter(status=Response.Status.RETURNED).values_list("office_id", flat=True)
        )
        people = set(
            RoleAssignment.objects.filter(
                office_id__in=[o for o in offices if o],
                role__in=[Role.OPD_OPERATOR, Role.OFFICE_HEAD],
                user__is_active=True,
            ).values_list("user_id", flat=True)
        )
        people |= set(
            RoleAssignment.objects.filter(
                regency_id=reg.regency_id, role=Role.REGENCY_COORDINATOR, user__is_active=True
            ).values_list("user_id", flat=True)
        )
        key = f"{reg.pk}:{deadline.isoformat()}:{step}"
        params = {
            "regency": reg.regency.name,
            "deadline": _when(deadline),
            "left": calendar.left_text(deadline - now),
        }
        url = reverse("verification:submission", args=[reg.regency.code, reg.cycle.code])
        created += len(
            notify_bulk(
                "correction_closing", [(u, key, params, url, reg.regency_id) for u in sorted(people)], now=now
            )
        )
    return created


def _actions_overdue(now: datetime) -> int:
    today = timezone.localdate(now)
    items = (
        ActionItem.objects.filter(due_on__lt=today)
        .exclude(status__in=["done", "cancelled"])
        .select_related("meeting__regency")
    )
    created = 0
    cycles: dict[int, str | None] = {}
    for item in items:
        regency_id = item.meeting.regency_id
        if regency_id not in cycles:
            reg = (
                Registration.objects.filter(regency_id=regency_id)
                .order_by("-cycle__registration_opens")
                .values_list("cycle__code", flat=True)
                .first()
            )
            cycles[regency_id] = reg
        cycle_code = cycles[regency_id]
        if cycle_code:
            created += len(events.action_overdue(item=item, cycle_code=cycle_code, now=now) or [])
    return created


def _waiting_validation(cycle: Cycle, now: datetime) -> int:
    """Once a day: each head of office with complete, unvalidated items of an open registration."""
    rows = (
        Response.objects.filter(
            COMPLETE,
            registration__cycle=cycle,
            status=Response.Status.DRAFT,
            registration__status__in=list(OPEN_STATUSES),
            office__isnull=False,
        )
        .values(
            "office_id",
            "office__short_name",
            "registration__regency_id",
            "registration__regency__name",
            "registration__regency__code",
        )
        .annotate(n=Count("id"))
    )
    offices = {r["office_id"]: r for r in rows}
    if not offices:
        return 0
    heads = defaultdict(set)
    for office_id, user_id in RoleAssignment.objects.filter(
        office_id__in=list(offices), role=Role.OFFICE_HEAD, user__is_active=True
    ).values_list("office_id", "user_id"):
        heads[office_id].add(user_id)
    day = timezone.localdate(now).isoformat()
    entries: list[BulkEntry] = []
    base = reverse("assessments:response-list", args=["RCODE", cycle.code])
    for office_id, r in offices.items():
        url = base.replace("RCODE", r["registration__regency__code"])
        params = {
            "regency": r["registration__regency__name"],
            "count": r["n"],
            "office": r["office__short_name"],
        }
        entries += [
            (u, f"{cycle.pk}:{office_id}:{day}", params, url, r["registration__regency_id"])
            for u in heads[office_id]
        ]
    return len(notify_bulk("waiting_validation", entries, now=now))
