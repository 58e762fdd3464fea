"""audit_record: what an event holds, how events chain, and that a rollback leaves no trace."""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from wistara.testing.assessments import register
from wistara.testing.factories import UserFactory

from ..models import GENESIS_HASH, AuditEvent, canonical_bytes, chain_hash
from ..selectors import audit_chain_check, audit_events_for
from ..services import audit_record

pytestmark = pytest.mark.django_db


def _auditor_hash(sequence: int) -> str:
    """Recompute a stored event's hash from its columns, following only the models docstring."""
    row = AuditEvent.objects.values().get(sequence=sequence)
    doc = {key: value for key, value in row.items() if key not in ("id", "hash", "mac")}
    doc["occurred_at"] = row["occurred_at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_it_hashes_the_test_vector_given_to_auditors():
    values = {
        "sequence": 1,
        "occurred_at": datetime(2025, 3, 1, 2, 15, tzinfo=UTC),
        "actor_id": 7,
        "actor_username": "koord.a1",
        "action": "registration.submitted",
        "object_type": "assessments.registration",
        "object_id": "42",
        "regency_id": 1101,
        "province_id": 11,
        "cycle_code": "KKS-2025",
        "prev_hash": GENESIS_HASH,
        "payload": {"status": "submitted", "note": "Dokumen lengkap ✓"},
    }
    text = canonical_bytes(values)
    assert text.startswith(b'{"action":"registration.submitted","actor_id":7,"actor_username"')
    assert b'"payload":{"note":"Dokumen lengkap \xe2\x9c\x93","status":"submitted"}' in text
    assert chain_hash(values) == "e81b1f3399a6a6fa5ff477efff3c145f3c66c166125127e0ec091d744f17b547"


def test_it_chains_each_event_to_the_one_before(record):
    events = [record(payload={"n": n}) for n in range(3)]
    assert [event.sequence for event in events] == [1, 2, 3]
    assert [event.prev_hash for event in events] == [GENESIS_HASH, events[0].hash, events[1].hash]
    for event in events:
        assert event.hash == _auditor_hash(event.sequence) == AuditEvent.objects.get(pk=event.pk).hash
    assert len({event.hash for event in events}) == 3
    assert audit_chain_check().ok


def test_it_records_actor_object_tenant_cycle_and_payload(world):
    registration = register(world.regency_a1)
    verifier = world.user("provincial_verifier")
    with transaction.atomic():
        event = audit_record(
            action="review.recorded",
            actor=verifier,
            obj=registration,
            regency=world.regency_a1,
            cycle_code=registration.cycle.code,
            payload={"points": 3, "verdict": "accepted", "note": "Dokumen lengkap ✓"},
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_username) == (verifier.pk, "provincial.verifier")
    assert (stored.object_type, stored.object_id) == ("assessments.registration", str(registration.pk))
    assert (stored.regency_id, stored.province_id) == (world.regency_a1.pk, world.province_a.pk)
    assert stored.cycle_code == registration.cycle.code
    assert stored.payload == {"points": 3, "verdict": "accepted", "note": "Dokumen lengkap ✓"}
    assert stored.hash == _auditor_hash(stored.sequence)


def test_it_keeps_the_actors_name_when_the_user_is_deleted(record):
    user = UserFactory(username="verifikator.lama")
    event = record(actor=user)
    user_id = user.pk
    user.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_username) == (user_id, "verifikator.lama")
    assert audit_chain_check().ok


def test_it_leaves_no_event_when_the_transaction_rolls_back_and_the_chain_continues(record):
    first = record(action="registration.submitted")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="correction.returned", actor=None, payload={"item": "T1.1"})
        raise RuntimeError("the audited change failed after its event was recorded")
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["registration.submitted"]
    second = record(action="decision.recorded")
    assert (second.sequence, second.prev_hash) == (2, first.hash)
    assert audit_chain_check().ok


def test_it_fills_the_province_from_the_regency_and_filters_by_tenant(world, record):
    # The world's own rows were captured (capture.py): start after them.
    base = AuditEvent.objects.count()
    record(regency=world.regency_a1)
    record(regency=world.regency_a2)
    record(regency=world.regency_b1)
    record(province=world.province_a)
    record(object_type="instruments.instrumentversion", object_id=5)

    def mine(events):
        return [e.sequence - base for e in events.filter(sequence__gt=base)]

    assert mine(audit_events_for(province=world.province_a)) == [4, 2, 1]
    assert mine(audit_events_for(regency=world.regency_a1)) == [1]
    assert mine(audit_events_for(province=world.province_b)) == [3]
    assert mine(audit_events_for(object_type="instruments.instrumentversion", object_id=5)) == [5]
    assert mine(audit_events_for()) == [5, 4, 3, 2, 1]


def test_it_refuses_a_regency_outside_the_given_province(world, record):
    with pytest.raises(ValueError, match="province"):
        record(regency=world.regency_b1, province=world.province_a)
    assert not AuditEvent.objects.exclude(action__startswith="row.").exists()


def test_it_stores_decimals_and_dates_as_text_and_refuses_floats(record):
    event = record(payload={"score": Decimal("87.50"), "deadline": date(2025, 3, 3), "items": (1, 2)})
    assert AuditEvent.objects.get(pk=event.pk).payload == {
        "score": "87.50",
        "deadline": "2025-03-03",
        "items": [1, 2],
    }
    assert event.hash == _auditor_hash(event.sequence)
    for payload in ({"score": 87.5}, {"nested": [{"x": 0.1}]}, {"big": 2**60}, {1: "a"}):
        with pytest.raises(TypeError):
            record(payload=payload)
    assert AuditEvent.objects.exclude(action__startswith="row.").count() == 1


@pytest.mark.parametrize("action", ["", "submitted", "Registration.Submitted", "review recorded"])
def test_it_refuses_a_malformed_action_code(record, action):
    with pytest.raises(ValidationError):
        record(action=action)
    assert not AuditEvent.objects.exists()


def test_it_refuses_an_unsaved_object_or_two_names_for_it(world, record):
    with pytest.raises(ValueError):
        record(obj=UserFactory.build())
    with pytest.raises(ValueError):
        record(obj=world.regency_a1, object_type="regions.regency")
