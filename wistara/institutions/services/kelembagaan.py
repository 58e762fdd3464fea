"""Pre-filling the 16 kelembagaan items from the registry, in one step (for the API).

The page shows the same change first and applies it only after confirmation, with an undo
(wistara.bulk: plan_prefill, bulk_apply, bulk_undo); this is that plan applied at once. Each item
gets the option its records are worth (services/scoring.kelembagaan_estimates) through the same answer
service as any other save (so the history, the revision and the lock rules hold), and the
registry's files attached as its evidence for the right data years. All or nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services.locking import response_lock_reason
from wistara.assessments.services.status import VALIDATED_STATES
from wistara.bulk.models import BulkChange
from wistara.bulk.plans import (
    NOTE_LOWER,
    NOTE_WITHDRAWN_EDITED,
    SKIP_LOCKED,
    plan_save,
    row_for,
    skip_for,
)
from wistara.bulk.selectors import prefill_effect, skipped
from wistara.bulk.services import bulk_apply
from wistara.evidence.models import Evidence

from .scoring import kelembagaan_estimates


@dataclass
class PrefillResult:
    changed: list[str] = field(default_factory=list)  # item codes whose option changed
    attached: int = 0
    skipped: list[str] = field(default_factory=list)  # "K1.1: why"
    change_id: int | None = None  # the bulk change, which can be undone


def kelembagaan_prefill(*, registration: Registration, user: User) -> PrefillResult:
    rows, left = prefill_rows(registration)
    if not rows:  # nothing to change (perhaps everything is locked): say which were left
        return PrefillResult(skipped=skipped(BulkChange(skipped=left)))
    change = bulk_apply(change=plan_prefill(registration=registration, user=user), user=user)
    return PrefillResult(
        changed=[row["code"] for row in change.rows if "option" in row["after"]],
        attached=sum(len(row["applied"].get("evidence", [])) for row in change.rows),
        skipped=skipped(change),
        change_id=change.id,
    )


def plan_prefill(*, registration: Registration, user: User) -> BulkChange:
    rows, skipped = prefill_rows(registration)
    if not rows:
        raise ValidationError(
            _("The kelembagaan items already hold what the records are worth: nothing to change."),
            code="nothing",
        )
    # The rows that would lower a score start unticked in the preview (the records may simply be
    # incomplete): the effect is shown for that default, and for every row.
    keep = [row for row in rows if NOTE_LOWER not in row["notes"]]
    params = {"effect": prefill_effect(registration, keep)}
    if len(keep) < len(rows):
        params["effect_all"] = prefill_effect(registration, rows)
    return plan_save(registration, BulkChange.Kind.PREFILL, user, rows, skipped, params)


def prefill_rows(registration: Registration) -> tuple[list[dict], list[dict]]:
    """The rows of a pre-fill (the items whose option, explanation or files would change) and
    the items left out (locked)."""
    estimates = [(e, e.response) for e in kelembagaan_estimates(registration) if e.response is not None]
    attached = _attached([response for _estimate, response in estimates])
    rows, skipped = [], []
    for estimate, response in estimates:
        response.registration = registration
        code = estimate.indicator.code
        reason = response_lock_reason(response)
        if reason:
            skipped.append(skip_for(code, SKIP_LOCKED, reason=reason))
            continue
        if estimate.option is None:
            raise ValidationError(
                _("Item %(code)s has no option worth %(points)s points.")
                % {"code": code, "points": estimate.points}
            )
        after: dict[str, object] = {}
        notes: list[str] = []
        if response.option_id != estimate.option.id:
            after.update(
                option=estimate.option.id,
                points=estimate.option.points,
                option_label=f"{estimate.option.points} · {estimate.option.description}"[:200],
            )
            if response.points is not None and estimate.option.points < response.points:
                notes.append(NOTE_LOWER)
        if not response.explanation:
            after["explanation"] = " ".join(estimate.reasons)[:5000]
        if after and response.status in VALIDATED_STATES:
            after["status"] = Response.Status.DRAFT
            notes.append(NOTE_WITHDRAWN_EDITED)
        files = [
            [file.id, year, kind, file.original_name[:120]]
            for file, year, kind in estimate.files
            if (response.id, file.id, year) not in attached
        ]
        if after or files:
            response.indicator = estimate.indicator
            rows.append(row_for(response, after, notes, files=files))
    return rows, skipped


def _attached(responses: list[Response]) -> set[tuple[int, int, int]]:
    """(response, file, data year) already attached and not removed: not attached again."""
    if not responses:
        return set()
    return set(
        Evidence.objects.filter(
            Q(response__in=responses), removed_at__isnull=True, file__isnull=False
        ).values_list("response_id", "file_id", "data_year")
    )
