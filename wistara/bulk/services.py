"""Applying a planned bulk change after confirmation, and undoing it in one step.

Both go row by row through the assessments' and evidence's own services (response_assign,
response_update, response_set_status, evidence_attach_file/evidence_remove), so every row's
revision, history and lock rules are those of a change made by hand; both are all or nothing.

Apply refuses when an item changed after the preview (the person confirmed something else than
what would happen). Undo refuses when anything newer touched one of the items: a later history
line, or a revision, status or office other than the change left; the message says which items
and who, in the reader's language.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wistara.accounts.access import scope_for
from wistara.accounts.models import Office, User
from wistara.assessments.models import Response, ResponseChange
from wistara.assessments.services import response_assign, response_set_status, response_update
from wistara.assessments.services.status import validation_restore
from wistara.audit.services import audit_record
from wistara.evidence.models import Evidence, EvidenceFile
from wistara.evidence.services import evidence_attach_file, evidence_remove

from .models import BulkChange
from .rules import may_act
from .selectors import prefill_effect

UNDONE = gettext_noop("undone with the bulk change it came from")


def _check(change: BulkChange, user: User, state: str) -> None:
    if not may_act(scope_for(user), change):
        raise PermissionDenied
    if change.state != state:
        refusals: dict[str, str] = {
            BulkChange.State.APPLIED: _("This change was already applied."),
            BulkChange.State.UNDONE: _("This change was already undone."),
            BulkChange.State.PLANNED: _("This change was never applied: there is nothing to undo."),
        }
        raise ValidationError(refusals[change.state], code="state")


def _locked(change: BulkChange) -> dict[int, Response]:
    ids = [row["response"] for row in change.rows]
    return {
        r.id: r
        for r in Response.objects.select_for_update(of=("self",))
        .filter(id__in=ids, registration=change.registration)
        .select_related("registration__cycle__instrument", "indicator", "office")
    }


@transaction.atomic
def bulk_apply(*, change: BulkChange, user: User, selected: list[int] | None = None) -> BulkChange:
    """Apply the planned rows (only those at the `selected` positions, if given)."""
    change = (
        BulkChange.objects.select_for_update(of=("self",))
        .select_related("registration__regency", "registration__cycle")
        .get(pk=change.pk)
    )
    _check(change, user, BulkChange.State.PLANNED)
    if selected is not None:
        chosen = set(selected)
        change.rows = [row for i, row in enumerate(change.rows) if i in chosen]
        if not change.rows:
            raise ValidationError(_("Nothing was selected: tick the items to change."))
    if change.kind == BulkChange.Kind.PREFILL:
        # What the applied rows do to the award, worked out before they are applied: the page
        # of the applied change shows that, whichever rows the person left ticked.
        change.params = {"effect": prefill_effect(change.registration, change.rows)}
    current = _locked(change)
    moved = [row["code"] for row in change.rows if _differs(current.get(row["response"]), row["before"])]
    if moved:
        raise ValidationError(
            _(
                "%(items)s changed after this preview was made: nothing was "
                "applied. Make the preview again to see what would change now."
            )
            % {"items": ", ".join(moved)},
            code="stale",
        )
    offices = {o.id: o for o in Office.objects.filter(regency_id=change.registration.regency_id)}
    for row in change.rows:
        try:
            row["applied"] = APPLY[change.kind](current[row["response"]], row, user, offices)
        except ValidationError as exc:
            raise ValidationError(
                _("%(code)s: %(reason)s Nothing was changed.")
                % {"code": row["code"], "reason": " ".join(exc.messages)}
            ) from exc
    change.state, change.applied_by, change.applied_at = BulkChange.State.APPLIED, user, timezone.now()
    change.last_change_id = _last_change(change)
    change.save(update_fields=["rows", "params", "state", "applied_by", "applied_at", "last_change_id"])
    _audit(change, "bulk.applied", user)
    return change


@transaction.atomic
def bulk_undo(*, change: BulkChange, user: User) -> BulkChange:
    """Put every item back as it was before the change, if nothing newer touched any of them."""
    change = (
        BulkChange.objects.select_for_update(of=("self",))
        .select_related("registration__regency", "registration__cycle")
        .get(pk=change.pk)
    )
    _check(change, user, BulkChange.State.APPLIED)
    current = _locked(change)
    blocking = undo_blockers(change, current)
    if blocking:
        raise ValidationError(
            _(
                "This change cannot be undone any more: %(items)s changed after it. Nothing was "
                "undone; change those items one by one."
            )
            % {"items": "; ".join(blocking)},
            code="newer",
        )
    offices = {o.id: o for o in Office.objects.filter(regency_id=change.registration.regency_id)}
    for row in reversed(change.rows):
        UNDO[change.kind](current[row["response"]], row, user, offices)
    change.state, change.undone_by, change.undone_at = BulkChange.State.UNDONE, user, timezone.now()
    change.save(update_fields=["state", "undone_by", "undone_at"])
    _audit(change, "bulk.undone", user)
    return change


def _audit(change: BulkChange, action: str, user: User) -> None:
    registration = change.registration
    audit_record(
        action=action,
        actor=user,
        obj=change,
        regency=registration.regency,
        cycle_code=registration.cycle.code,
        payload={"kind": change.kind, "items": [row["code"] for row in change.rows]},
    )


def undo_blockers(change: BulkChange, current: dict[int, Response] | None = None) -> list[str]:
    """The items touched after the change ("T1.3 (Budi, 05-12 10:04)"); empty when it may be
    undone. Read by the page too, to show the undo only when it would work."""
    if change.state != BulkChange.State.APPLIED:
        return []
    if current is None:
        current = {r.id: r for r in Response.objects.filter(id__in=[row["response"] for row in change.rows])}
    newer: dict[int, ResponseChange] = {}
    for later in (
        ResponseChange.objects.filter(response_id__in=list(current), id__gt=change.last_change_id or 0)
        .select_related("changed_by")
        .order_by("id")
    ):
        newer.setdefault(later.response_id, later)
    found = []
    for row in change.rows:
        response = current.get(row["response"])
        line = newer.get(row["response"])
        if line is not None:
            who = line.changed_by.get_full_name() if line.changed_by else "—"
            when = timezone.localtime(line.changed_at).strftime("%d-%m %H:%M")
            found.append(f"{row['code']} ({who}, {when})")
        elif _differs(response, row["applied"]):
            found.append(row["code"])
    return found


def _differs(response: Response | None, state: dict) -> bool:
    return response is None or any(
        getattr(response, attr) != state[key]
        for key, attr in (("revision", "revision"), ("status", "status"), ("office", "office_id"))
        if key in state
    )


def _last_change(change: BulkChange) -> int:
    ids = [row["response"] for row in change.rows]
    return ResponseChange.objects.filter(response_id__in=ids).aggregate(m=Max("id"))["m"] or 0


def _state(response: Response, **extra) -> dict:
    return {"revision": response.revision, "status": response.status, "office": response.office_id, **extra}


def _restore_validation(response: Response, row: dict, user: User) -> None:
    before = row["before"]
    if before["status"] == Response.Status.VALIDATED and response.status == Response.Status.DRAFT:
        at = datetime.fromisoformat(before["validated_at"]) if before["validated_at"] else None
        validation_restore(
            response=response, user=user, validated_by_id=before["validated_by"], validated_at=at, note=UNDONE
        )


# --- Per kind ------------------------------------------------------------------------------------


def _apply_validate(response: Response, row: dict, user: User, offices) -> dict:
    saved = response_set_status(
        response=response, user=user, base_revision=response.revision, status=Response.Status.VALIDATED
    )
    return _state(saved)


def _undo_validate(response: Response, row: dict, user: User, offices) -> None:
    response_set_status(
        response=response,
        user=user,
        base_revision=response.revision,
        status=Response.Status.DRAFT,
        note=UNDONE,
    )


def _apply_assign(response: Response, row: dict, user: User, offices) -> dict:
    office = offices.get(row["after"]["office"]) if row["after"]["office"] else None
    saved = response_assign(response=response, office=office, user=user)
    return _state(saved, withdrawn=saved.withdrawn)


def _undo_assign(response: Response, row: dict, user: User, offices) -> None:
    office_id = row["before"]["office"]
    saved = response_assign(
        response=response, office=offices.get(office_id) if office_id else None, user=user
    )
    _restore_validation(saved, row, user)


def _apply_prefill(response: Response, row: dict, user: User, offices) -> dict:
    data = {}
    if "option" in row["after"]:
        data["option"] = row["after"]["option"]
    if "explanation" in row["after"]:
        data["explanation"] = row["after"]["explanation"]
    if data:
        response = response_update(response=response, user=user, base_revision=response.revision, data=data)
    files = {
        f.id: f
        for f in EvidenceFile.objects.filter(
            id__in=[f[0] for f in row.get("files", [])], regency_id=response.registration.regency_id
        )
    }
    attached = []
    for file_id, year, kind, _name in row.get("files", []):
        if file_id not in files:
            continue  # removed from the registry since the preview: nothing to attach
        evidence = evidence_attach_file(
            response=response, file=files[file_id], data_year=year, kind=kind, user=user, skip_duplicate=True
        )
        if evidence is not None:
            attached.append(evidence.id)
    return _state(response, evidence=attached)


def _undo_prefill(response: Response, row: dict, user: User, offices) -> None:
    for evidence in Evidence.objects.filter(
        id__in=row["applied"].get("evidence", []), response=response
    ).select_related("response"):
        evidence.response = response
        evidence_remove(evidence=evidence, user=user)
    before, data = row["before"], {}
    if "option" in row["after"]:
        data["option"] = before["option"] or ""
    if "explanation" in row["after"]:
        data["explanation"] = before["explanation"]
    if data:
        response = response_update(response=response, user=user, base_revision=response.revision, data=data)
    _restore_validation(response, row, user)


# By the change's kind, a plain string as read from the row.
APPLY: dict[str, Callable[[Response, dict, User, Any], dict]] = {
    BulkChange.Kind.VALIDATE: _apply_validate,
    BulkChange.Kind.ASSIGN: _apply_assign,
    BulkChange.Kind.PREFILL: _apply_prefill,
}
UNDO: dict[str, Callable[[Response, dict, User, Any], None]] = {
    BulkChange.Kind.VALIDATE: _undo_validate,
    BulkChange.Kind.ASSIGN: _undo_assign,
    BulkChange.Kind.PREFILL: _undo_prefill,
}
