"""Assessment instruments as versioned data.

InstrumentVersion > Section > Indicator > ScaleOption. A section is either a *tatanan* (setting,
scored into the overall percentage) or a *kelembagaan* component (one of the four institutional
bodies, assessed separately); both hold indicators with scale options, exactly as the official
workbook does. The award rules (categories with their score bands, ODF gates, kelembagaan pass
mark and history rule) are rows attached to the version, so a new round is new data, never code.

A version that has assessments is frozen (`frozen_at`): the services refuse to change it and a
change means a new version.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.common.models import TimeStampedModel


class InstrumentVersion(TimeStampedModel):
    class ScoreMethod(models.TextChoices):
        PER_INDICATOR = "per_indicator", _("Sum of indicator points / maximum points")
        PER_TATANAN_MEAN = "per_tatanan_mean", _("Mean of the tatanan percentages")

    class BandEdge(models.TextChoices):
        INCLUSIVE = "inclusive", _("Inclusive: a score equal to the lower edge counts")
        EXCLUSIVE = "exclusive", _("Exclusive: the score must be above the lower edge")

    class OdfDenominator(models.TextChoices):
        ALL_VILLAGES = "all_villages", _("Every desa/kelurahan of the regency")
        LOKUS = "lokus", _("The lokus desa/kelurahan")

    class OdfStatus(models.TextChoices):
        CLAIMED = "claimed", _("Claimed ODF (as the regency records it)")
        VERIFIED = "verified", _("Verified ODF only (with a verification date)")

    class Rounding(models.TextChoices):
        ROUND = "round", _("Round half up")
        TRUNCATE = "truncate", _("Truncate")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    award_year = models.PositiveSmallIntegerField(_("award year"))
    data_years = models.JSONField(_("data years"), default=list)
    score_method = models.CharField(
        _("score method"),
        max_length=30,
        choices=ScoreMethod.choices,
        default=ScoreMethod.PER_INDICATOR,
    )
    kelembagaan_pass_mark = models.DecimalField(
        _("kelembagaan pass mark (%)"), max_digits=5, decimal_places=2, default=60
    )
    # Issue 13: the award rules the guidelines leave open. Every default is the behaviour before
    # these settings existed; wistara.assessments.engine reads them (via selectors.rules_for).
    band_edge = models.CharField(
        _("band edges"), max_length=20, choices=BandEdge.choices, default=BandEdge.INCLUSIVE
    )
    min_tatanan_percent = models.DecimalField(
        _("minimum per tatanan (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    odf_denominator = models.CharField(
        _("ODF denominator"),
        max_length=20,
        choices=OdfDenominator.choices,
        default=OdfDenominator.ALL_VILLAGES,
    )
    odf_status = models.CharField(
        _("ODF status that counts"), max_length=20, choices=OdfStatus.choices, default=OdfStatus.CLAIMED
    )
    percent_rounding = models.CharField(
        _("rounding of percentages"), max_length=20, choices=Rounding.choices, default=Rounding.ROUND
    )
    percent_decimals = models.PositiveSmallIntegerField(_("decimals of percentages"), default=2)
    paripurna_ip_spm_indicator = models.CharField(
        _("Paripurna: IP SPM item (indicator code)"), max_length=20, blank=True
    )
    paripurna_innovation_indicator = models.CharField(
        _("Paripurna: adopted innovation item (indicator code)"), max_length=20, blank=True
    )
    # When a decision first used these rules: from then on they never change (issue 13).
    rules_used_at = models.DateTimeField(_("award rules used by a decision at"), null=True, blank=True)
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

    def clean(self) -> None:
        errors = {}
        if not 0 <= self.percent_decimals <= 4:
            errors["percent_decimals"] = _("Decimals must be between 0 and 4.")
        if self.kelembagaan_pass_mark is not None and not 0 <= self.kelembagaan_pass_mark <= 100:
            errors["kelembagaan_pass_mark"] = _("The pass mark must be between 0 and 100.")
        if self.min_tatanan_percent is not None and not 0 <= self.min_tatanan_percent <= 100:
            errors["min_tatanan_percent"] = _(
                "The minimum per tatanan must be between 0 and 100, or empty for none."
            )
        if errors:
            raise ValidationError(errors)


class AwardCategory(models.Model):
    """One Swasti Saba category and the conditions to reach it (all must hold)."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="award_categories")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the lowest category."))
    min_score = models.DecimalField(_("minimum overall score (%)"), max_digits=5, decimal_places=2)
    min_tatanan_score = models.DecimalField(
        _("minimum score of every tatanan (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
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
    code = models.CharField(_("code"), max_length=20, help_text=_("Stable across versions, e.g. T1 or K2."))
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
    element = models.CharField(_("institutional element"), max_length=20, choices=Element.choices, blank=True)
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
