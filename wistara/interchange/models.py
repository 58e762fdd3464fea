"""What the interchange keeps: workbook imports under review and what they brought as history.

An ImportBatch is one uploaded workbook for one registration: read once, its items and their
proposed matches kept as JSON until the coordinator applies or discards it. PastScore keeps, per
item, what an earlier round's workbook said (the regency's own score, the province's score and
note): history for the office to read, never this cycle's verification.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Registration, Response


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting review")
        APPLIED = "applied", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    data_year = models.PositiveSmallIntegerField(_("data year of links without a year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    # {"sheets": [...], "skipped": [...], "items": [{...item, "match": {...}}]}
    content = models.JSONField(default=dict)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workbook import")
        verbose_name_plural = _("workbook imports")

    def __str__(self) -> str:
        return self.file_name


class PastScore(models.Model):
    """An earlier round's answer to an item, as its workbook gave it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="past_scores")
    batch = models.ForeignKey(ImportBatch, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(_("source"), max_length=200)
    sheet = models.CharField(_("sheet"), max_length=100)
    row = models.PositiveIntegerField(_("row"))
    old_name = models.TextField(_("indicator in the workbook"))
    self_points = models.PositiveSmallIntegerField(_("regency's score"), null=True, blank=True)
    provincial_points = models.PositiveSmallIntegerField(_("province's score"), null=True, blank=True)
    provincial_note = models.TextField(_("province's note"), blank=True)
    national_points = models.PositiveSmallIntegerField(_("national score"), null=True, blank=True)
    national_note = models.TextField(_("national note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("earlier score")
        verbose_name_plural = _("earlier scores")

    def __str__(self) -> str:
        return f"{self.source} {self.sheet}:{self.row}"


class SipantasId(models.Model):
    """The national system's own id for one of our objects.

    kind regency: local_code is the regency code, instrument empty. kind tatanan / indicator /
    kelembagaan: local_code is the section or indicator code of that instrument version.
    """

    class Kind(models.TextChoices):
        REGENCY = "regency", _("Regency/city")
        TATANAN = "tatanan", _("Tatanan")
        INDICATOR = "indicator", _("Indicator")
        KELEMBAGAAN = "kelembagaan", _("Kelembagaan item")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    instrument = models.ForeignKey(
        "instruments.InstrumentVersion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    local_code = models.CharField(_("our code"), max_length=40)
    remote_id = models.CharField(_("SIPANTAS id"), max_length=40)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "local_code"]
        verbose_name = _("SIPANTAS id")
        verbose_name_plural = _("SIPANTAS ids")
        constraints = [
            models.UniqueConstraint(fields=["kind", "instrument", "local_code"], name="sipantas_id_once"),
            models.UniqueConstraint(
                fields=["kind", "local_code"],
                condition=models.Q(instrument__isnull=True),
                name="sipantas_regency_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_code} = {self.remote_id}"


class SipantasRecord(models.Model):
    """One record pushed (or to push) to the national system, with its last answer.

    key: "capaian:T1.1", "kelembagaan:K1.1" or "odf". payload_sha256 is of the last payload sent
    successfully: a re-push skips records whose payload is unchanged, so repeating it is safe.
    """

    class Status(models.TextChoices):
        NOT_SENT = "not_sent", _("Not sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_SENT)
    attempts = models.PositiveIntegerField(default=0)
    answer = models.TextField(_("answer of the national system"), blank=True)
    payload_sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("SIPANTAS record")
        verbose_name_plural = _("SIPANTAS records")
        constraints = [
            models.UniqueConstraint(fields=["registration", "key"], name="sipantas_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.key}: {self.status}"
