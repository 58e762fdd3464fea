"""Review in rounds, written once for the three kinds of reviewed object: a regency's items
(verification.Review), its narratives (dossier.NarrativeReview) and a province's documents
(dossier.ProvincialDocumentReview). Each kind keeps its own table (its own foreign key and
constraints), built on the two abstract models here; the rules about rounds below are the only
ones:

- a round is numbered by the returns that came back: round 1 until the first return is
  resubmitted, then one more per resubmission (`round_of`), and returns are numbered in order
  (`next_return_number`);
- a verdict is "accepted" or "needs correction", and asking for a correction says what to correct
  (`check_verdict`);
- a return's deadline defaults to the cycle's and must lie ahead (services.deadlines);
- where an object stands at a level (`standing`): never reviewed, returned in an earlier round,
  changed since its review, refused in this round (still to go back), or settled.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", gettext_lazy("Accepted")
    NEEDS_CORRECTION = "needs_correction", gettext_lazy("Needs correction")


class RoundReview(models.Model):
    """One judgement in one round of a review."""

    round = models.PositiveSmallIntegerField(gettext_lazy("round"), default=1)
    verdict = models.CharField(gettext_lazy("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(gettext_lazy("note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(gettext_lazy("reviewed at"))

    class Meta:
        abstract = True


class ReturnRound(models.Model):
    """A return for correction: who sent it back, when, the deadline, and when it came back."""

    number = models.PositiveSmallIntegerField(gettext_lazy("round"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(gettext_lazy("returned at"))
    deadline = models.DateTimeField(gettext_lazy("correction deadline"))
    resubmitted_at = models.DateTimeField(gettext_lazy("resubmitted at"), null=True, blank=True)

    class Meta:
        abstract = True


def round_of(returns: QuerySet) -> int:
    """The current round, given the returns of one level (of one object set)."""
    return returns.filter(resubmitted_at__isnull=False).count() + 1


def next_return_number(returns: QuerySet) -> int:
    return returns.count() + 1


def check_verdict(verdict: str, note: str, *, correction_message: str | None = None) -> None:
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose accepted or needs correction.")})
    if verdict == Verdict.NEEDS_CORRECTION and not (note or "").strip():
        raise ValidationError({"note": correction_message or _("Say what the office must correct.")})


NOT_REVIEWED, RETURNED, CHANGED, NEEDS_CORRECTION = (
    "not_reviewed",
    "returned",
    "changed",
    "needs_correction",
)


def standing(latest: RoundReview | None, current_round: int, changed_at: datetime | None) -> str | None:
    """Where one object stands at a level: None when settled, else why it is not."""
    changed = latest is not None and changed_at is not None and changed_at > latest.reviewed_at
    if latest is None:
        return NOT_REVIEWED
    if latest.verdict == Verdict.NEEDS_CORRECTION:
        return NEEDS_CORRECTION if latest.round == current_round and not changed else RETURNED
    return CHANGED if changed else None
