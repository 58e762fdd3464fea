"""Reads of the audit trail: events for a tenant or an object, and the chain's verification.

These apply no user access: a view first turns its URL's code into a regency or province with
the access functions (wistara.accounts.access) and then asks for that tenant's events.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, QuerySet

from wistara.regions.models import Province, Regency

from .models import CHAINED_FIELDS, GENESIS_HASH, AuditEvent, AuditHead, chain_hash


def audit_events_for(
    *, regency: Regency | None = None, province: Province | None = None,
    object_type: str | None = None, object_id: str | int | None = None,
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
    kind: str  # "gap", "link", "hash" or "head"
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
            "ok": self.ok, "events": self.events, "last_sequence": self.last_sequence,
            "head": self.head, "problems": [vars(problem) for problem in self.problems],
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
    rows = events.values(*CHAINED_FIELDS, "hash").iterator(chunk_size=chunk_size)
    report.problems.extend(_walk(rows, report))
    report.problems.extend(_head_problems(head, report))
    return report


def _walk(rows: Iterator[dict[str, Any]], report: ChainReport) -> Iterator[ChainProblem]:
    """Check each row against the one before it; leaves the count and the end in `report`."""
    expected, previous_hash = 1, GENESIS_HASH
    for row in rows:
        sequence = row["sequence"]
        if sequence != expected:
            missing = str(expected) if sequence == expected + 1 else f"{expected} to {sequence - 1}"
            yield ChainProblem(sequence, "gap", f"event(s) {missing} missing before this one")
        if row["prev_hash"] != previous_hash:
            yield ChainProblem(sequence, "link", f"prev_hash {row['prev_hash']} is not the hash of "
                                                 f"the event before it ({previous_hash})")
        if chain_hash(row) != row["hash"]:
            yield ChainProblem(sequence, "hash", "hash does not match the event's content")
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
        problems.append(ChainProblem(newest, "head", f"event {newest} lies beyond the chain head "
                                                     f"(event {current.last_sequence})"))
    if head is not None and (head.last_sequence, head.last_hash) != (report.last_sequence, report.head):
        problems.append(ChainProblem(head.last_sequence, "head", (
            f"the chain head is event {head.last_sequence} with hash {head.last_hash}, but the chain "
            f"ends at event {report.last_sequence} with hash {report.head}")))
    return problems
