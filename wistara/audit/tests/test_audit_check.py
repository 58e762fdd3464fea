"""audit_check: OK on an intact chain; otherwise each broken event, and a non-zero exit."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ..models import GENESIS_HASH, AuditEvent, chain_hash
from ..selectors import audit_chain_check
from .conftest import raw_sql, triggers_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(record):
    return [record(payload={"points": n}) for n in range(1, 6)]


def _check(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("audit_check", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_it_passes_an_intact_chain(events):
    out, error = _check()
    assert error is None
    assert out.strip() == f"OK: 5 events, head {events[-1].hash}"
    out, error = _check("--json")
    assert error is None
    assert json.loads(out) == {
        "ok": True,
        "events": 5,
        "last_sequence": 5,
        "head": events[-1].hash,
        "problems": [],
    }


def test_it_passes_an_empty_chain():
    out, error = _check()
    assert (out.strip(), error) == (f"OK: 0 events, head {GENESIS_HASH}", None)


def test_it_reports_exactly_the_event_whose_payload_was_changed(events):
    with triggers_lifted():
        raw_sql("UPDATE audit_auditevent SET payload = '{\"points\": 99}' WHERE sequence = 3")
    out, error = _check()
    assert error is not None and error.returncode == 2
    assert out.strip() == "BROKEN: sequence 3 (hash): hash does not match the event's content"
    out, error = _check("--json")
    report = json.loads(out)
    assert error is not None and report["ok"] is False and report["events"] == 5
    assert [(p["sequence"], p["kind"]) for p in report["problems"]] == [(3, "hash")]


def test_it_reports_a_forgery_with_a_recomputed_hash_at_the_next_link(events):
    forged = {**AuditEvent.objects.values().get(sequence=3), "payload": {"points": 99}}
    with triggers_lifted():
        raw_sql(
            "UPDATE audit_auditevent SET payload = '{\"points\": 99}', hash = %s WHERE sequence = 3",
            [chain_hash(forged)],
        )
    report = audit_chain_check()
    # The keyed MAC (issue 14) now names the forged event itself; the link names the next.
    assert [(p.sequence, p.kind) for p in report.problems] == [(3, "mac"), (4, "link")]


def test_it_reports_a_deleted_event_as_a_gap_and_a_broken_link(events):
    with triggers_lifted():
        raw_sql("DELETE FROM audit_auditevent WHERE sequence = 2")
    out, error = _check()
    assert error is not None
    assert [line.split(":")[1].strip() for line in out.splitlines()] == [
        "sequence 3 (gap)",
        "sequence 3 (link)",
    ]
    assert "event(s) 2 missing" in out


def test_it_reports_events_cut_from_the_end_of_the_chain(events):
    with triggers_lifted():
        raw_sql("DELETE FROM audit_auditevent WHERE sequence >= 4")
    report = audit_chain_check()
    assert [(p.sequence, p.kind) for p in report.problems] == [(5, "head")]
    assert "ends at event 3" in report.problems[0].detail


def test_it_reports_events_beyond_a_rewound_head(events):
    with triggers_lifted():
        raw_sql("UPDATE audit_audithead SET last_sequence = 3, last_hash = %s", [events[2].hash])
    report = audit_chain_check()
    assert report.events == 3
    assert [(p.sequence, p.kind) for p in report.problems] == [(5, "head")]


def test_it_reports_a_missing_head_and_still_checks_every_event(events):
    with triggers_lifted():
        raw_sql("DELETE FROM audit_audithead")
        raw_sql("UPDATE audit_auditevent SET action = 'decision.recorded' WHERE sequence = 5")
    report = audit_chain_check()
    assert [(p.sequence, p.kind) for p in report.problems] == [(5, "hash"), (5, "head")]


def test_it_streams_the_chain_in_small_chunks(events):
    assert audit_chain_check(chunk_size=2).ok
