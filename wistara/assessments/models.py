"""A regency's assessment in one cycle: registration, lokus, ODF data and its item responses.

Cycle (national, on one instrument version) > Registration (one regency, target category, lokus)
> Response (one per indicator and kelembagaan item: the office responsible, achievements for both
data years, the chosen option, evidence counters, status) > ResponseChange (history).
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.accounts.models import Office
from wistara.common.models import TimeStampedModel
from wistara.instruments.models import AwardCategory, Indicator, InstrumentVersion, ScaleOption, Section
from wistara.regions.models import District, Regency, Village


class Cycle(TimeStampedModel):
    """One assessment round with its milestones (dates are Asia/Jakarta calendar days)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    instrument = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("instrument version"),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("previous cycle"),
    )
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(_("registration closes"))
    self_assessment_deadline = models.DateField(_("self-assessment deadline"))
    provincial_verification_start = models.DateField(_("provincial verification starts"))
    provincial_verification_end = models.DateField(_("provincial verification ends"))
    national_verification_start = models.DateField(_("national verification starts"))
    national_verification_end = models.DateField(_("national verification ends"))
    field_validation_start = models.DateField(_("field validation starts"))
    field_validation_end = models.DateField(_("field validation ends"))
    award_date = models.DateField(_("award date"))

    # Kept on the instance by services.calendar (a page asks for many items of one cycle); declared
    # for the type checker only, they are no columns and have no class value.
    _calendar_cache: "CycleCalendar | None"
    _self_assessment_end: datetime

    class Meta:
        ordering = ["-registration_opens"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")

    def __str__(self) -> str:
        return self.name

    @property
    def data_years(self) -> list[int]:
        """The cycle's two data years, from its calendar (issue 12), else the instrument's."""
        from .services.calendar import data_years

        return data_years(self)

    @property
    def self_assessment_ends_at(self):
        """When self-assessment ends, to the hour, from the stage calendar (issue 12)."""
        from .services.calendar import self_assessment_end

        return self_assessment_end(self)


class Registration(TimeStampedModel):
    """A regency's entry (usulan) in a cycle."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        SUBMITTED = "submitted", _("Submitted")
        PROVINCIAL_REVIEW = "provincial_review", _("In provincial verification")
        PROVINCIAL_RETURNED = "provincial_returned", _("Returned by the province")
        PROVINCIAL_VERIFIED = "provincial_verified", _("Verified by the province")
        NATIONAL_REVIEW = "national_review", _("In national verification")
        NATIONAL_RETURNED = "national_returned", _("Returned by the nation")
        NATIONAL_VERIFIED = "national_verified", _("Verified by the nation")
        FIELD_VALIDATION = "field_validation", _("Field validation")
        DECIDED = "decided", _("Decided")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="registrations")
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="registrations")
    target_category = models.ForeignKey(
        AwardCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("target category")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SELF_ASSESSMENT
    )
    lokus_districts = models.ManyToManyField(District, blank=True, related_name="+")
    lokus_villages = models.ManyToManyField(Village, blank=True, related_name="+")
    contacts = models.JSONField(_("contact persons"), default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)
    # While items are out for correction: when the regency's window to fix them closes.
    correction_deadline = models.DateTimeField(_("correction deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "regency"], name="registration_once_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.regency} · {self.cycle.code}"


class VillageOdf(models.Model):
    """ODF (Stop BABS) status of one desa/kelurahan for a registration."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="odf")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    is_odf = models.BooleanField(_("ODF (Stop BABS)"), default=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("village ODF status")
        verbose_name_plural = _("village ODF statuses")
        constraints = [
            models.UniqueConstraint(fields=["registration", "village"], name="odf_once_per_village"),
        ]
        # The dashboards count each registration's ODF villages from this index alone.
        indexes = [models.Index(fields=["registration", "is_odf"], name="odf_registration_idx")]

    def __str__(self) -> str:
        return f"{self.village_id}: {self.is_odf}"


class Response(models.Model):
    """The regency's answer to one indicator or kelembagaan item.

    `revision` grows with every save: a save carries the revision it was based on and is refused
    when another save came first (no silent overwrite). `points` copies the chosen option's points
    and the two evidence counters are kept by the evidence services, so that progress and scores
    are plain aggregates over this one table.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        VALIDATED = "validated", _("Validated by the head of office")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="responses")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="responses")
    office = models.ForeignKey(
        Office,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("responsible office"),
    )
    value_prev = models.DecimalField(
        _("achievement, first data year"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    value_curr = models.DecimalField(
        _("achievement, second data year"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    note_prev = models.TextField(_("achievement note, first data year"), blank=True)
    note_curr = models.TextField(_("achievement note, second data year"), blank=True)
    option = models.ForeignKey(
        ScaleOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scale option"),
    )
    points = models.PositiveSmallIntegerField(null=True, blank=True)
    # The verifiers' points, copied from their latest review so that scores at every level, and
    # the latest level's score, stay plain sums over this table (see verification.services).
    provincial_points = models.PositiveSmallIntegerField(null=True, blank=True)
    national_points = models.PositiveSmallIntegerField(null=True, blank=True)
    explanation = models.TextField(_("office's explanation"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    evidence_prev = models.PositiveIntegerField(default=0)
    evidence_curr = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=0)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    # Set by services.assignments.response_assign on the row it returns (no column): whether the
    # move withdrew the item's validation. Declared for the type checker only.
    withdrawn: bool

    class Meta:
        ordering = ["indicator__section__order", "indicator__order"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["registration", "indicator"], name="response_once"),
        ]
        indexes = [models.Index(fields=["registration", "office"], name="response_office_idx")]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.indicator_id}"

    @property
    def is_complete(self) -> bool:
        return self.option_id is not None and self.evidence_prev > 0 and self.evidence_curr > 0


# Response.is_complete in a query.
COMPLETE = models.Q(option__isnull=False, evidence_prev__gt=0, evidence_curr__gt=0)


class SectionTotal(models.Model):
    """A registration's sums over its responses of one section (tatanan or kelembagaan component).

    Kept by wistara.assessments.services.totals in the transaction of every write that changes
    them (an answer's option, its evidence counters, a verifier's points, a new registration), so
    that the national dashboard reads 514 x 13 small rows instead of 78,000 responses; always
    equal to a recount (`manage.py totals_rebuild` recounts). "latest" counts each item at the last
    level that scored it; "scored" counts the items a verifier level has scored.
    """

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="section_totals")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    items = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    complete = models.PositiveIntegerField(default=0)
    max_points = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    provincial_points = models.PositiveIntegerField(default=0)
    national_points = models.PositiveIntegerField(default=0)
    latest_points = models.PositiveIntegerField(default=0)
    provincial_scored = models.PositiveIntegerField(default=0)
    national_scored = models.PositiveIntegerField(default=0)

    class Meta:
        # Not edited by anyone (no admin, no form): no translated names.
        constraints = [
            models.UniqueConstraint(fields=["registration", "section"], name="section_total_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.section_id}"


class ResponseChange(models.Model):
    """One changed field of a response: who, when, old and new value."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    revision = models.PositiveIntegerField()
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    # Why, when the change was a consequence of another (a validation withdrawn because the
    # answer changed or the item moved office): shown beside the line in the history.
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("response change")
        verbose_name_plural = _("response changes")

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"


# The stage calendar (issue 12) lives in its own module; imported here so Django registers it.
from .calendar_models import CycleCalendar, CycleStage  # noqa: E402,F401
