"""Saving an indicator's answer, safely: lock rules, no lost updates, every change recorded."""

import copy
import dataclasses
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.audit.capture import capture_rows
from wistara.common.text import clean_text
from wistara.instruments.models import ScaleOption

from ..models import Cycle, Registration, Response, ResponseChange
from . import calendar
from .locking import response_lock_reason
from .revisions import check_revision, lock, refuse_locked, revise
from .status import WITHDRAWN_EDITED, status_change, validation_withdraw
from .totals import contribution, totals_add

TEXT_FIELDS = ("unit", "note_prev", "note_curr", "explanation")
VALUE_FIELDS = ("value_prev", "value_curr")
EDITABLE = (*VALUE_FIELDS, *TEXT_FIELDS, "option")


def _display(response: Response, field: str) -> str:
    value = getattr(response, field)
    if value is None:
        return ""
    if field == "option":
        return f"{value.points} · {value.description}"
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _decimal(field: str, raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number, e.g. 87,5.")}) from None
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        raise ValidationError({field: _("Enter a number, e.g. 87,5.")})
    return value.quantize(Decimal("0.0001"))  # the column's four places, as the database kept it


def _option(response: Response, option_id) -> ScaleOption | None:
    """The chosen option, which must be the indicator's. The item's current option is read in the
    same query (its history row shows it)."""
    ids = [] if option_id in (None, "") else [option_id]
    if response.option_id is not None and not Response.option.is_cached(response):
        ids.append(response.option_id)
    found = (
        {
            o.pk: o
            for o in ScaleOption.objects.filter(pk__in=ids, indicator_id=response.indicator_id).order_by()
        }
        if ids
        else {}
    )
    if response.option_id in found:
        response.option = found[response.option_id]
    if option_id in (None, ""):
        return None
    option = found.get(int(option_id))
    if option is None:
        raise ValidationError({"option": _("Choose one of this indicator's options.")})
    return option


def _clean(response: Response, data: dict) -> dict:
    cleaned: dict = {}
    for field in VALUE_FIELDS:
        if field in data:
            cleaned[field] = _decimal(field, data[field])
    for field in TEXT_FIELDS:
        if field in data:
            limit = 40 if field == "unit" else 5000
            cleaned[field] = clean_text(data[field], field, limit=limit)
    if "option" in data:
        cleaned["option"] = _option(response, data["option"])
    return cleaned


def _changes_since(response: Response, revision: int) -> list[ResponseChange]:
    return list(
        response.changes.filter(revision__gt=revision).select_related("changed_by").order_by("revision", "id")
    )


def _lock_for_write(response: Response, base_revision: int) -> Response:
    """The row as it is now, locked until the commit, with what the lock rules read."""
    current = lock(Response.objects.select_related("registration__cycle"), pk=response.pk)
    _check_open(current, base_revision)
    return current


def _check_open(current: Response, base_revision: int) -> None:
    refuse_locked(response_lock_reason(current))
    message = _(
        "%(who)s saved this indicator at %(when)s, after you opened it. Your changes were not "
        "saved: review theirs below, then enter yours again."
    )
    check_revision(current, base_revision, message, changes=lambda: _changes_since(current, base_revision))


# Under the write lock a save reads again only what may have changed since the caller read the
# row without moving its revision (status, office, evidence counters, the verifiers' points) and
# what the lock rules read. The answer's own fields move the revision whenever they change.
_UNBUMPED = ("status", "office_id", "evidence_prev", "evidence_curr", "provincial_points", "national_points")
_LOCK_RULES = (
    "registration__status",
    "registration__correction_deadline",
    "registration__cycle__self_assessment_deadline",
)


def _relock(current: Response, base_revision: int) -> None:
    """Lock the row and bring `current` (the caller's row, as read before the lock) up to date."""
    revision, *unbumped, status, correction_deadline, deadline, calendar_end = (
        Response.objects.select_for_update(of=("self",))
        .filter(pk=current.pk)
        .order_by()
        .annotate(calendar_end=calendar.self_assessment_end_subquery("registration__cycle_id"))
        .values_list("revision", *_UNBUMPED, *_LOCK_RULES, "calendar_end")
        .get()
    )
    current.revision = revision
    for name, value in zip(_UNBUMPED, unbumped, strict=True):
        setattr(current, name, value)
    registration = current.registration
    registration.status, registration.correction_deadline = status, correction_deadline
    if Registration.cycle.is_cached(registration):
        registration.cycle.self_assessment_deadline = deadline
    else:  # what the lock rules read; any other field of the cycle loads when first read
        registration.cycle = Cycle.from_db(
            Cycle.objects.db, ["id", "self_assessment_deadline"], [registration.cycle_id, deadline]
        )
    # The stage calendar's end, read in the same statement (issue 12): no extra query per save.
    calendar.remember_self_assessment_end(registration.cycle, calendar_end)
    _check_open(current, base_revision)


@dataclasses.dataclass
class _Edit:
    """A save worked out before the write lock: the cleaned, changed fields and their history."""

    current: Response
    changed: dict = dataclasses.field(default_factory=dict)
    history: list[ResponseChange] = dataclasses.field(default_factory=list)
    error: ValidationError | None = None


def _prepare(current: Response, user: User | None, data: dict) -> _Edit:
    """Clean `data` against `current` and describe the changes (a bad value is raised only after
    the lock rules and the revision check, as it always was)."""
    try:
        cleaned = _clean(current, data)
    except ValidationError as exc:
        return _Edit(current, error=exc)
    changed = {f: v for f, v in cleaned.items() if _differs(current, f, v)}
    history = [
        ResponseChange(
            response=current,
            revision=current.revision + 1,
            field=name,
            changed_by=user,
            old=_display(current, name),
            new=_display(_with(current, name, value), name),
        )
        for name, value in changed.items()
    ]
    return _Edit(current, changed, history)


def _working_copy(response: Response) -> Response:
    """The caller's row with its own registration and cycle, which the save brings up to date
    (the caller's objects stay as they were)."""
    current = copy.copy(response)
    current.registration = registration = copy.copy(response.registration)
    if Registration.cycle.is_cached(response.registration):
        registration.cycle = copy.copy(response.registration.cycle)
    return current


def response_update(*, response: Response, user: User | None, base_revision: int, data: dict) -> Response:
    """Save the fields in `data`; refused when locked or when someone saved after base_revision.

    Returns the saved row (a new object) with the caller's indicator, office and registration.
    When `response` is at base_revision (the usual case: the caller read it just now), the save
    is worked out before the write lock and only checked and written under it: SQLite has one
    write lock for the whole database, and a save used to spend half its time holding it
    (bench/saves.py).
    """
    if response.revision == base_revision:
        edit = _prepare(_working_copy(response), user, data)
        with transaction.atomic():
            _relock(edit.current, base_revision)
            return _write(edit, user)
    with transaction.atomic():
        current = _lock_for_write(response, base_revision)  # refuses: the revision differs
        return _carry_relations(response, _write(_prepare(current, user, data), user))


def _write(edit: _Edit, user: User | None) -> Response:
    current = edit.current
    if edit.error is not None:
        raise edit.error
    if not edit.changed:
        return current
    before = contribution(current) if "option" in edit.changed else None
    also = []
    if before is not None:
        # The option was read by _clean: no query for its points. Of the totals only the
        # option moves anything (the evidence counters and the verifiers' points are not ours).
        option = edit.changed["option"]
        current.points = option.points if option else None
        also.append("points")
    # A changed answer needs the head of office's validation again, and the history says so.
    withdrawn, line = validation_withdraw(
        current, user=user, revision=current.revision + 1, note=WITHDRAWN_EDITED
    )
    lines = ResponseChange.objects.bulk_create([*edit.history, *([line] if line else [])])
    capture_rows(lines, "created")  # bulk_create sends no signal: the history is sealed here
    revise(current, edit.changed, user=user, also=[*also, *withdrawn])
    if before is not None:
        totals_add(response=current, before=before, after=contribution(current))
    return current


def _differs(response: Response, field: str, value) -> bool:
    if field == "option":  # by id: the current option is not loaded
        return response.option_id != (value.id if value else None)
    return getattr(response, field) != value


def _carry_relations(loaded: Response, current: Response) -> Response:
    """Hand back the caller's already-loaded (and perhaps wider: a page's) indicator, office and
    registration with the fresh row, so that answering the save costs no further queries."""
    for name in ("indicator", "office", "registration"):
        if name in loaded._state.fields_cache and getattr(current, f"{name}_id") == getattr(
            loaded, f"{name}_id"
        ):
            setattr(current, name, getattr(loaded, name))
    return current


def _with(response: Response, field: str, value) -> Response:
    clone = Response(indicator_id=response.indicator_id)
    setattr(clone, field, value)
    return clone


ALLOWED: dict[str, set[str]] = {  # by str: the status read from the row is a plain string
    Response.Status.DRAFT: {Response.Status.VALIDATED},
    Response.Status.VALIDATED: {Response.Status.DRAFT, Response.Status.SUBMITTED},
    Response.Status.SUBMITTED: {Response.Status.DRAFT},
    Response.Status.RETURNED: {Response.Status.SUBMITTED},
}


@transaction.atomic
def response_set_status(
    *, response: Response, user: User, base_revision: int, status: str, note: str = ""
) -> Response:
    """Draft → validated by the head of office → submitted (and back to draft to fix).

    `note` says why in the history (an untranslated msgid: "undone: ..." from wistara.bulk)."""
    current = _lock_for_write(response, base_revision)
    if status not in ALLOWED.get(current.status, set()):
        to = Response.Status(status).label if status in Response.Status.values else status
        raise ValidationError(
            _("An item that is “%(from)s” cannot become “%(to)s”.")
            % {"from": current.get_status_display(), "to": to}
        )
    if status == Response.Status.VALIDATED and not scope_for(user).validates_office_work(current.office):
        raise ValidationError(
            _("Only the head of the office (or the coordinator standing in) can validate this item."),
            code="not_head",
        )
    if status in (Response.Status.VALIDATED, Response.Status.SUBMITTED) and current.option_id is None:
        raise ValidationError(_("Choose a score option before validating this item."))
    status_change(current, revision=current.revision + 1, status=status, user=user, note=note).save()
    values: dict = {"status": status}
    if status == Response.Status.VALIDATED:
        values |= {"validated_by": user, "validated_at": timezone.now()}
    revise(current, values, user=user)
    return current
