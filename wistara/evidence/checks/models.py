"""What the checks found, and how an instrument version wants them run.

FileCheck: the facts read from one file version (the stored bytes, named by their SHA-256, and the
readers' ENGINE), computed once by the worker however many indicators use the file.
UseCheck: the findings for one file where it is attached (a response), derived from the facts, the
file's tags there (data years, kind) and the settings; `key` says what they were derived from, so a
change of tags or settings is seen and the findings derived again (cheap, no re-reading).
CheckSettings / IndicatorWords: per instrument version, which checks run, their thresholds, and the
words that describe an indicator's evidence when the instrument's own text is not enough.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Response
from wistara.evidence.models import EvidenceFile
from wistara.instruments.models import Indicator, InstrumentVersion

# Raised when the readers change what they measure: every file version is then read again.
ENGINE = 1


class Level(models.TextChoices):
    # Ordered from the least to the most serious; `worst` compares by this order.
    PENDING = "pending", _("Being checked")
    OK = "ok", _("No problem found")
    INFO = "info", _("Note")
    WARNING = "warning", _("Worth a look")
    PROBLEM = "problem", _("Problem")


LEVEL_ORDER = [Level.PENDING, Level.OK, Level.INFO, Level.WARNING, Level.PROBLEM]


class FileCheck(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.ForeignKey(EvidenceFile, on_delete=models.CASCADE, related_name="checks")
    sha256 = models.CharField(max_length=64)
    engine = models.PositiveSmallIntegerField(default=ENGINE)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    facts = models.JSONField(default=dict)
    # The text read (text layer, OCR or document), capped: what years and indicators are matched on.
    text = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)  # how many times the file was read (tests: once)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("file check")
        verbose_name_plural = _("file checks")
        constraints = [
            models.UniqueConstraint(fields=["file", "sha256", "engine"], name="file_check_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}:{self.sha256[:12]} ({self.state})"


class UseCheck(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey(EvidenceFile, on_delete=models.CASCADE, related_name="use_checks")
    key = models.CharField(max_length=64, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.PENDING)
    # [{"code": ..., "level": ..., "params": {...}}]: messages are worded when shown (translated).
    findings = models.JSONField(default=list)
    # What the file is (pages, text layer or scan, ppi), copied from its facts: pages show it
    # without reading FileCheck.
    summary = models.JSONField(default=dict)
    derivations = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evidence check")
        verbose_name_plural = _("evidence checks")
        constraints = [
            models.UniqueConstraint(fields=["response", "file"], name="use_check_once_per_attachment"),
        ]
        indexes = [models.Index(fields=["response", "level"])]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.file_id}: {self.level}"


class CheckSettings(models.Model):
    """One row per instrument version; without one the defaults (config.DEFAULTS) apply."""

    version = models.OneToOneField(InstrumentVersion, on_delete=models.CASCADE, related_name="check_settings")
    checks = models.JSONField(
        _("checks that run"),
        default=list,
        blank=True,
        help_text=_(
            "Codes of the checks to run; empty means all: opens, text, legibility, years, "
            "indicator, signature, photo, duplicates."
        ),
    )
    min_ppi = models.PositiveSmallIntegerField(
        _("lowest resolution (pixels per inch)"),
        default=120,
        help_text=_("Scans below this are flagged as possibly unreadable."),
    )
    min_sharpness = models.FloatField(
        _("lowest sharpness"),
        default=120.0,
        help_text=_(
            "Variance of the Laplacian on a 1000-pixel-wide grey copy; below this a scan or "
            "photo is flagged as possibly blurred."
        ),
    )
    match_ratio = models.FloatField(
        _("another indicator fits better by"),
        default=1.5,
        help_text=_("Flag when another indicator's text matches this many times better."),
    )
    photo_needs_gps = models.BooleanField(_("photos need GPS"), default=True)
    revision = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("evidence check settings")
        verbose_name_plural = _("evidence check settings")

    def __str__(self) -> str:
        return str(self.version)


class IndicatorWords(models.Model):
    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="evidence_words")
    words = models.TextField(
        _("words describing the evidence"),
        help_text=_(
            "Added to the indicator's name, definition and required evidence when the text "
            "of a file is compared with the indicators."
        ),
    )

    class Meta:
        verbose_name = _("words for an indicator's evidence")
        verbose_name_plural = _("words for indicators' evidence")

    def __str__(self) -> str:
        return str(self.indicator)
