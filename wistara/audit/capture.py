"""Every write reaches the trail: rows saved or deleted are captured here and appended at commit.

The one place every write already passes through is the database connection, so that is where
the trail is written:

- `post_save` / `post_delete` of every model of the audited apps (pages, API, admin, commands
  alike) call `capture`, which describes the row (its label and key, the regency it belongs to,
  the fields written, long texts as a SHA-256) and queues the event on the connection, tagged
  with the savepoints open at that moment (like Django's on_commit callbacks);
- the few writes that bypass those signals (`bulk_create`, `QuerySet.update`) call `capture`
  themselves (`capture_rows`);
- the connection (config/sqlite, config/postgresql: `AuditedCommitMixin`) appends the queued
  events to the chain just before COMMIT, inside the same transaction, and drops the ones a
  rollback undid. The chain head is so locked only for the last moment of a transaction, after
  every other lock it takes (no deadlock between two writers, no longer queue on PostgreSQL).

Inside a test's transaction (pytest-django's `db`), a COMMIT never comes: the events are appended
when the outermost block the code itself opened ends, which is where its COMMIT would be.

The actor is the request's user (`AuditActorMiddleware`, which also sees a token user the API
sets on the request), or the system for commands and workers.

The per-item history (`assessments.ResponseChange`) is sealed: its events carry a SHA-256 of the
whole row (`seal`), and `audit_check` compares the table with the seals, so that a line edited,
deleted or slipped in with SQL is found (see selectors.history_problems).
"""

import hashlib
import json
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.signals import post_delete, post_save

# Apps whose rows are the programme's data. Regions and instruments are reference data loaded by
# commands in bulk; sessions, tasks and throttles are machinery.
AUDITED_APPS = {
    "accounts",
    "assessments",
    "evidence",
    "dossier",
    "institutions",
    "verification",
    "workspace",
    "reports",
    "bulk",
    "awards",
    "interchange",
    "evidence_checks",
    "notifications",
}
# Rows of other apps that are the programme's decisions: an instrument version's award settings
# (issue 13), which a national admin sets on a page and which decide every regency's category.
AUDITED_MODELS = {"instruments.instrumentversion"}
# Derived or machinery rows inside those apps: recomputed from audited rows, or not data at all.
# The checks' results are the worker's (their settings are audited); notifications and their
# deliveries are messages, not data (a person's preferences and number are audited).
SKIPPED_MODELS = {
    "assessments.sectiontotal",
    "evidence_checks.filecheck",
    "evidence_checks.usecheck",
    "notifications.notification",
    "notifications.delivery",
}
# Never copied into the trail (a password hash, a token digest): only that they changed.
REDACTED_FIELDS = {"password", "digest", "code_digest"}
# Rows whose whole content is sealed in their event (audit_check compares them).
SEALED_MODELS = {"assessments.responsechange"}
# Texts longer than this are recorded as their SHA-256 (a narrative's HTML stays out of the trail).
LONG_TEXT = 200

_request: ContextVar[Any] = ContextVar("wistara_audit_request", default=None)
_PENDING = "_wistara_audit_pending"


class AuditActorMiddleware:
    """Remember the request, so that captured writes name the user who made them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def _actor() -> Any:
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audited(model: type[models.Model]) -> bool:
    meta = model._meta
    return (
        (meta.app_label in AUDITED_APPS or meta.label_lower in AUDITED_MODELS)
        and meta.label_lower not in SKIPPED_MODELS
        and not meta.proxy
        and not meta.auto_created
    )


# --- describing a row --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | str):
        pass
    elif isinstance(value, int):
        value = value if abs(value) <= 2**53 - 1 else str(value)
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    elif isinstance(value, dict | list):
        value = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    else:
        value = getattr(value, "name", None) if hasattr(value, "storage") else str(value)
    if isinstance(value, str) and len(value) > LONG_TEXT:
        value = "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    return value


def row_fields(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    wanted = set(fields) if fields else None
    values = {}
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        if field.name in REDACTED_FIELDS:
            values[field.attname] = "(changed)"
            continue
        values[field.attname] = _plain(field.value_from_object(obj))
    return values


def row_seal(obj: models.Model) -> str:
    """SHA-256 of every column of the row, exactly (what audit_check recomputes from the table)."""
    doc = {field.attname: _exact(field.value_from_object(obj)) for field in obj._meta.concrete_fields}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _exact(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value if value is None or isinstance(value, bool | int | str) else str(value)


# Where each model finds its regency: the shortest chain of foreign keys to regions.Regency.
_REGENCY_PATHS: dict[str, tuple[str, ...] | None] = {}


def _regency_path(model: type[models.Model]) -> tuple[str, ...] | None:
    label = model._meta.label_lower
    if label not in _REGENCY_PATHS:
        _REGENCY_PATHS[label] = _find_path(model, depth=3)
    return _REGENCY_PATHS[label]


def _find_path(model: type[models.Model], depth: int) -> tuple[str, ...] | None:
    frontier: list[tuple[type[models.Model], tuple[str, ...]]] = [(model, ())]
    for _ in range(depth):
        following = []
        for current, path in frontier:
            for field in current._meta.concrete_fields:
                if not field.is_relation or field.related_model is None:
                    continue
                if field.related_model._meta.label_lower == "regions.regency":
                    return (*path, field.name)
                following.append((field.related_model, (*path, field.name)))
        frontier = following
    return None


def _regency_id(obj: models.Model) -> int | None:
    """The row's regency id, read through the cached relations without loading the regency."""
    path = _regency_path(type(obj))
    if not path:
        return None
    target: Any = obj
    try:
        for name in path[:-1]:
            target = getattr(target, name)
        return getattr(target, f"{path[-1]}_id")
    except Exception:  # noqa: BLE001 - a dangling reference on delete: the event keeps no regency
        return None


# Regencies never change province: one lookup per regency per process.
_PROVINCE_OF: dict[int, int] = {}


def province_of(regency_id: int | None) -> int | None:
    if regency_id is None:
        return None
    if regency_id not in _PROVINCE_OF:
        from wistara.regions.models import Regency

        province = Regency.objects.filter(pk=regency_id).values_list("province_id", flat=True).first()
        if province is None:
            return None
        _PROVINCE_OF[regency_id] = province
    return _PROVINCE_OF[regency_id]


def describe(obj: models.Model, op: str, fields: list[str] | None = None) -> dict[str, Any]:
    """The event for one row written: what audit_record stores, minus the chain columns."""
    label = obj._meta.label_lower
    regency_id = _regency_id(obj)
    payload: dict[str, Any] = {"fields": row_fields(obj, None if op == "created" else fields)}
    if label in SEALED_MODELS and op == "created":
        payload["seal"] = row_seal(obj)
    cycle = getattr(obj, "cycle_code", "") if isinstance(getattr(obj, "cycle_code", ""), str) else ""
    return {
        "action": f"row.{op}",
        "actor": _actor(),
        "object_type": label,
        "object_id": str(obj.pk),
        "regency_id": regency_id,
        "province_id": province_of(regency_id),
        "cycle_code": cycle,
        "payload": payload,
    }


# --- queueing on the connection and appending at commit ------------------------------------------


def capture(obj: models.Model, op: str, fields: list[str] | None = None, using: str | None = None) -> None:
    _queue(describe(obj, op, fields), using or router.db_for_write(type(obj), instance=obj))


def capture_note(obj: models.Model, action: str, payload: dict[str, Any]) -> None:
    """A write that is not one row (an ODF import of thousands of villages): one event for it."""
    event = describe(obj, "noted", [])
    event["action"], event["payload"] = action, payload
    _queue(event, router.db_for_write(type(obj), instance=obj))


def _queue(event: dict[str, Any], using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        connection.__dict__.setdefault(_PENDING, []).append((set(connection.savepoint_ids), event))
    else:
        # An autocommit write (no transaction around it) is already committed: its event follows
        # at once in a transaction of its own.
        with transaction.atomic(using=using):
            connection.__dict__.setdefault(_PENDING, []).append((set(), event))


def capture_rows(rows, op: str, fields: list[str] | None = None) -> None:
    """For bulk_create and QuerySet.update, which send no signals: one event per row."""
    for row in rows:
        capture(row, op, fields)


def flush(connection) -> None:
    """Append the queued events (called by the connection right before COMMIT)."""
    pending = connection.__dict__.pop(_PENDING, None)
    if pending:
        from .services import append_events

        append_events([event for _sids, event in pending])


def flush_if_outermost(connection) -> None:
    """After a savepoint is released: when only a test's own blocks remain, this was the COMMIT."""
    if connection.atomic_blocks and all(block._from_testcase for block in connection.atomic_blocks):
        flush(connection)


def discard(connection, sid: str | None = None) -> None:
    """Forget the events a rollback undid: all of them, or those queued after savepoint `sid`."""
    if sid is None:
        connection.__dict__.pop(_PENDING, None)
        return
    pending = connection.__dict__.get(_PENDING)
    if pending:
        connection.__dict__[_PENDING] = [(sids, event) for sids, event in pending if sid not in sids]


def _on_save(sender, instance, created, raw=False, using=None, update_fields=None, **kwargs) -> None:
    if raw:
        return
    capture(
        instance, "created" if created else "updated", list(update_fields) if update_fields else None, using
    )


def _on_delete(sender, instance, using=None, origin=None, **kwargs) -> None:
    capture(instance, "deleted", None, using)


def connect() -> None:
    # Per model, not for every sender: a receiver on a model stops Django's fast delete of its
    # rows, which sessions and derived totals keep.
    from django.apps import apps

    for model in apps.get_models():
        if audited(model):
            uid = model._meta.label_lower
            post_save.connect(_on_save, sender=model, dispatch_uid=f"wistara_audit_save_{uid}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"wistara_audit_delete_{uid}")
