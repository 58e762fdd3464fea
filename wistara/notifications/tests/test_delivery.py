"""Delivery over real loopback endpoints: SMTP and a WhatsApp Cloud API double."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wistara.notifications import delivery
from wistara.notifications.models import Delivery, Notification
from wistara.notifications.services import notify, phone_confirm, phone_start, preferences_save

from .conftest import PHONE_ID, TOKEN, free_port, verified_phone

pytestmark = pytest.mark.django_db


def returned(user, key="1", regency=None):
    return notify(
        [user],
        kind="item_returned",
        event_key=key,
        url="/ruang/11.01/TEST-2025/indikator/7/",
        params={
            "regency": "KABUPATEN A SATU",
            "item": "T1.1",
            "level": "provincial",
            "deadline": "08-12-2026 15:00",
        },
        regency=regency,
    )


@pytest.fixture
def operator(world):
    user = world.user("opd_operator")
    user.email = "operator@example.org"
    user.save(update_fields=["email"])
    return user


def test_nothing_is_queued_when_no_channel_is_configured(settings, operator):
    settings.EMAIL_HOST = ""
    returned(operator)
    assert Notification.objects.count() == 1 and Delivery.objects.count() == 0


def test_an_email_reaches_the_smtp_server_with_a_plain_text_part(smtp, operator):
    returned(operator)
    assert delivery.deliver_due() == 1
    ((to, message),) = smtp.messages
    assert to == ["operator@example.org"]
    subject = " ".join(message["Subject"].split())
    assert "T1.1" in subject and "dikembalikan untuk perbaikan oleh provinsi" in subject
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    assert "http://127.0.0.1:8000/ruang/11.01/TEST-2025/indikator/7/" in parts["text/plain"]
    assert 'href="http://127.0.0.1:8000/ruang/11.01/TEST-2025/indikator/7/"' in parts["text/html"]
    assert "sebelum tenggat" in parts["text/plain"]  # the kind's own template says what to do
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")


def test_english_readers_get_english(smtp, operator):
    preferences_save(user=operator, modes={}, language="en")
    returned(operator)
    delivery.deliver_due()
    subject = " ".join(smtp.messages[0][1]["Subject"].split())
    assert "returned for correction by the province" in subject


def test_the_same_event_twice_and_a_second_run_send_once(smtp, operator):
    returned(operator)
    returned(operator)
    assert delivery.deliver_due() == 1
    assert delivery.deliver_due() == 0
    assert len(smtp.messages) == 1 and Delivery.objects.count() == 1


def test_off_sends_nothing_and_digest_waits_for_the_morning_as_one_message(smtp, operator):
    preferences_save(user=operator, modes={("item_returned", "email"): "off"})
    returned(operator, "a")
    assert Delivery.objects.count() == 0
    preferences_save(user=operator, modes={("item_returned", "email"): "digest"})
    returned(operator, "b")
    returned(operator, "c")
    assert delivery.deliver_due() == 0  # not yet the digest hour
    rows = list(Delivery.objects.all())
    assert all(r.digest and r.next_attempt_at > timezone.now() for r in rows)
    morning = max(r.next_attempt_at for r in rows)
    assert timezone.localtime(morning).hour == 7
    assert delivery.deliver_due(now=morning) == 2
    assert len(smtp.messages) == 1  # one digest with both
    body = next(
        p.get_payload(decode=True).decode()
        for p in smtp.messages[0][1].walk()
        if p.get_content_type() == "text/plain"
    )
    assert body.count("T1.1") == 2


def test_a_server_that_is_down_is_retried_later_with_growing_delays(settings, operator, smtp):
    settings.EMAIL_PORT = free_port()  # nobody listens there
    returned(operator)
    now = timezone.now()
    delivery.deliver_due(now=now)
    first = Delivery.objects.get()
    assert (first.status, first.attempts) == ("pending", 1) and first.last_error
    assert first.next_attempt_at == now + timedelta(minutes=1)
    delivery.deliver_due(now=first.next_attempt_at)
    second = Delivery.objects.get()
    assert second.attempts == 2 and second.next_attempt_at == first.next_attempt_at + timedelta(minutes=5)
    settings.EMAIL_PORT = smtp.port  # back up: the next try goes through, once
    assert delivery.deliver_due(now=second.next_attempt_at) == 1
    assert Delivery.objects.get().status == "sent" and len(smtp.messages) == 1


def test_two_claims_never_take_the_same_row(smtp, operator, world):
    for i in range(5):
        returned(operator, str(i))
    first = delivery.claim(3)
    second = delivery.claim(10)
    assert len(first) == 3 and len(second) == 2
    assert not {d.id for d in first} & {d.id for d in second}


def test_whatsapp_sends_the_template_with_its_parameters(settings, whatsapp, operator):
    settings.EMAIL_HOST = ""
    verified_phone(operator)
    returned(operator)
    assert delivery.deliver_due() == 1
    (request,) = whatsapp.requests
    assert whatsapp.problems == []
    assert request["path"] == f"/v21.0/{PHONE_ID}/messages" and request["auth"] == f"Bearer {TOKEN}"
    template = request["body"]["template"]
    assert request["body"]["to"] == "6281234567890"
    assert template["name"] == "wistara_pemberitahuan" and template["language"] == {"code": "id"}
    text, url = [p["text"] for p in template["components"][0]["parameters"]]
    assert "T1.1" in text and url.endswith("/ruang/11.01/TEST-2025/indikator/7/")


def test_whatsapp_is_not_used_for_an_unverified_number(settings, whatsapp, operator):
    settings.EMAIL_HOST = ""
    from wistara.notifications.models import Contact

    Contact.objects.create(user=operator, whatsapp="6281234567890")
    returned(operator)
    assert Delivery.objects.count() == 0


def test_a_rate_limit_is_retried_after_what_the_api_asks_and_a_refusal_is_not(settings, whatsapp, operator):
    settings.EMAIL_HOST = ""
    verified_phone(operator)
    whatsapp.answers = [
        (429, {"error": {"message": "rate"}}, {"Retry-After": "600"}),
        (400, {"error": {"message": "template not approved"}}, {}),
    ]
    returned(operator, "1")
    now = timezone.now()
    delivery.deliver_due(now=now)
    row = Delivery.objects.get()
    assert row.status == "pending" and "429" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=600)
    delivery.deliver_due(now=row.next_attempt_at)
    row.refresh_from_db()
    assert row.status == "failed" and "template not approved" in row.last_error
    assert delivery.retry_now(ids=[row.id]) == 1
    assert delivery.deliver_due() == 1 and Delivery.objects.get().status == "sent"


def test_a_phone_number_is_verified_by_the_code_sent_to_it(whatsapp, operator):
    phone_start(user=operator, raw="0812-3456-7890")
    request = whatsapp.requests[-1]
    assert request["body"]["to"] == "6281234567890"
    assert request["body"]["template"]["name"] == "wistara_kode_verifikasi"
    code = request["body"]["template"]["components"][0]["parameters"][0]["text"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        phone_confirm(user=operator, code="000000" if code != "000000" else "111111")
    contact = phone_confirm(user=operator, code=code)
    assert contact.whatsapp_verified and contact.whatsapp == "6281234567890"


def test_one_transaction_asks_the_worker_once(settings, operator, django_capture_on_commit_callbacks):
    settings.EMAIL_HOST = "127.0.0.1"
    with django_capture_on_commit_callbacks() as callbacks:
        returned(operator, "1")
        returned(operator, "2")
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_take_disjoint_rows(settings, world):
    """PostgreSQL: two workers claiming at the same moment (SELECT ... FOR UPDATE SKIP LOCKED)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the skip-locked claim is PostgreSQL's")
    settings.EMAIL_HOST = "127.0.0.1"
    operator = world.user("opd_operator")
    operator.email = "operator@example.org"
    operator.save(update_fields=["email"])
    for i in range(40):
        returned(operator, str(i))
    # The immediate test backend already tried them (nothing listens on port 587): due again now.
    Delivery.objects.update(status="pending", next_attempt_at=timezone.now(), attempts=0)
    taken, start = [], threading.Barrier(2)

    def worker():
        start.wait()
        try:
            taken.append([d.id for d in delivery.claim(25)])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first, second = taken
    assert not set(first) & set(second) and len(first) + len(second) == 40
