"""Assessment instruments as versioned data.

InstrumentVersion > Section > Indicator > ScaleOption. A section is either a *tatanan* (setting,
scored into the overall percentage) or a *kelembagaan* component (one of the four institutional
bodies, assessed separately); both hold indicators with scale options, exactly as the official
workbook does. The award rules (categories with their score bands, ODF gates, kelembagaan pass
mark and history rule) are rows attached to the version, so a new round is new data, never code.

A version that has assessments is frozen (`frozen_at`): the services refuse to change it and a
change means a new version.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.common.models import TimeStampedModel


class InstrumentVersion(TimeStampedModel):
    class ScoreMethod(models.TextChoices):
        PER_INDICATOR = "per_indicator", _("Sum of indicator points / maximum points")
        PER_TATANAN_MEAN = "per_tatanan_mean", _("Mean of the tatanan percentages")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    award_year = models.PositiveSmallIntegerField(_("award year"))
    data_years = models.JSONField(_("data years"), default=list)
    score_method = models.CharField(
        _("score method"), max_length=30, choices=ScoreMethod.choices,
        default=ScoreMethod.PER_INDICATOR,
    )
    kelembagaan_pass_mark = models.DecimalField(
        _("kelembagaan pass mark (%)"), max_digits=5, decimal_places=2, default=60
    )
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    class Meta:
        ordering = ["-award_year", "code"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")

    def __str__(self) -> str:
        return self.code

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class AwardCategory(models.Model):
    """One Swasti Saba category and the conditions to reach it (all must hold)."""

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="award_categories"
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the lowest category."))
    min_score = models.DecimalField(_("minimum overall score (%)"), max_digits=5, decimal_places=2)
    min_tatanan_score = models.DecimalField(
        _("minimum score of every tatanan (%)"), max_digits=5, decimal_places=2,
        null=True, blank=True,
    )
    min_odf_percent = models.DecimalField(
        _("minimum ODF villages (%)"), max_digits=5, decimal_places=2, default=0
    )
    requires_kelembagaan_pass = models.BooleanField(_("kelembagaan must pass"), default=True)
    previous_categories = models.JSONField(
        _("category codes required in the previous cycle"), default=list, blank=True
    )

    class Meta:
        ordering = ["version_id", "rank"]
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="award_category_unique_code"),
            models.UniqueConstraint(fields=["version", "rank"], name="award_category_unique_rank"),
        ]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    class Kind(models.TextChoices):
        TATANAN = "tatanan", _("Tatanan")
        KELEMBAGAAN = "kelembagaan", _("Kelembagaan component")

    class Body(models.TextChoices):
        TIM_PEMBINA = "tim_pembina", _("Tim Pembina")
        FORUM = "forum", _("Forum Kabupaten/Kota Sehat")
        FKK = "fkk", _("Forum Komunikasi Kecamatan (FKK)")
        POKJA = "pokja", _("Pokja Desa/Kelurahan Sehat")

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Stable across versions, e.g. T1 or K2.")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    body = models.CharField(_("institution"), max_length=20, choices=Body.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["version_id", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="section_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    class Element(models.TextChoices):
        SK = "sk", _("Decree (SK)")
        RENCANA_KERJA = "rencana_kerja", _("Work plan")
        ANGGARAN = "anggaran", _("Budget")
        SEKRETARIAT = "sekretariat", _("Secretariat")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=20)
    name = models.TextField(_("indicator"))
    definition = models.TextField(_("operational definition"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    evidence_required = models.TextField(_("required evidence"), blank=True)
    scale_text = models.TextField(_("scale (as published)"), blank=True)
    element = models.CharField(
        _("institutional element"), max_length=20, choices=Element.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"))
    # The best option's points, kept at import so that scores are sums over one table.
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=100)

    class Meta:
        ordering = ["section_id", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="indicator_unique_number"),
            models.UniqueConstraint(fields=["section", "code"], name="indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ScaleOption(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    points = models.PositiveSmallIntegerField(_("points"))
    description = models.TextField(_("description"))

    class Meta:
        ordering = ["indicator_id", "position"]
        verbose_name = _("scale option")
        verbose_name_plural = _("scale options")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="option_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.points}: {self.description[:60]}"
