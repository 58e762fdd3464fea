"""Working out a bulk change before anything is written: one row per item, before and after.

A plan reads, never writes (but for the BulkChange row that keeps it): the preview shows its rows,
and confirming applies exactly them (wistara.bulk.services). The kelembagaan pre-fill's plan is
made by institutions (which knows what the records are worth) with row_for, skip_for and
plan_save. Notes and reasons are stored as English msgids and translated when shown, so that the
preview reads in its reader's language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wistara.accounts.access import scope_for
from wistara.accounts.models import Office, User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services.status import VALIDATED_STATES

from .models import BulkChange
from .rules import validated_offices

# Why an item is in the plan with a side effect, or left out of it (translated when shown).
NOTE_WITHDRAWN_MOVED = gettext_noop("its validation is withdrawn: it moves to another office")
NOTE_WITHDRAWN_EDITED = gettext_noop("its validation is withdrawn: the answer changes")
NOTE_LOWER = gettext_noop("the score goes down")
SKIP_HAS_OFFICE = gettext_noop("already with %(office)s: left as it is")
SKIP_NOT_HEAD = gettext_noop("not an item of an office you head")
SKIP_NO_OPTION = gettext_noop("no score option chosen yet")
SKIP_STATUS = gettext_noop("not waiting for validation (%(status)s)")
SKIP_LOCKED = gettext_noop("locked: %(reason)s")


def _before(response: Response) -> dict:
    return {
        "revision": response.revision,
        "status": response.status,
        "office": response.office_id,
        "office_name": response.office.short_name if response.office is not None else "",
        "option": response.option_id,
        "points": response.points,
        "explanation": response.explanation,
        "validated_by": response.validated_by_id,
        "validated_at": response.validated_at.isoformat() if response.validated_at else None,
    }


def row_for(response: Response, after: dict, notes: list[str] | None = None, **extra) -> dict:
    return {
        "response": response.id,
        "code": response.indicator.code,
        "name": response.indicator.name[:160],
        "before": _before(response),
        "after": after,
        "notes": notes or [],
        **extra,
    }


def skip_for(code: str, why: str, **params) -> dict:
    return {"code": code, "reason": why, "params": {k: str(v) for k, v in params.items()}}


def plan_save(
    registration: Registration, kind: str, user: User, rows: list[dict], skipped: list[dict], params: dict
) -> BulkChange:
    return BulkChange.objects.create(
        registration=registration, kind=kind, rows=rows, skipped=skipped, params=params, created_by=user
    )


# --- A head of office validates the items it selected ---------------------------------------------


def plan_validation(*, registration: Registration, user: User, response_ids: list[int]) -> BulkChange:
    if not response_ids:
        raise ValidationError(_("Select at least one item to validate."))
    offices = validated_offices(scope_for(user), registration.regency_id)
    rows, skipped = [], []
    for response in (
        registration.responses.filter(id__in=response_ids)
        .select_related("indicator", "office")
        .order_by("indicator__section__order", "indicator__order")
    ):
        code = response.indicator.code
        if response.office_id is None or (offices is not None and response.office_id not in offices):
            skipped.append(skip_for(code, SKIP_NOT_HEAD))
        elif response.status != Response.Status.DRAFT:
            skipped.append(skip_for(code, SKIP_STATUS, status=response.status))
        elif response.option_id is None:
            skipped.append(skip_for(code, SKIP_NO_OPTION))
        else:
            rows.append(row_for(response, {"status": Response.Status.VALIDATED}))
    if not rows:
        raise ValidationError(
            _("None of the selected items can be validated: %(why)s")
            % {"why": "; ".join(f"{s['code']}: {_(s['reason']) % s['params']}" for s in skipped[:5])}
        )
    return plan_save(registration, BulkChange.Kind.VALIDATE, user, rows, skipped, {})


# --- The coordinator gives a tatanan's items to one office ----------------------------------------


def plan_assignment(
    *,
    registration: Registration,
    user: User,
    section_code: str,
    office: Office | None,
    include_assigned: bool = False,
) -> BulkChange:
    if office is not None and (office.regency_id != registration.regency_id or not office.is_active):
        raise ValidationError(_("Choose an active office of this regency."))
    responses = list(
        registration.responses.filter(indicator__section__code=section_code)
        .select_related("indicator", "office")
        .order_by("indicator__order")
    )
    if not responses:
        raise ValidationError(_("No items in section %(code)s.") % {"code": section_code})
    target = office.id if office else None
    rows, skipped = [], []
    for response in responses:
        if response.office_id == target:
            continue
        if not include_assigned and response.office is not None:
            skipped.append(
                skip_for(response.indicator.code, SKIP_HAS_OFFICE, office=response.office.short_name)
            )
            continue
        after = {"office": target, "office_name": office.short_name if office else ""}
        notes = []
        if response.status in VALIDATED_STATES and response.office_id is not None:
            after["status"] = Response.Status.DRAFT
            notes.append(NOTE_WITHDRAWN_MOVED)
        rows.append(row_for(response, after, notes))
    if not rows:
        name = office.short_name if office else "—"
        raise ValidationError(
            _(
                "Nothing to change: every item of %(code)s already has an office (%(left)s with "
                "another office). Tick “also items that already have an office” to move those too."
            )
            % {"code": section_code, "left": len(skipped)}
            if skipped
            else _("Nothing to change: every item of %(code)s is already with %(office)s.")
            % {"code": section_code, "office": name}
        )
    return plan_save(
        registration,
        BulkChange.Kind.ASSIGN,
        user,
        rows,
        skipped,
        {
            "section": section_code,
            "office": target,
            "office_name": office.short_name if office else "",
            "include_assigned": include_assigned,
        },
    )


def plan_suggested(*, registration: Registration, user: User) -> BulkChange:
    """The unassigned items given to the office their data source names (office_suggest)."""
    from wistara.assessments.services import office_suggest

    offices = list(Office.objects.filter(regency=registration.regency, is_active=True))
    rows = []
    for response in (
        registration.responses.filter(office__isnull=True)
        .select_related("indicator")
        .order_by("indicator__section__order", "indicator__order")
    ):
        office = office_suggest(response.indicator, offices)
        if office is not None:
            rows.append(row_for(response, {"office": office.id, "office_name": office.short_name}))
    if not rows:
        raise ValidationError(_("No unassigned item names an office in its data source: nothing to suggest."))
    return plan_save(registration, BulkChange.Kind.ASSIGN, user, rows, [], {"suggested": True})
