"""Saving an indicator's answer, safely: lock rules, no lost updates, every change recorded."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.access import scope_for
from wistara.accounts.models import User
from wistara.instruments.models import ScaleOption

from ..models import Response, ResponseChange
from .errors import ConflictError
from .locking import response_lock_reason

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
    return value


def _option(response: Response, option_id) -> ScaleOption | None:
    if option_id in (None, ""):
        return None
    option = ScaleOption.objects.filter(id=option_id, indicator_id=response.indicator_id).first()
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
            cleaned[field] = str(data[field] or "").strip()[:limit]
    if "option" in data:
        cleaned["option"] = _option(response, data["option"])
    return cleaned


def _changes_since(response: Response, revision: int) -> list[ResponseChange]:
    return list(response.changes.filter(revision__gt=revision).select_related("changed_by")
                .order_by("revision", "id"))


def _lock_for_write(response: Response, base_revision: int) -> Response:
    # Only what the lock rules need is joined: the write lock is held from here to the commit.
    current = (Response.objects.select_for_update(of=("self",))
               .select_related("registration__cycle").get(pk=response.pk))
    reason = response_lock_reason(current)
    if reason:
        raise ValidationError(reason, code="locked")
    if current.revision != base_revision:
        changes = _changes_since(current, base_revision)
        who = ", ".join(sorted({str(c.changed_by or "?") for c in changes})) or "?"
        raise ConflictError(
            _("%(who)s saved this indicator after you opened it. Your changes were not saved: "
              "review theirs below, then enter yours again.") % {"who": who},
            changes=changes, current_revision=current.revision,
        )
    return current


@transaction.atomic
def response_update(*, response: Response, user: User, base_revision: int, data: dict) -> Response:
    """Save the fields in `data`; refused when locked or when someone saved after base_revision."""
    current = _lock_for_write(response, base_revision)
    cleaned = _clean(current, data)
    changed = {f: v for f, v in cleaned.items() if getattr(current, f) != v}
    if not changed:
        return _carry_relations(response, current)
    revision = current.revision + 1
    ResponseChange.objects.bulk_create(
        ResponseChange(response=current, revision=revision, field=field, changed_by=user,
                       old=_display(current, field), new=_display(_with(current, field, value), field))
        for field, value in changed.items()
    )
    for field, value in changed.items():
        setattr(current, field, value)
    current.points = current.option.points if current.option else None
    if current.status in (Response.Status.VALIDATED, Response.Status.SUBMITTED):
        # A changed answer needs the head of office's validation again.
        current.status, current.validated_by, current.validated_at = Response.Status.DRAFT, None, None
    current.revision, current.updated_by, current.updated_at = revision, user, timezone.now()
    current.save(update_fields=[*changed, "points", "status", "validated_by", "validated_at",
                                "revision", "updated_by", "updated_at"])
    return _carry_relations(response, current)


def _carry_relations(loaded: Response, current: Response) -> Response:
    """Hand back the caller's already-loaded indicator, office and registration with the fresh row,
    so that answering the save costs no further queries."""
    for name in ("indicator", "office", "registration"):
        if name in loaded._state.fields_cache and getattr(current, f"{name}_id") == getattr(
                loaded, f"{name}_id"):
            setattr(current, name, getattr(loaded, name))
    return current


def _with(response: Response, field: str, value) -> Response:
    clone = Response(indicator_id=response.indicator_id)
    setattr(clone, field, value)
    return clone


ALLOWED = {
    Response.Status.DRAFT: {Response.Status.VALIDATED},
    Response.Status.VALIDATED: {Response.Status.DRAFT, Response.Status.SUBMITTED},
    Response.Status.SUBMITTED: {Response.Status.DRAFT},
    Response.Status.RETURNED: {Response.Status.SUBMITTED},
}


@transaction.atomic
def response_set_status(*, response: Response, user: User, base_revision: int, status: str) -> Response:
    """Draft → validated by the head of office → submitted (and back to draft to fix)."""
    current = _lock_for_write(response, base_revision)
    if status not in ALLOWED.get(current.status, set()):
        raise ValidationError(_("An item that is “%(from)s” cannot become “%(to)s”.") % {
            "from": current.get_status_display(), "to": Response.Status(status).label})
    if status == Response.Status.VALIDATED and not scope_for(user).validates_office_work(current.office):
        raise ValidationError(_("Only the head of the office (or the coordinator standing in) can "
                                "validate this item."), code="not_head")
    if status in (Response.Status.VALIDATED, Response.Status.SUBMITTED) and current.option_id is None:
        raise ValidationError(_("Choose a score option before validating this item."))
    revision = current.revision + 1
    ResponseChange.objects.create(response=current, revision=revision, field="status",
                                  old=current.get_status_display(),
                                  new=str(Response.Status(status).label), changed_by=user)
    if status == Response.Status.VALIDATED:
        current.validated_by, current.validated_at = user, timezone.now()
    current.status, current.revision = status, revision
    current.updated_by, current.updated_at = user, timezone.now()
    current.save(update_fields=["status", "revision", "validated_by", "validated_at", "updated_by",
                                "updated_at"])
    return current
