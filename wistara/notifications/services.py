"""Writes of the notifications app: notify people, read, preferences, the WhatsApp number.

`notify` is the one entry: it creates each person's notification once per event (the unique
(user, kind, event_key)), and a Delivery for every configured channel the person has not turned
off. It works in bulk (a deadline scan notifies thousands of people in a few queries) and is
safe to call twice or from two processes: what exists already is left alone.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.audit.services import audit_record

from . import channels
from .kinds import KINDS, default_mode
from .models import Channel, Contact, Delivery, Mode, Notification, Preference

BATCH = 2000


def digest_time(now: datetime | None = None) -> datetime:
    """The next daily digest: DIGEST_HOUR o'clock, Indonesian time."""
    now = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(
        datetime.combine(now.date(), time(settings.NOTIFICATIONS_DIGEST_HOUR)), now.tzinfo
    )
    return at if at > now else at + timedelta(days=1)


def _modes(user_ids: list[int], kind: str) -> dict[tuple[int, str], str]:
    rows = Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list(
        "user_id", "channel", "mode"
    )
    return {(u, c): m for u, c, m in rows}


def notify(
    users: Iterable[User | int],
    *,
    kind: str,
    event_key: str,
    params: dict,
    url: str = "",
    regency=None,
    now: datetime | None = None,
) -> list[Notification]:
    """Notify each person once of this event; returns the notifications created now."""
    user_ids = sorted({u if isinstance(u, int) else u.pk for u in users} - {None})
    regency_id = regency.pk if regency is not None else None
    return notify_bulk(kind, [(u, event_key, params, url, regency_id) for u in user_ids], now=now)


# One notification of notify_bulk: (user id, event key, params, url, regency id).
BulkEntry = tuple[int, str, dict, str, int | None]


def notify_bulk(kind: str, entries: list[BulkEntry], now: datetime | None = None) -> list[Notification]:
    """Many (user id, event key, params, url, regency id) of one kind in a few queries."""
    assert kind in KINDS, kind
    now = now or timezone.now()
    created: list[Notification] = []
    for start in range(0, len(entries), BATCH):
        created += _notify_batch(kind, entries[start : start + BATCH], now)
    if created:
        _schedule_delivery()
    return created


def _schedule_delivery() -> None:
    """Ask the worker to send, once per transaction however many events it notified."""
    conn = transaction.get_connection()
    pending = conn.run_on_commit  # a new list after every commit or rollback
    if conn.in_atomic_block and getattr(conn, "_wistara_delivery_for", None) is pending:
        return
    conn._wistara_delivery_for = pending
    transaction.on_commit(_enqueue_delivery)


@transaction.atomic  # a notification and its deliveries exist together or not at all
def _notify_batch(kind, entries, now) -> list[Notification]:
    keys = {e[1] for e in entries}
    users = {e[0] for e in entries}
    done = set(
        Notification.objects.filter(kind=kind, event_key__in=keys, user_id__in=users).values_list(
            "user_id", "event_key"
        )
    )
    fresh = {(u, k): (p, url, r) for u, k, p, url, r in entries if (u, k) not in done}
    if not fresh:
        return []
    if connection.vendor in FAST_INSERT:
        notes = _insert_returning(kind, fresh, now)
    else:
        Notification.objects.bulk_create(
            [
                Notification(user_id=u, kind=kind, event_key=k, params=p, url=url, regency_id=r)
                for (u, k), (p, url, r) in fresh.items()
            ],
            ignore_conflicts=True,
        )
        notes = [
            n
            for n in Notification.objects.filter(
                kind=kind, event_key__in={k for _u, k in fresh}, user_id__in={u for u, _k in fresh}
            ).only("id", "user_id", "event_key")
            if (n.user_id, n.event_key) in fresh
        ]
    rows = _deliveries(notes, kind, now)
    if connection.vendor in FAST_INSERT:
        _insert_deliveries(rows, now)
    else:
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return notes


# One INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING per batch, from arrays (PostgreSQL's
# unnest) or from one JSON array (SQLite's json_each): a national deadline scan makes 16,000
# notifications and as many deliveries, and Django's bulk_create spent most of the scan preparing
# them field by field, after which a second query had to find which rows were new.
FAST_INSERT = {"postgresql", "sqlite"}


def _insert_returning(kind: str, fresh: dict, now: datetime) -> list[Notification]:
    dumped: dict[int, str] = {}  # parameter sets are shared (one per regency): encode each once
    users, keys, params, urls, regencies = [], [], [], [], []
    for (u, k), (p, url, r) in fresh.items():
        users.append(u)
        keys.append(k)
        params.append(dumped.get(id(p)) or dumped.setdefault(id(p), json.dumps(p, cls=DjangoJSONEncoder)))
        urls.append(url)
        regencies.append(r)
    table = Notification._meta.db_table
    columns = f"INSERT INTO {table} (user_id, kind, event_key, params, url, regency_id, created_at)"
    conflict = " ON CONFLICT (user_id, kind, event_key) DO NOTHING RETURNING id, user_id, event_key"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                columns + " SELECT t.u, %s, t.k, t.p::jsonb, t.l, t.r, %s FROM unnest(%s::bigint[], "  # noqa: S608 - fixed table names
                "%s::text[], %s::text[], %s::text[], %s::bigint[]) AS t(u, k, p, l, r)" + conflict,
                [kind, now, users, keys, params, urls, regencies],
            )
        else:  # SQLite: "WHERE true" tells its parser the ON CONFLICT belongs to the INSERT
            rows = json.dumps(
                [
                    [u, k, p, url, r]
                    for u, k, p, url, r in zip(users, keys, params, urls, regencies, strict=True)
                ]
            )
            cursor.execute(
                columns + " SELECT value ->> 0, %s, value ->> 1, value ->> 2, value ->> 3, value ->> 4, %s"  # noqa: S608 - fixed table names
                " FROM json_each(%s) WHERE true" + conflict,
                [kind, connection.ops.adapt_datetimefield_value(now), rows],
            )
        return [Notification(id=i, user_id=u, kind=kind, event_key=k) for i, u, k in cursor.fetchall()]


def _insert_deliveries(rows: list[Delivery], now: datetime) -> None:
    if not rows:
        return
    table = Delivery._meta.db_table
    columns = (
        f"INSERT INTO {table} (notification_id, channel, key, digest, status, attempts,"
        " next_attempt_at, last_error, created_at)"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                columns + " SELECT t.n, t.c, t.k, t.d, 'pending', 0, t.a, '', %s"  # noqa: S608 - fixed table names
                " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::boolean[], %s::timestamptz[])"
                " AS t(n, c, k, d, a) ON CONFLICT (key) DO NOTHING",
                [
                    now,
                    [d.notification_id for d in rows],
                    [d.channel for d in rows],
                    [d.key for d in rows],
                    [d.digest for d in rows],
                    [d.next_attempt_at for d in rows],
                ],
            )
        else:
            adapt = connection.ops.adapt_datetimefield_value
            data = json.dumps(
                [[d.notification_id, d.channel, d.key, int(d.digest), adapt(d.next_attempt_at)] for d in rows]
            )
            cursor.execute(
                columns + " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, 'pending', 0,"  # noqa: S608 - fixed table names
                " value ->> 4, '', %s FROM json_each(%s) WHERE true ON CONFLICT (key) DO NOTHING",
                [adapt(now), data],
            )


def _deliveries(notes: list[Notification], kind: str, now: datetime) -> list[Delivery]:
    configured = channels.configured()
    if not any(configured.values()):
        return []
    ids = [n.user_id for n in notes]
    modes = _modes(ids, kind)
    emails = (
        dict(User.objects.filter(pk__in=ids, is_active=True).exclude(email="").values_list("pk", "email"))
        if configured["email"]
        else {}
    )
    phones = (
        set(
            Contact.objects.filter(user_id__in=ids, whatsapp_verified_at__isnull=False)
            .exclude(whatsapp="")
            .values_list("user_id", flat=True)
        )
        if configured["whatsapp"]
        else set()
    )
    digest_at = digest_time(now)
    rows = []
    for note in notes:
        for channel, reachable in (
            (Channel.EMAIL, note.user_id in emails),
            (Channel.WHATSAPP, note.user_id in phones),
        ):
            mode = modes.get((note.user_id, channel)) or default_mode(kind, channel)
            if not reachable or mode == Mode.OFF:
                continue
            digest = mode == Mode.DIGEST
            rows.append(
                Delivery(
                    notification_id=note.id,
                    channel=channel,
                    digest=digest,
                    key=f"{kind}:{note.event_key}:{note.user_id}:{channel}"[:260],
                    next_attempt_at=digest_at if digest else now,
                )
            )
    return rows


def _enqueue_delivery() -> None:
    # The worker sends; without a worker, `run_due_jobs --once` (cron) does.
    from .tasks import deliver_due

    deliver_due.enqueue()


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (all when no ids are given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, user: User, modes: dict[tuple[str, str], str], language: str | None = None) -> None:
    """Save the person's choice per kind and channel (and the language of messages)."""
    for (kind, channel), mode in modes.items():
        if kind not in KINDS or channel not in Channel.values or mode not in Mode.values:
            raise ValidationError(_("Choose immediately, daily digest or not at all."))
        Preference.objects.update_or_create(user=user, kind=kind, channel=channel, defaults={"mode": mode})
    if language is not None:
        if language not in dict(settings.LANGUAGES):
            raise ValidationError(_("Choose Bahasa Indonesia or English."))
        contact, _created = Contact.objects.get_or_create(user=user)
        contact.language = language
        contact.save(update_fields=["language"])


def modes_for(user: User) -> dict[tuple[str, str], str]:
    saved = {(p.kind, p.channel): p.mode for p in Preference.objects.filter(user=user)}
    return {(k, c): saved.get((k, c)) or default_mode(k, c) for k in KINDS for c in Channel.values}


# --- The WhatsApp number ------------------------------------------------------------------------


def _digest(code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{code}".encode()).hexdigest()


def normalise_phone(raw: str) -> str:
    """'0812-3456 789' or '+62 812...' -> '62812...': the international form without '+'."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not (9 <= len(digits) <= 15) or not digits.startswith("62"):
        raise ValidationError({"whatsapp": _("Enter an Indonesian mobile number, e.g. 0812 3456 7890.")})
    return digits


@transaction.atomic
def phone_start(*, user: User, raw: str) -> Contact:
    """Send a 6-digit code to the number by WhatsApp; the number is used once the code comes back."""
    if not channels.whatsapp_configured():
        raise ValidationError(_("WhatsApp is not set up on this site; ask the administrator."))
    number = normalise_phone(raw)
    contact, _created = Contact.objects.select_for_update().get_or_create(user=user)
    if contact.code_sent_at and timezone.now() - contact.code_sent_at < timedelta(seconds=60):
        raise ValidationError(_("A code was sent less than a minute ago; wait a moment."))
    code = f"{secrets.randbelow(10**6):06d}"
    try:
        channels.whatsapp_driver().send(
            to=number, template=settings.WHATSAPP_CODE_TEMPLATE, language=contact.language, params=[code]
        )
    except channels.SendError as exc:
        raise ValidationError(_("The code could not be sent: %(error)s") % {"error": exc}) from exc
    contact.whatsapp, contact.whatsapp_verified_at = number, None
    contact.code_digest, contact.code_sent_at, contact.code_tries = _digest(code), timezone.now(), 0
    contact.save()
    return contact


@transaction.atomic
def phone_confirm(*, user: User, code: str) -> Contact:
    contact = Contact.objects.select_for_update().filter(user=user).first()
    if contact is None or not contact.code_digest or contact.code_sent_at is None:
        raise ValidationError({"code": _("Ask for a code first.")})
    if contact.code_tries >= 5 or timezone.now() - contact.code_sent_at > timedelta(minutes=15):
        raise ValidationError({"code": _("This code has expired; ask for a new one.")})
    if not secrets.compare_digest(_digest(code.strip()), contact.code_digest):
        contact.code_tries += 1
        contact.save(update_fields=["code_tries"])
        raise ValidationError({"code": _("The code is not right.")})
    contact.whatsapp_verified_at, contact.code_digest = timezone.now(), ""
    contact.save(update_fields=["whatsapp_verified_at", "code_digest"])
    audit_record(
        action="notifications.phone_verified", actor=user, obj=contact, payload={"whatsapp": contact.whatsapp}
    )
    return contact
