"""Every kind of write reaches the trail, and the items' history is protected like it (issue 14).

Before capture.py, an indicator save, evidence, office assignment, accounts, roles and tokens
wrote no audit event at all, and the history table could be edited without audit_check noticing.
"""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from wistara.accounts.services import api_token_create, office_update, role_grant, user_create
from wistara.assessments.models import ResponseChange
from wistara.assessments.services import response_assign, response_update
from wistara.evidence.services import evidence_add_link, evidence_remove, evidence_restore
from wistara.testing.assessments import register

from ..models import AuditEvent
from ..selectors import audit_chain_check
from ..triggers import triggers_install, triggers_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(world):
    """T1.1 of regency A1, assigned to the operator's office (as assessments' own fixture)."""
    item = register(world.regency_a1).responses.get(indicator__code="T1.1")
    item.office = world.office_a1
    item.save()
    return item


def _events(after: int) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(sequence__gt=after)
        .order_by("sequence")
        .values_list("action", "object_type")
    )


def _last() -> int:
    return AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def test_an_indicator_save_leaves_events_naming_the_user_the_item_and_its_sealed_history(response, world):
    before = _last()
    operator = world.user("opd_operator")
    response_update(response=response, user=operator, base_revision=0, data={"value_curr": "5"})
    events = AuditEvent.objects.filter(sequence__gt=before)
    saved = events.filter(object_type="assessments.response", action="row.updated").last()
    assert saved.object_id == str(response.pk) and saved.regency_id == world.regency_a1.pk
    assert Decimal(saved.payload["fields"]["value_curr"]) == 5  # the column's 4 decimals
    line = ResponseChange.objects.get(response=response, field="value_curr")
    sealed = events.get(object_type="assessments.responsechange", object_id=str(line.pk))
    assert len(sealed.payload["seal"]) == 64
    assert audit_chain_check().ok


def test_evidence_assignment_accounts_roles_and_tokens_each_leave_an_event(response, world):
    operator = world.user("opd_operator")
    kinds = {}

    def did(name, call):
        before = _last()
        call()
        kinds[name] = {object_type for _action, object_type in _events(before)}

    year = response.registration.cycle.instrument.data_years[0]
    did(
        "link",
        lambda: kinds.setdefault(
            "evidence",
            evidence_add_link(
                response=response,
                url="https://example.go.id/sk.pdf",
                data_year=year,
                kind="report",
                user=operator,
            ),
        ),
    )
    evidence = kinds.pop("evidence")
    did("remove", lambda: evidence_remove(evidence=evidence, user=operator))
    did("restore", lambda: evidence_restore(evidence=evidence, user=operator))
    did("assign", lambda: response_assign(response=response, office=world.office_a1_other, user=None))
    did("office", lambda: office_update(office=world.office_a1, short_name="Dinkes", name="Dinas X"))
    did("account", lambda: user_create(username="operator.baru", password="Kata-sandi-panjang-9"))
    did(
        "role",
        lambda: role_grant(
            user=operator, role="opd_operator", regency=world.regency_a1, office=world.office_a1_other
        ),
    )
    did("token", lambda: api_token_create(user=operator, name="skrip"))
    assert "evidence.evidence" in kinds["link"] and "evidence.evidence" in kinds["remove"]
    assert "evidence.evidence" in kinds["restore"]
    assert "assessments.response" in kinds["assign"]
    assert "accounts.office" in kinds["office"]
    assert "accounts.user" in kinds["account"]
    assert "accounts.roleassignment" in kinds["role"]
    assert "accounts.apitoken" in kinds["token"]
    token_event = AuditEvent.objects.filter(object_type="accounts.apitoken").last()
    assert token_event.payload["fields"]["digest"] == "(changed)"  # no secret copied
    assert audit_chain_check().ok


def test_a_write_rolled_back_leaves_no_event(response, world):
    before = _last()
    with pytest.raises(RuntimeError), transaction.atomic():
        office_update(office=world.office_a1, short_name="Dinkes", name="Dinas Y")
        raise RuntimeError("the request failed after the save")
    assert ("row.updated", "accounts.office") not in _events(before)


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_history_line_edited_deleted_or_slipped_in_with_sql_is_found(response, world):
    response_update(
        response=response,
        user=world.user("opd_operator"),
        base_revision=0,
        data={"value_curr": "5", "value_prev": "4"},
    )
    first, second = ResponseChange.objects.filter(response=response).order_by("id")[:2]
    assert audit_chain_check().ok
    _sql("UPDATE assessments_responsechange SET new = %s WHERE id = %s", ["9", first.pk])
    _sql("DELETE FROM assessments_responsechange WHERE id = %s", [second.pk])
    _sql(
        "INSERT INTO assessments_responsechange (response_id, revision, field, old, new, note, changed_at)"
        " VALUES (%s, 1, 'value_curr', '', '7', '', %s)",
        [response.pk, first.changed_at],
    )
    problems = [p for p in audit_chain_check().problems if p.kind == "history"]
    details = " / ".join(p.detail for p in problems)
    assert f"history line {first.pk} was changed" in details
    assert f"history line {second.pk}, sealed by event" in details and "was deleted" in details
    assert "has no audit event" in details


def _forge_event_with_sql():
    """Append an event with correctly computed hashes and advance the head: the triggers allow it."""
    from ..models import AuditHead, chain_hash

    head = AuditHead.objects.get(pk=1)
    last = AuditEvent.objects.get(sequence=head.last_sequence)
    values = {
        "sequence": head.last_sequence + 1,
        "occurred_at": last.occurred_at,
        "actor_id": None,
        "actor_username": "",
        "action": "decision.recorded",
        "object_type": "",
        "object_id": "",
        "regency_id": None,
        "province_id": None,
        "cycle_code": "",
        "payload": {"category": "x"},
        "prev_hash": head.last_hash,
    }
    forged = chain_hash(values)
    _sql(
        "INSERT INTO audit_auditevent (sequence, occurred_at, actor_id, actor_username, action,"
        " object_type, object_id, regency_id, province_id, cycle_code, payload, prev_hash, hash, mac)"
        " VALUES (%s, %s, NULL, '', 'decision.recorded', '', '', NULL, NULL, '', %s, %s, %s, '')",
        [values["sequence"], last.occurred_at, '{"category": "x"}', head.last_hash, forged],
    )
    _sql(
        "UPDATE audit_audithead SET last_sequence = %s, last_hash = %s WHERE id = 1",
        [values["sequence"], forged],
    )
    return values["sequence"]


def test_an_event_forged_with_correct_hashes_is_found_by_its_missing_mac(world):
    office_update(office=world.office_a1, short_name="Dinkes", name="Dinas Z")
    forged = _forge_event_with_sql()
    problems = audit_chain_check().problems
    assert [(p.sequence, p.kind) for p in problems] == [(forged, "mac")]


def test_a_rewritten_or_truncated_trail_is_located_by_the_signed_checkpoint(world, settings, tmp_path):
    from ..checkpoints import checkpoint_write

    settings.AUDIT_CHECKPOINT_DIR = tmp_path
    for name in ("Dinas 1", "Dinas 2", "Dinas 3"):
        office_update(office=world.office_a1, short_name="Dinkes", name=name)
    point = checkpoint_write()
    assert audit_chain_check().ok
    # Triggers dropped, the last three events cut and the head rewound: a valid, keyed chain.
    keep = point["sequence"] - 3
    kept_hash = AuditEvent.objects.get(sequence=keep).hash
    triggers_remove(connection)
    try:
        _sql("DELETE FROM audit_auditevent WHERE sequence > %s", [keep])
        _sql("UPDATE audit_audithead SET last_sequence = %s, last_hash = %s", [keep, kept_hash])
    finally:
        triggers_install(connection)
    problems = audit_chain_check().problems
    assert [(p.sequence, p.kind) for p in problems] == [(point["sequence"], "checkpoint")]
    assert "truncated" in problems[0].detail
    # A forged checkpoint (its signature does not check) is reported, not trusted.
    (tmp_path / "checkpoints" / "999999999999-x.json").write_text(
        '{"sequence": 1, "hash": "00", "written_at": "x", "signature": "00"}'
    )
    assert "bad signature" in " ".join(p.detail for p in audit_chain_check().problems)


def test_a_persons_notification_choices_are_in_the_trail_but_the_messages_are_not(world):
    """Preferences and contact details are the person's settings (audited); the notifications
    and deliveries themselves are messages, thousands a day, and stay out of the trail."""
    from wistara.notifications.models import Channel, Mode
    from wistara.notifications.services import notify, preferences_save

    user = world.user("regency_coordinator")
    before = _last()
    with transaction.atomic():
        preferences_save(user=user, modes={("item_returned", Channel.EMAIL): Mode.DIGEST}, language="en")
    assert {("row.created", "notifications.preference"), ("row.created", "notifications.contact")} <= set(
        _events(before)
    )
    before = _last()
    with transaction.atomic():
        assert notify(
            [user],
            kind="item_returned",
            event_key="audit-test",
            params={"regency": "A", "item": "T1.1", "level": "provincial", "deadline": "-"},
        )
    assert not [e for e in _events(before) if e[1].startswith("notifications.")]
