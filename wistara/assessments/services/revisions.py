"""One update path for every revisioned record (issue 15): responses, registrations, the dossier's
general data, narratives, funding and provincial documents, the institutions' bodies, meetings
and action items.

A save carries the revision the caller read. `lock` takes the row under its write lock and
refuses a record the calendar has closed, then a stale revision (naming who saved since, and
when); the caller cleans its input against the locked row; `revise` applies the values,
validates the changed fields with the model's own rules, bumps the revision and saves only what
changed. What the save means (the history, the audit event) stays with the caller, which gets
the changes back as {field: (old, new)}. An answer's save (services.responses) prepares its
change before the lock for speed and uses `check_revision` and `revise` under it.

It lives in assessments, the lowest app with revisioned records, because it raises their
ConflictError; it knows none of the models above it.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.selectors import audit_events_for

from .errors import ConflictError

Row = TypeVar("Row", bound=models.Model)


def refuse_locked(reason: str | None) -> None:
    """The calendar closes the record: not a conflict, reloading cannot help."""
    if reason:
        raise ValidationError(reason, code="locked")


def lock(
    rows: QuerySet[Row] | models.Manager[Row],
    *,
    base_revision: int | None = None,
    lock_reason: Callable[[Row], str | None] | None = None,
    conflict: str = "",
    **lookup: Any,
) -> Row:
    """The row `lookup` finds in `rows`, as it is now and locked until the commit; refused when
    `lock_reason` gives a reason, then when someone saved after `base_revision` (None: no check,
    for changes that carry no revision, such as an upload)."""
    current = rows.select_for_update(of=("self",)).get(**lookup)
    refuse_locked(lock_reason(current) if lock_reason else None)
    check_revision(current, base_revision, conflict)
    return current


def check_revision(
    current: models.Model,
    base_revision: int | None,
    message: str = "",
    *,
    changes: Callable[[], list] | None = None,
) -> None:
    """Refuse a save based on an old copy; `changes` reads what was saved since (for the caller
    to compare), only when it was."""
    if base_revision is not None and _revision(base_revision) != current.revision:  # type: ignore[attr-defined]
        raise stale(current, message, changes=changes() if changes else None)


def _revision(raw: Any) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None  # never equal to a saved revision: refused as stale, not as a crash


def stale(
    current: models.Model, message: str = "", *, changes: list | None = None, who: str = "", when: Any = None
) -> ConflictError:
    """The refusal of a save based on an old copy of `current`. `message` may name %(who)s and
    %(when)s; by default they are the record's last editor and time (its updated_by/updated_at,
    or the audit trail's last event on it)."""
    last = changes[-1] if changes else None  # the history's newest line or version says who
    changed_by = getattr(last, "changed_by", None) or getattr(last, "saved_by", None)
    changed_at = getattr(last, "changed_at", None) or getattr(last, "saved_at", None)
    if changed_by is None:
        changed_by, changed_at = last_change(current)
    when = when or changed_at
    who = who or _names(changes) or (str(changed_by) if changed_by else _("Someone else"))
    shown = timezone.localtime(when).strftime("%d-%m-%Y %H:%M") if when else "?"
    template = message or _(
        "%(who)s saved this at %(when)s, after you opened it. Your changes were "
        "not saved: reload to see theirs, then enter yours again."
    )
    return ConflictError(
        template % {"who": who, "when": shown},
        changes=changes,
        current_revision=current.revision,  # type: ignore[attr-defined]
        changed_by=changed_by,
        changed_at=changed_at,
    )


def _names(changes: list | None) -> str:
    """Everyone who saved since (history lines name them as changed_by, versions as saved_by)."""
    people = {getattr(c, "changed_by", None) or getattr(c, "saved_by", None) for c in changes or []}
    return ", ".join(sorted(str(p) for p in people if p is not None))


def last_change(current: models.Model) -> tuple[User | None, Any]:
    """Who saved `current` last and when: its own columns where it keeps them, else the trail."""
    by = getattr(current, "updated_by", None) if _has(current, "updated_by") else None
    at = getattr(current, "updated_at", None)
    if by is not None:
        return by, at
    # A person's last event: the row's own capture may come from a worker (no actor) or follow
    # the service's named event in the same save.
    event = (
        audit_events_for(object_type=current._meta.label_lower, object_id=current.pk)
        .filter(actor_id__isnull=False)
        .only("actor_id", "actor_username", "occurred_at")
        .first()
    )
    if event is None:
        return None, at
    actor = User.objects.filter(pk=event.actor_id).first() if event.actor_id else None
    return actor, event.occurred_at


def _has(row: models.Model, name: str) -> bool:
    return any(f.name == name for f in row._meta.concrete_fields)


def differences(current: models.Model, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """{field: (old, new)} for the values that differ from the row's (a related row by its key,
    so that comparing loads nothing)."""
    changed = {}
    for name, value in values.items():
        field = current._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            old_id = getattr(current, field.attname)
            new_id = value.pk if isinstance(value, models.Model) else value
            if old_id != new_id:
                changed[name] = (getattr(current, name), value)
        elif getattr(current, name) != value:
            changed[name] = (getattr(current, name), value)
    return changed


def validate(current: models.Model, names: list[str]) -> None:
    """The model's own rules for the fields being written (max_length, choices, blank...).
    A related row handed in as an object was read from the database: no query to re-check it."""
    checked = {n for n in names if not isinstance(getattr(current, n, None), models.Model)}
    exclude = [f.name for f in current._meta.concrete_fields if f.name not in checked]
    current.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def revise(
    current: Row,
    values: Mapping[str, Any],
    *,
    user: User | None = None,
    always: bool = False,
    also: tuple[str, ...] | list[str] = (),
    stamp: bool = True,
) -> dict[str, tuple[Any, Any]]:
    """Write `values` into the locked `current`: validated, the revision bumped, only the changed
    fields (and `also`, fields the caller set itself) saved. Nothing is written when nothing
    changed, unless `always` (a change the caller made elsewhere, e.g. a meeting's invitations).
    `stamp=False` leaves updated_by/updated_at, which name the last edit of the record's content
    (a verifier returning an item does not edit its answer)."""
    changed = differences(current, values)
    if not changed and not always:
        return changed
    for name, (_old, new) in changed.items():
        setattr(current, name, new)
    validate(current, [*changed, *also])
    fields = [*changed, *also, "revision"]
    current.revision += 1  # type: ignore[attr-defined]
    if stamp and user is not None and _has(current, "updated_by"):
        current.updated_by = user  # type: ignore[attr-defined]
        fields.append("updated_by")
    if stamp and _has(current, "updated_at"):
        current.updated_at = timezone.now()  # type: ignore[attr-defined]
        fields.append("updated_at")
    current.save(update_fields=list(dict.fromkeys(fields)))
    return changed
