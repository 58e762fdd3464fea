"""Submission, provincial and national review, returns for correction, field validation, decision.

A regency's self-assessment is submitted as a frozen Submission (a snapshot later edits do not
change). Each level reviews item by item in rounds: a Review is one level's option, note and
verdict on one item in one round. Items that need correction go back to their offices with a
deadline (a CorrectionRound); when the regency resubmits them, the level reviews them again in the
next round. Every round is kept. The award engine reads, for each item, the points of the latest
level that scored it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Registration, Response
from wistara.instruments.models import AwardCategory, ScaleOption, Section
from wistara.regions.models import Province, Village

from .rounds import ReturnRound, RoundReview, Verdict


class Level(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class Submission(models.Model):
    """The regency's self-assessment as it was when submitted (one per submission)."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("number"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    incomplete = models.JSONField(_("items submitted incomplete"), default=list, blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["registration_id", "number"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["registration", "number"], name="submission_number"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} #{self.number}"


class CorrectionRound(ReturnRound):
    """One level's return of items to the regency, with the deadline to fix them."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="corrections")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)

    class Meta:
        ordering = ["registration_id", "level", "number"]
        verbose_name = _("correction round")
        verbose_name_plural = _("correction rounds")
        constraints = [
            models.UniqueConstraint(fields=["registration", "level", "number"], name="correction_round"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} {self.level} #{self.number}"


class DeadlineExtension(models.Model):
    """A verifier moved a correction deadline: from when, to when, why, by whom."""

    correction = models.ForeignKey(CorrectionRound, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateTimeField(_("old deadline"))
    new_deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"), blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField(_("extended at"))

    class Meta:
        ordering = ["correction_id", "extended_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.correction} → {self.new_deadline}"


class CommonNote(models.Model):
    """A note a province's verifiers insert often, beside the programme's own (verification.notes)."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("note"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["province_id", "id"]
        verbose_name = _("common note")
        verbose_name_plural = _("common notes")
        constraints = [models.UniqueConstraint(fields=["province", "text"], name="common_note_once")]

    def __str__(self) -> str:
        return self.text


class Review(RoundReview):
    """One level's judgement of one item in one round."""

    Verdict = Verdict

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    option = models.ForeignKey(
        ScaleOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("verifier's option"),
    )
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response_id", "level", "round"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["response", "level", "round"], name="review_once_per_round"),
        ]
        indexes = [models.Index(fields=["level", "response"], name="review_level_idx")]

    def __str__(self) -> str:
        return f"{self.response_id} {self.level} r{self.round}: {self.verdict}"


class FieldVisit(models.Model):
    """The national and provincial team's two days in the regency."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="field_visit")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    team = models.JSONField(_("team"), default=list, blank=True)
    villages = models.ManyToManyField(Village, blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("field validation")
        verbose_name_plural = _("field validations")

    def __str__(self) -> str:
        return f"{self.registration} {self.starts_on}"


class FieldFinding(models.Model):
    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="findings")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    finding = models.TextField(_("finding"))

    class Meta:
        verbose_name = _("field finding")
        verbose_name_plural = _("field findings")
        constraints = [
            models.UniqueConstraint(fields=["visit", "section"], name="finding_once_per_section"),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.section_id}"


class Decision(models.Model):
    """The plenary's final word: a category, or none, and why."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="decision")
    category = models.ForeignKey(
        AwardCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    reason = models.TextField(_("reason"))
    engine_result = models.JSONField(_("award engine result"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.registration}: {self.category or '-'}"
