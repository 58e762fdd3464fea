"""Nobody rewrites the trail: the ORM refuses, the database triggers refuse, the admin only shows."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from ..models import AppendOnlyError, AuditEvent, AuditHead
from .conftest import raw_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(record):
    return [record(payload={"points": n}) for n in range(3)]


def _unchanged(events) -> bool:
    # Later events (a sign-in now records the user's last_login) are not these.
    rows = list(
        AuditEvent.objects.filter(sequence__lte=events[-1].sequence)
        .order_by("sequence")
        .values_list("sequence", "payload", "hash")
    )
    return rows == [(e.sequence, e.payload, e.hash) for e in events]


def test_it_refuses_orm_updates_and_deletes(events):
    event = AuditEvent.objects.get(sequence=2)
    event.payload = {"points": 99}
    refused = [
        event.save,
        lambda: event.save(update_fields=["payload"]),
        event.delete,
        lambda: AuditEvent.objects.filter(sequence=2).update(payload={}),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.bulk_update([event], ["payload"]),
        lambda: AuditEvent.objects.bulk_create([AuditEvent(action="x.y")]),
        lambda: AuditEvent.objects.create(action="x.y"),
        lambda: AuditEvent(pk=event.pk, action="x.y").save(force_update=True),
    ]
    for attempt in refused:
        with pytest.raises(AppendOnlyError):
            attempt()
    assert _unchanged(events)


def test_it_never_turns_a_save_with_an_existing_id_into_an_update(events):
    forged = AuditEvent(**{**AuditEvent.objects.values().get(sequence=2), "payload": {"points": 99}})
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert _unchanged(events)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET payload = '{\"points\": 99}' WHERE sequence = 2",
        "UPDATE audit_auditevent SET hash = prev_hash",
        "DELETE FROM audit_auditevent WHERE sequence = 3",
        "DELETE FROM audit_auditevent",
    ],
)
def test_it_refuses_raw_sql_updates_and_deletes_of_events_in_the_database(events, sql):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql(sql)
    assert _unchanged(events)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_audithead SET last_sequence = 2",
        "UPDATE audit_audithead SET last_hash = '0'",
        "DELETE FROM audit_audithead",
    ],
)
def test_it_refuses_to_rewind_or_remove_the_chain_head(events, sql):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_sql(sql)
    assert AuditHead.objects.get().last_sequence == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_audithead"])
def test_it_refuses_to_truncate_a_trail_with_events(events, table):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw_sql(f"TRUNCATE {table} CASCADE")
    assert _unchanged(events)


def test_it_shows_events_in_the_admin_but_allows_no_change(events, world, login):
    client = login(world.user("national_admin"))
    event = events[1]
    changelist = reverse("admin:audit_auditevent_changelist")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(changelist).status_code == 200
    page = client.get(change)
    assert page.status_code == 200 and event.hash in page.content.decode()
    assert b'name="_save"' not in page.content
    assert client.post(change, {"action": "x.y"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert _unchanged(events)
