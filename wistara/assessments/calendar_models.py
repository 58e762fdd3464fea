"""A cycle's stage calendar to the hour (Asia/Jakarta), its correction-window rule and data years.

Read through wistara.assessments.services.calendar, never directly: a cycle without rows here
falls back to its day milestones (from 00.00 of the first day to the end of the last), so every
lock, deadline text, countdown and reminder reads one calendar either way.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Cycle


class Stage(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    PROVINCIAL_VERIFICATION = "provincial_verification", _("Provincial verification")
    NATIONAL_VERIFICATION = "national_verification", _("National document verification")
    FIELD_VALIDATION = "field_validation", _("Field validation")
    PLENARY = "plenary", _("Plenary")
    AWARD = "award", _("Award")


class CycleCalendar(models.Model):
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="calendar")
    data_years = models.JSONField(_("data years"), default=list, blank=True)
    # The correction window: this many hours after the return, ending at the first full hour
    # `correction_end_hour` (Indonesian time) at or after that; empty: exactly the hours.
    correction_hours = models.PositiveSmallIntegerField(_("correction window (hours)"), default=48)
    correction_end_hour = models.PositiveSmallIntegerField(
        _("correction window ends at (hour, WIB)"), null=True, blank=True, default=15
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stage calendar")
        verbose_name_plural = _("stage calendars")

    def __str__(self) -> str:
        return str(self.cycle)


class CycleStage(models.Model):
    calendar = models.ForeignKey(CycleCalendar, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("stage"), max_length=40, choices=Stage.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "stage"], name="cycle_stage_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="cycle_stage_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.stage}"
