"""Evidence (data dukung): stored files and the attachments that point to them.

EvidenceFile is one stored blob per regency, found again by its SHA-256 so that the same document
attached twice is stored once. Evidence is one attachment, of a file or of a link, to one
response for one data year; it is removed softly (who, when) and can be restored. Files are never
deleted while an Evidence row points to them (PROTECT), and only the services write either table.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Response
from wistara.regions.models import Province, Regency

from .filetypes import TYPES

if TYPE_CHECKING:
    from .checks.selectors import Shown


class EvidenceFile(models.Model):
    # The owner: a regency, or a province for the Tim Pembina Provinsi's own documents (dossier).
    regency = models.ForeignKey(Regency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=120, help_text=_("Read from the content."))
    # A random name in the storage ("evidence/<regency code>/<hex>"): never the user's file name,
    # never a local path, so that S3 or another storage can take over.
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    exif_taken_at = models.DateTimeField(_("photo taken at"), null=True, blank=True)
    exif_lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    exif_lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.UniqueConstraint(fields=["regency", "sha256"], name="evidence_file_once_per_regency"),
            models.UniqueConstraint(fields=["province", "sha256"], name="evidence_file_once_per_province"),
            models.CheckConstraint(
                condition=Q(regency__isnull=False, province__isnull=True)
                | Q(regency__isnull=True, province__isnull=False),
                name="evidence_file_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def type_label(self) -> str:
        known = TYPES.get(self.content_type)
        return str(known.label) if known else self.content_type

    @property
    def download_name(self) -> str:
        """The display name, with an extension that matches the content (a PDF named .jpg gets .pdf)."""
        known = TYPES.get(self.content_type)
        name = self.original_name
        if known is None or name.lower().endswith(known.extensions):
            return name
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return f"{stem}{known.extensions[0]}"

    @property
    def has_location(self) -> bool:
        return self.exif_lat is not None and self.exif_lon is not None


class Evidence(models.Model):
    class Kind(models.TextChoices):
        DECREE = "decree", _("Decree")
        REGULATION = "regulation", _("Regulation")
        REPORT = "report", _("Report")
        SCREENSHOT = "screenshot", _("Screenshot")
        PHOTO = "photo", _("Photo")
        MINUTES = "minutes", _("Minutes")
        ATTENDANCE = "attendance", _("Attendance list")
        PLAN = "plan", _("Plan")
        OTHER = "other", _("Other")

    # PROTECT: evidence is a record of the assessment; a registration with evidence is not deleted
    # in passing.
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="evidence")
    file = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    url = models.URLField(_("link"), max_length=2000, blank=True)  # "" for a file
    title = models.CharField(_("title"), max_length=200)
    data_year = models.PositiveSmallIntegerField(_("data year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"))
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Set on the rows selectors.evidence_for_response returns (no columns; declared for the type
    # checker): the other indicators using the same file, and what the worker's check found.
    also_used_in: list[str]
    file_check: "Shown | None"

    class Meta:
        ordering = ["data_year", "added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(file__isnull=False, url="") | (Q(file__isnull=True) & ~Q(url="")),
                name="evidence_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_year}: {self.title}"

    @property
    def is_link(self) -> bool:
        return self.file_id is None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
