"""The one way to write to the audit trail: audit_record, inside the caller's transaction.

Call it from the service that makes the audited change, inside that service's
`transaction.atomic()`, as its last database step:

    with transaction.atomic():
        registration.status = Registration.Status.SUBMITTED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(action="registration.submitted", actor=user, obj=registration,
                     regency=registration.regency, cycle_code=registration.cycle.code,
                     payload={"old_status": old, "new_status": registration.status})

The change and its event then commit, or roll back, together. audit_record holds the chain
head's lock until that transaction ends, so every audited transaction waits for the one before
it from this call to its commit: calling it last keeps that wait short and means the head is
always the last lock a transaction takes (no deadlock between two audited services).
"""

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from wistara.accounts.models import User
from wistara.regions.models import Province, Regency

from .keys import event_mac
from .models import GENESIS_HASH, AuditEvent, AuditHead

SAFE_INTEGER = 2**53 - 1


def audit_record(
    *,
    action: str,
    actor: User | None,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    regency: Regency | None = None,
    province: Province | None = None,
    cycle_code: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    `obj` names the object by its model label and primary key ("assessments.registration",
    "42"); pass `object_type` and `object_id` instead for something that is not a model row.
    `province` defaults to the regency's. `payload` holds the values that matter (points,
    verdict, note, old and new status): strings, integers, booleans, None, lists and dicts;
    decimals, dates and UUIDs become strings; floats are refused (their JSON form is not the
    same on every database, which would break the hash).
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "audit_record must run inside the transaction of the change it records."
        )
    event = AuditEvent(
        action=action,
        actor_id=_actor_id(actor),
        actor_username=_actor_username(actor),
        regency_id=regency.pk if regency else None,
        province_id=_province_id(regency, province),
        cycle_code=cycle_code,
        payload=_normalised(payload or {}),
    )
    event.object_type, event.object_id = _object_ref(obj, object_type, object_id)
    event.full_clean(
        exclude=["sequence", "occurred_at", "prev_hash", "hash"],
        validate_unique=False,
        validate_constraints=False,
    )
    return _append(event)


def _append(event: AuditEvent, head: AuditHead | None = None) -> AuditEvent:
    head = head or _locked_head()
    event.sequence = head.last_sequence + 1
    event.prev_hash = head.last_hash
    # Taken after the lock, so that time never runs backwards along the chain.
    event.occurred_at = timezone.now()
    event.hash = event.compute_hash()
    # Keyed with a secret the database never holds: SQL alone cannot forge or rewrite events.
    event.mac = event_mac(event.hash)
    event.save()
    AuditHead.objects.filter(pk=head.pk).update(last_sequence=event.sequence, last_hash=event.hash)
    head.last_sequence, head.last_hash = event.sequence, event.hash
    return event


def append_events(described: list[dict[str, Any]]) -> None:
    """Append the events capture.py queued (run by the connection right before COMMIT).

    No atomic() here: it runs inside the committing transaction, where Django no longer counts
    an atomic block; the head is locked once for all of them.
    """
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, last_sequence=0, last_hash=GENESIS_HASH)
    for values in described:
        actor = values["actor"]
        event = AuditEvent(
            action=values["action"],
            actor_id=_actor_id(actor),
            actor_username=_actor_username(actor),
            object_type=values["object_type"],
            object_id=values["object_id"][:64],
            regency_id=values.get("regency_id"),
            province_id=values.get("province_id"),
            cycle_code=values["cycle_code"][:40],
            payload=_normalised(values["payload"]),
        )
        _append(event, head)


def _locked_head() -> AuditHead:
    # get_or_create: a flushed or new database has no head row yet; a second creator racing the
    # first fails on the primary key inside get_or_create's savepoint and then reads (and locks)
    # the winner's row.
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
    )
    return head


def _actor_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None and actor.pk is not None else None


def _actor_username(actor: User | None) -> str:
    return actor.get_username() if actor is not None and actor.pk is not None else ""


def _province_id(regency: Regency | None, province: Province | None) -> int | None:
    if regency is not None and province is not None and regency.province_id != province.pk:
        raise ValueError("The regency does not lie in the given province.")
    if province is not None:
        return province.pk
    return regency.province_id if regency is not None else None


def _object_ref(
    obj: models.Model | None, object_type: str | None, object_id: str | int | None
) -> tuple[str, str]:
    if obj is None:
        return object_type or "", "" if object_id is None else str(object_id)
    if object_type is not None or object_id is not None:
        raise ValueError("Pass either obj or object_type/object_id, not both.")
    if obj.pk is None:
        raise ValueError("An unsaved object cannot be audited.")
    return obj._meta.label_lower, str(obj.pk)


def _normalised(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload exactly as it will read back from the database (see the module docstring)."""
    _refuse_unstable(payload)
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _refuse_unstable(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError(f"Audit payloads take no floats ({value!r}): pass a Decimal or a string.")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > SAFE_INTEGER:
        raise TypeError(f"Audit payload integer {value} is too large: pass it as a string.")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"Audit payload keys must be strings, not {key!r}.")
            _refuse_unstable(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_unstable(item)
    elif isinstance(value, Decimal) and not value.is_finite():
        raise TypeError(f"Audit payload decimal {value} is not a number.")
