"""A change of many items at once, kept so that it is shown before, applied once, and undone.

Every action that changes more than one item (the kelembagaan pre-fill, assignment by tatanan, a
head of office's bulk validation) is first *planned*: a BulkChange holds, row by row, each item's
state before and the state it will have, and the preview shows exactly that. Confirming applies the
rows through the assessments' own services (so revisions, history and the lock rules hold) in one
transaction; undoing reverses them, again through the services, as long as nothing newer touched
those items (wistara.bulk.services).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wistara.assessments.models import Registration


class BulkChange(models.Model):
    class Kind(models.TextChoices):
        PREFILL = "prefill", _("Kelembagaan items filled from the records")
        ASSIGN = "assign", _("Items of a tatanan assigned to an office")
        VALIDATE = "validate", _("Items validated by the head of office")

    class State(models.TextChoices):
        PLANNED = "planned", _("Waiting for confirmation")
        APPLIED = "applied", _("Applied")
        UNDONE = "undone", _("Undone")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PLANNED)
    # What the person asked for (a tatanan and office, ...), shown in the title.
    params = models.JSONField(default=dict, blank=True)
    # One dict per item: {"response", "code", "name", "before": {...}, "after": {...}, "notes",
    # "files", "applied": {...}}; see wistara.bulk.plans.
    rows = models.JSONField(default=list, blank=True)
    # Items left out of the plan and why ("K1.1: locked"), shown in the preview.
    skipped = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    # The newest history line of these items once applied: a newer line means someone touched
    # one of them since, and the change can no longer be undone safely.
    last_change_id = models.BigIntegerField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk change")
        verbose_name_plural = _("bulk changes")
        indexes = [models.Index(fields=["registration", "kind", "state"], name="bulk_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
