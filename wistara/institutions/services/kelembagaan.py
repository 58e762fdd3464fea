"""Pre-filling the 16 kelembagaan items from the registry, in one step (for the API).

The page shows the same change first and applies it only after confirmation, with an undo
(wistara.bulk: plan_prefill, bulk_apply, bulk_undo); this is that plan applied at once. Each item
gets the option its records are worth (selectors.kelembagaan_estimates) through the same answer
service as any other save (so the history, the revision and the lock rules hold), and the
registry's files attached as its evidence for the right data years. All or nothing.
"""

from dataclasses import dataclass, field

from wistara.accounts.models import User
from wistara.assessments.models import Registration


@dataclass
class PrefillResult:
    changed: list[str] = field(default_factory=list)  # item codes whose option changed
    attached: int = 0
    skipped: list[str] = field(default_factory=list)  # "K1.1: why"
    change_id: int | None = None  # the bulk change, which can be undone


def kelembagaan_prefill(*, registration: Registration, user: User) -> PrefillResult:
    from wistara.bulk.models import BulkChange  # the bulk app builds on institutions' selectors
    from wistara.bulk.plans import plan_prefill, prefill_rows
    from wistara.bulk.selectors import skipped
    from wistara.bulk.services import bulk_apply

    rows, left = prefill_rows(registration)
    if not rows:  # nothing to change (perhaps everything is locked): say which were left
        return PrefillResult(skipped=skipped(BulkChange(skipped=left)))
    change = bulk_apply(change=plan_prefill(registration=registration, user=user), user=user)
    return PrefillResult(
        changed=[row["code"] for row in change.rows if "option" in row["after"]],
        attached=sum(len(row["applied"].get("evidence", [])) for row in change.rows),
        skipped=skipped(change), change_id=change.id)

