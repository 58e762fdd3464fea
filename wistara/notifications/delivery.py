"""Sending what is due: claim a batch, send it, record the outcome, retry with growing delays.

Claiming is a short transaction that moves due rows to "sending" (PostgreSQL: SELECT ... FOR
UPDATE SKIP LOCKED, so two workers take different rows; SQLite: the write lock serialises the
claim). The send happens outside any transaction; its outcome is written per row. A row left in
"sending" by a worker that died is taken again after CLAIM_TIMEOUT. Digest rows due for one person
and channel go out as one message.
"""

import contextlib
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import channels
from .kinds import KINDS, render_title
from .models import Channel, Contact, Delivery

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_ATTEMPTS = 6
# The n-th failed attempt waits this long before the next (then the row is failed for good).
BACKOFF = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
]


def _due(now: datetime):
    return Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def claim(limit: int, now: datetime | None = None) -> list[Delivery]:
    now = now or timezone.now()
    with transaction.atomic():
        qs = _due(now).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        if ids:
            Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENDING, claimed_at=now)
    return list(
        Delivery.objects.filter(pk__in=ids)
        .select_related("notification__user", "notification__user__notification_contact")
        .order_by("id")
    )


def deliver_due(*, limit: int = 200, max_batches: int | None = None, now: datetime | None = None) -> int:
    """Send what is due, batch by batch, until nothing is; returns how many were sent."""
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        batch = claim(limit, now)
        if not batch:
            break
        sent += send_batch(batch, now)
        batches += 1
    return sent


def send_batch(batch: list[Delivery], now: datetime | None = None) -> int:
    groups: dict[tuple, list[Delivery]] = defaultdict(list)
    for d in batch:
        # Digest rows of one person and channel become one message; others go one by one.
        groups[(d.notification.user_id, d.channel, "digest") if d.digest else (d.id,)].append(d)
    emails: list[list[Delivery]] = []
    whatsapps: list[list[Delivery]] = []
    for rows in groups.values():
        (emails if rows[0].channel == Channel.EMAIL else whatsapps).append(rows)
    sent = 0
    if emails:
        sent += _send_emails(emails, now)
    for rows in whatsapps:
        sent += _send_whatsapp(rows, now)
    return sent


def _language(user) -> str:
    try:
        return user.notification_contact.language or settings.LANGUAGE_CODE
    except Contact.DoesNotExist:
        return settings.LANGUAGE_CODE


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def email_message(rows: list[Delivery]) -> mail.EmailMultiAlternatives:
    user = rows[0].notification.user
    language = _language(user)
    with translation.override(language):
        items = [
            {
                "title": render_title(d.notification.kind, d.notification.params, language),
                "url": _absolute(d.notification.url),
                "kind": d.notification.kind,
            }
            for d in rows
        ]
        digest = rows[0].digest
        subject = (
            _("%(site)s: your daily summary (%(count)s)") % {"site": settings.SITE_NAME, "count": len(items)}
            if digest
            else f"{settings.SITE_NAME}: {items[0]['title']}"
        )
        context = {
            "user": user,
            "items": items,
            "digest": digest,
            "site": settings.SITE_NAME,
            "settings_url": _absolute("/notifikasi/pengaturan/"),
            "kind_label": KINDS[items[0]["kind"]].label if items[0]["kind"] in KINDS else "",
        }
        # One template per kind (it says what to do), in the reader's language; a digest mixes
        # kinds and uses the common one.
        kind = "message" if digest else items[0]["kind"]
        base = "notifications/email/"
        text = render_to_string([f"{base}{kind}.txt", f"{base}message.txt"], context)
        html = render_to_string([f"{base}{kind}.html", f"{base}message.html"], context)
    message = mail.EmailMultiAlternatives(subject[:200], text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def _send_emails(groups: list[list[Delivery]], now) -> int:
    sent = 0
    try:
        connection_ = mail.get_connection(fail_silently=False)
        connection_.open()
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server is retried
        for rows in groups:
            _failed(rows, channels.SendError(f"{type(exc).__name__}: {exc}"), now)
        return 0
    try:
        for rows in groups:
            try:
                connection_.send_messages([email_message(rows)])
            except Exception as exc:  # noqa: BLE001 - recorded on the row and retried
                _failed(rows, channels.SendError(f"{type(exc).__name__}: {exc}"), now)
                continue
            _sent(rows, now)
            sent += len(rows)
    finally:
        with contextlib.suppress(Exception):  # the messages are already accepted
            connection_.close()
    return sent


def _send_whatsapp(rows: list[Delivery], now) -> int:
    user = rows[0].notification.user
    language = _language(user)
    try:
        number = user.notification_contact.whatsapp
    except Contact.DoesNotExist:
        number = ""
    if not number:
        _failed(rows, channels.SendError("no verified WhatsApp number", retry=False), now)
        return 0
    with translation.override(language):
        if rows[0].digest:
            text = _("%(count)s new notifications in %(site)s") % {
                "count": len(rows),
                "site": settings.SITE_NAME,
            }
            url = _absolute("/notifikasi/")
        else:
            note = rows[0].notification
            text, url = render_title(note.kind, note.params, language), _absolute(note.url)
    template = (
        KINDS[rows[0].notification.kind].whatsapp_template
        if not rows[0].digest
        else settings.WHATSAPP_DIGEST_TEMPLATE
    )
    try:
        channels.whatsapp_driver().send(to=number, template=template, language=language, params=[text, url])
    except channels.SendError as exc:
        _failed(rows, exc, now)
        return 0
    _sent(rows, now)
    return len(rows)


def _sent(rows: list[Delivery], now) -> None:
    Delivery.objects.filter(pk__in=[d.id for d in rows]).update(
        status=Delivery.Status.SENT,
        sent_at=now or timezone.now(),
        attempts=rows[0].attempts + 1,
        last_error="",
    )


def _failed(rows: list[Delivery], error: channels.SendError, now) -> None:
    now = now or timezone.now()
    attempts = rows[0].attempts + 1
    give_up = not error.retry or attempts >= MAX_ATTEMPTS
    wait = BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]
    if error.retry_after:
        wait = max(wait, timedelta(seconds=error.retry_after))
    log.warning("delivery %s failed (attempt %s): %s", [d.key for d in rows], attempts, error)
    Delivery.objects.filter(pk__in=[d.id for d in rows]).update(
        status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
        attempts=attempts,
        last_error=str(error)[:2000],
        next_attempt_at=now + wait,
        claimed_at=None,
    )


def retry_now(*, ids: list[int]) -> int:
    """A national admin sends failed rows again (from the delivery log)."""
    return Delivery.objects.filter(pk__in=ids, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
