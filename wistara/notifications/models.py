"""Notifications: what a person must act on, in Wistara, by email and by WhatsApp.

Notification (one per event and person, shown under the bell) > Delivery (one per channel that
carries it outside Wistara: its status, attempts, next try and last error). A Delivery's `key`
(event, person, channel) is unique, so neither a retry nor a second scan ever sends twice.
Preference says, per person, kind and channel: immediately, in the daily digest, or not at all.
Contact holds the person's language for messages and the WhatsApp number once verified.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wistara.regions.models import Regency


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Not at all")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    # What happened, unique per kind and person: the same event never notifies anyone twice.
    event_key = models.CharField(max_length=200)
    # The values the kind's sentence needs; rendered in the reader's language when shown or sent.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    regency = models.ForeignKey(Regency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "event_key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["kind", "event_key"], name="notification_event_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    key = models.CharField(max_length=260, unique=True)
    digest = models.BooleanField(_("in the digest"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="delivery_due_idx",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    mode = models.CharField(max_length=20, choices=Mode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.channel}: {self.mode}"


class Contact(models.Model):
    """The person's language for messages, and the WhatsApp number (used only once verified)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_contact"
    )
    language = models.CharField(_("language"), max_length=8, default="id")
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    whatsapp_verified_at = models.DateTimeField(null=True, blank=True)
    # The code sent to the number, kept only as a digest; tries count wrong answers.
    code_digest = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_tries = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.user_id}"

    @property
    def whatsapp_verified(self) -> bool:
        return bool(self.whatsapp and self.whatsapp_verified_at)
