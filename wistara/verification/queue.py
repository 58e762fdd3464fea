"""The reviewer's landing page: the regencies waiting for them at their level, with counts."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from wistara.accounts.access import regencies_for_user, scope_for
from wistara.accounts.models import User
from wistara.assessments.models import Registration

from .models import Level
from .selectors_scope import CHANGED, NEEDS_CORRECTION, NOT_REVIEWED, RETURNED, item_states

S = Registration.Status
WAITING: dict[str, tuple[str, str, str]] = {  # by str: levels arrive as plain strings
    Level.PROVINCIAL: (S.SUBMITTED, S.PROVINCIAL_REVIEW, S.PROVINCIAL_RETURNED),
    Level.NATIONAL: (S.PROVINCIAL_VERIFIED, S.NATIONAL_REVIEW, S.NATIONAL_RETURNED),
}


@dataclass
class QueueRow:
    registration: Registration
    deadline: date | datetime | None
    not_reviewed: int
    changed: int  # corrected after a return, or changed since its review
    correction: int  # refused this round, still to return
    total: int

    @property
    def returned(self) -> bool:
        return self.registration.status in (S.PROVINCIAL_RETURNED, S.NATIONAL_RETURNED)


def level_for(user: User, asked: str | None) -> str | None:
    scope = scope_for(user)
    levels = ([Level.NATIONAL] if scope.national else []) + (
        [Level.PROVINCIAL] if scope.national_admin or scope.province_ids else []
    )
    if asked in levels:
        return asked
    return levels[0] if levels else None


def provinces_of(user: User):
    """The provinces whose page the person opens from the queue (a province's verifiers)."""
    from wistara.regions.models import Province

    scope = scope_for(user)
    return [] if scope.national else list(Province.objects.filter(id__in=scope.province_ids).order_by("code"))


def reviewer_queue(user: User, asked: str | None = None) -> tuple[list[QueueRow], str | None]:
    """Rows in deadline order (returned regencies by their correction deadline)."""
    level = level_for(user, asked)
    if level is None:
        return [], None
    registrations = Registration.objects.filter(
        regency__in=regencies_for_user(user), status__in=WAITING[level]
    ).select_related("regency__province", "cycle")
    rows = []
    for registration in registrations:
        counts = Counter(s.reason for s in item_states(registration, level).values())
        end = (
            registration.cycle.provincial_verification_end
            if level == Level.PROVINCIAL
            else registration.cycle.national_verification_end
        )
        deadline = registration.correction_deadline if registration.correction_deadline else end
        rows.append(
            QueueRow(
                registration,
                deadline,
                counts[NOT_REVIEWED],
                counts[RETURNED] + counts[CHANGED],
                counts[NEEDS_CORRECTION],
                sum(counts.values()),
            )
        )
    rows.sort(key=lambda r: (str(r.deadline or ""), r.registration.regency.name))
    return rows, level
