"""The audit trail: append-only events linked into a SHA-256 hash chain, and the chain's head.

Events are written only by `services.audit_record`, never changed and never deleted: the model
and its queryset refuse it, and database triggers (migration 0002, `triggers.py`) refuse UPDATE
and DELETE of the table from any SQL client. The chain makes a change that bypasses all of that
visible: `python manage.py audit_check` recomputes every hash.

Canonical form (what an outside auditor recomputes)
----------------------------------------------------
For each event, build a JSON object with exactly these twelve keys (every column except `id`,
which is a storage detail, `hash` itself and `mac`, the keyed seal of `hash` (keys.py)):

    action          text, e.g. "review.recorded"
    actor_id        integer, or null for the system
    actor_username  text ("" for the system)
    cycle_code      text ("" when none)
    object_id       text ("" when none)
    object_type     text, "app_label.modelname" ("" when none)
    occurred_at     text, UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six fraction digits)
    payload         the JSON object stored in `payload`
    prev_hash       text, the `hash` of the event with sequence - 1; for sequence 1, 64 zeros
    province_id     integer or null
    regency_id      integer or null
    sequence        integer, 1, 2, 3, ... with no gaps

Serialise it as UTF-8 JSON with the keys of every object sorted, no whitespace at all, non-ASCII
characters written as themselves (not \\u escapes) and the usual JSON escapes for `"`, `\\` and
control characters. In Python:

    json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

`hash` is the lower-case hex SHA-256 of those bytes. Payloads hold only strings, integers within
±(2**53 - 1), booleans, null, lists and objects (the service refuses floats and turns decimals and
dates into strings), so this is also the RFC 8785 (JCS) canonical JSON of the object whenever
payload keys stay within the Basic Multilingual Plane.

A test vector (tests/test_services.py checks it): the first event of a chain serialises to these
bytes (shown wrapped here; the real ones have no line break, and "✓" is the three UTF-8 bytes
E2 9C 93)

    {"action":"registration.submitted","actor_id":7,"actor_username":"koord.a1",
    "cycle_code":"KKS-2025","object_id":"42","object_type":"assessments.registration",
    "occurred_at":"2025-03-01T02:15:00.000000Z",
    "payload":{"note":"Dokumen lengkap ✓","status":"submitted"},
    "prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",
    "province_id":11,"regency_id":1101,"sequence":1}

whose hash is e81b1f3399a6a6fa5ff477efff3c145f3c66c166125127e0ec091d744f17b547 (the same as
`printf '%s' '<the bytes>' | sha256sum`).
"""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any, NoReturn

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64

# The columns covered by the hash, in the order an auditor's export lists them.
CHAINED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "regency_id",
    "province_id",
    "cycle_code",
    "payload",
    "prev_hash",
)


class AppendOnlyError(Exception):
    """An attempt to change or delete audit events through the application."""


def canonical_bytes(values: Mapping[str, Any]) -> bytes:
    """The event's canonical serialisation (see the module docstring)."""
    doc = {name: values[name] for name in CHAINED_FIELDS}
    doc["occurred_at"] = values["occurred_at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def chain_hash(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Reads only: every write through a queryset is refused (events come from audit_record)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are never updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events are never deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are never updated.")

    def create(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are recorded only by audit_record.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are recorded only by audit_record.")

    update.alters_data = True  # type: ignore[attr-defined]
    delete.alters_data = True  # type: ignore[attr-defined]


action_code = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$",
    _("Enter a dotted lower-case code such as registration.submitted."),
)


class AuditEvent(models.Model):
    """One appended fact: who did what to which object, when, with the values that matter.

    The actor, regency and province are plain integers, not foreign keys, so that deleting a user
    or a region never touches (and so never rewrites) a row; `actor_username` keeps the name.
    """

    id = models.BigAutoField(primary_key=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    actor_id = models.BigIntegerField(_("actor ID"), null=True, blank=True)
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, validators=[action_code])
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    regency_id = models.BigIntegerField(_("regency ID"), null=True, blank=True)
    province_id = models.BigIntegerField(_("province ID"), null=True, blank=True)
    cycle_code = models.CharField(_("cycle code"), max_length=40, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # HMAC-SHA256 of `hash` under AUDIT_HMAC_KEY (kept outside the database; see keys.py). Not
    # part of the canonical form: the chain stays recomputable by anyone, the mac only by the
    # key's holder. Empty on events written before the chain was keyed.
    mac = models.CharField(_("MAC"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        # Django's internal writes (Model.save's UPDATE) go through this manager too.
        base_manager_name = "objects"
        constraints = [
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="audit_sequence_from_1"),
        ]
        indexes = [
            models.Index(fields=["regency_id", "-sequence"], name="audit_regency_idx"),
            models.Index(fields=["province_id", "-sequence"], name="audit_province_idx"),
            models.Index(fields=["object_type", "object_id", "-sequence"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, **kwargs: Any) -> None:
        # The one guard kept in save(): an existing event, or a save aimed at one, is refused.
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("Audit events are never updated.")
        kwargs["force_insert"] = True
        super().save(**kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are never deleted.")

    def compute_hash(self) -> str:
        return chain_hash({name: getattr(self, name) for name in CHAINED_FIELDS})


class AuditHead(models.Model):
    """The chain's newest sequence and hash, in one row.

    audit_record locks this row to serialise writers (SELECT ... FOR UPDATE on PostgreSQL; on
    SQLite the IMMEDIATE transaction already holds the write lock). It also lets audit_check
    notice events cut from the end of the chain, which the links alone cannot show. A trigger
    allows it only to advance by one, onto an event that exists.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single_row")]

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash}"
