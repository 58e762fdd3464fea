"""Reads of the audit trail: events for a tenant or an object, and the chain's verification.

These apply no user access: a view first turns its URL's code into a regency or province with
the access functions (wistara.accounts.access) and then asks for that tenant's events.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Max, QuerySet

from wistara.regions.models import Province, Regency

from .capture import SEALED_MODELS, row_seal
from .keys import mac_ok
from .models import CHAINED_FIELDS, GENESIS_HASH, AuditEvent, AuditHead, chain_hash


def audit_events_for(
    *,
    regency: Regency | None = None,
    province: Province | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by each filter given.

    A province's events include those of its regencies (audit_record stores both ids).
    `object_type` is the model label in lower case, e.g. "assessments.registration".
    """
    events = AuditEvent.objects.order_by("-sequence")
    if regency is not None:
        events = events.filter(regency_id=regency.pk)
    if province is not None:
        events = events.filter(province_id=province.pk)
    if object_type is not None:
        events = events.filter(object_type=object_type)
    if object_id is not None:
        events = events.filter(object_id=str(object_id))
    return events


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: str  # "gap", "link", "hash", "mac", "head", "checkpoint" or "history"
    detail: str


@dataclass
class ChainReport:
    events: int = 0
    last_sequence: int = 0
    head: str = GENESIS_HASH
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "last_sequence": self.last_sequence,
            "head": self.head,
            "problems": [vars(problem) for problem in self.problems],
        }


def audit_chain_check(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the chain in sequence order and report every break.

    Streams the rows (constant memory whatever the length of the chain). Takes no lock, so
    writers carry on meanwhile: the walk covers the events up to the head as read when it
    starts, and later ones are left to the next run.
    """
    head = AuditHead.objects.filter(pk=1).first()
    events = AuditEvent.objects.order_by("sequence")
    if head is not None:
        events = events.filter(sequence__lte=head.last_sequence)
    report = ChainReport()
    rows = events.values(*CHAINED_FIELDS, "hash", "mac").iterator(chunk_size=chunk_size)
    hashes: dict[int, str] = {}
    report.problems.extend(_walk(rows, report, _checkpoint_sequences(), hashes))
    report.problems.extend(_head_problems(head, report))
    report.problems.extend(checkpoint_problems(report, hashes))
    report.problems.extend(history_problems())
    return report


def _checkpoint_sequences() -> set[int]:
    from .checkpoints import checkpoints_read

    return {point["sequence"] for point in checkpoints_read()}


def checkpoint_problems(report: ChainReport, hashes: dict[int, str]) -> list[ChainProblem]:
    """Compare the chain with the signed checkpoints kept outside the database (checkpoints.py).

    A checkpoint says "event N had hash H": a chain that ends before N was cut (truncated), one
    whose event N has another hash was rewritten at or before N. A checkpoint whose signature
    fails was forged or damaged itself.
    """
    from .checkpoints import checkpoints_read

    problems = []
    for point in checkpoints_read(include_bad=True):
        sequence = point.get("sequence", 0)
        if not point.get("valid"):
            problems.append(
                ChainProblem(sequence, "checkpoint", f"checkpoint {point.get('name')} has a bad signature")
            )
        elif sequence > report.last_sequence:
            problems.append(
                ChainProblem(
                    sequence,
                    "checkpoint",
                    (
                        f"the trail was truncated: checkpoint {point['name']} saw event {sequence}, "
                        f"the chain ends at event {report.last_sequence}"
                    ),
                )
            )
        elif hashes.get(sequence) != point["hash"]:
            problems.append(
                ChainProblem(
                    sequence,
                    "checkpoint",
                    (
                        f"the trail was rewritten at or before event {sequence}: checkpoint "
                        f"{point['name']} saw hash {point['hash']}, the chain has {hashes.get(sequence)}"
                    ),
                )
            )
    return problems


def history_problems() -> list[ChainProblem]:
    """Sealed tables (capture.SEALED_MODELS: the items' history lines) compared with the seals
    their events carry.

    A line changed after its event, a line whose event is gone from the table, and a line that
    has no event (slipped in with SQL) are all reported, with the event that sealed it. The
    models are named by label and looked up in the app registry: the trail sits below the apps
    whose rows it seals (ARCHITECTURE.md) and imports none of them.
    """
    problems: list[ChainProblem] = []
    for label in sorted(SEALED_MODELS):
        problems.extend(_sealed_problems(label, apps.get_model(label)))
    return problems


def _sealed_problems(label: str, model: type[models.Model]) -> list[ChainProblem]:
    sealed: dict[str, tuple[int, str]] = {}
    events = (
        AuditEvent.objects.filter(object_type=label)
        .order_by("sequence")
        .values_list("sequence", "action", "object_id", "payload")
    )
    for sequence, action, object_id, payload in events.iterator(chunk_size=2000):
        if action == "row.created" and "seal" in payload:
            sealed[object_id] = (sequence, payload["seal"])
        elif action == "row.deleted":
            sealed.pop(object_id, None)
    for sequence, _action, _id, payload in AuditEvent.objects.filter(action="history.sealed").values_list(
        "sequence", "action", "object_id", "payload"
    ):
        for object_id, seal in payload.get("seals", {}).items():
            sealed.setdefault(object_id, (sequence, seal))
    problems = []
    for line in model._default_manager.order_by("pk").iterator(chunk_size=2000):
        expected = sealed.pop(str(line.pk), None)
        if expected is None:
            problems.append(ChainProblem(0, "history", f"history line {line.pk} has no audit event"))
        elif row_seal(line) != expected[1]:
            problems.append(
                ChainProblem(
                    expected[0],
                    "history",
                    (f"history line {line.pk} was changed after event {expected[0]} sealed it"),
                )
            )
    for object_id, (sequence, _seal) in sealed.items():
        problems.append(
            ChainProblem(
                sequence, "history", (f"history line {object_id}, sealed by event {sequence}, was deleted")
            )
        )
    return problems


def _walk(
    rows: Iterator[dict[str, Any]], report: ChainReport, wanted: set[int], hashes: dict[int, str]
) -> Iterator[ChainProblem]:
    """Check each row against the one before it; leaves the count and the end in `report`.

    Also checks each event's keyed mac (keys.py): once the chain is keyed, every event after the
    first keyed one must carry a valid mac, so events forged or rewritten with SQL (which has no
    key) are found at the first one. The hashes of the checkpoints' events are kept in `hashes`.
    """
    expected, previous_hash, keyed = 1, GENESIS_HASH, False
    for row in rows:
        sequence = row["sequence"]
        if sequence != expected:
            missing = str(expected) if sequence == expected + 1 else f"{expected} to {sequence - 1}"
            yield ChainProblem(sequence, "gap", f"event(s) {missing} missing before this one")
        if row["prev_hash"] != previous_hash:
            yield ChainProblem(
                sequence,
                "link",
                f"prev_hash {row['prev_hash']} is not the hash of the event before it ({previous_hash})",
            )
        if chain_hash(row) != row["hash"]:
            yield ChainProblem(sequence, "hash", "hash does not match the event's content")
        if row["mac"] or keyed:
            keyed = True
            if not mac_ok(row["hash"], row["mac"]):
                yield ChainProblem(
                    sequence,
                    "mac",
                    "the event's keyed MAC is wrong or missing: it was "
                    "not written by Wistara (forged or rewritten)",
                )
        if sequence in wanted:
            hashes[sequence] = row["hash"]
        report.events += 1
        expected, previous_hash = sequence + 1, row["hash"]
    report.last_sequence, report.head = expected - 1, previous_hash


def _head_problems(head: AuditHead | None, report: ChainReport) -> list[ChainProblem]:
    # Every event visible to this query committed together with its head's advance, so a head
    # read after it is at least as new, unless someone rewound the head or removed it.
    newest = AuditEvent.objects.aggregate(newest=Max("sequence"))["newest"]
    current = AuditHead.objects.filter(pk=1).first()
    if newest is not None and current is None:
        return [ChainProblem(newest, "head", "the chain head is missing")]
    problems = []
    if newest is not None and current is not None and newest > current.last_sequence:
        problems.append(
            ChainProblem(
                newest, "head", f"event {newest} lies beyond the chain head (event {current.last_sequence})"
            )
        )
    if head is not None and (head.last_sequence, head.last_hash) != (report.last_sequence, report.head):
        problems.append(
            ChainProblem(
                head.last_sequence,
                "head",
                (
                    f"the chain head is event {head.last_sequence} with hash {head.last_hash}, but the chain "
                    f"ends at event {report.last_sequence} with hash {report.head}"
                ),
            )
        )
    return problems
