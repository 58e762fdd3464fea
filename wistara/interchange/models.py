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
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PREVIEW)
    # {"sheets": [...], "skipped": [...], "items": [{...item, "match": {...}}]}
    content = models.JSONField(default=dict)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
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
