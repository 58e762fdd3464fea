"""The review rounds of the dossier, read: which round a level is in, whether it may review now
and why not, what was accepted before, what a province's set still lacks.

Reads only, moved out of the services (issue 15), which call them before they write, as do the
pages and the API.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.assessments.models import Registration
from wistara.verification.models import Level
from wistara.verification.rounds import round_of

from .locking import provincial_window_closed
from .models import (
    DossierCorrection,
    NarrativeReview,
    ProvincialDocument,
    ProvincialDocumentReview,
    ProvincialDossier,
    Verdict,
)

S = Registration.Status
D = ProvincialDossier.Status
REVIEW_STATES: dict[str, set[str]] = {  # by str: levels arrive as plain strings
    Level.PROVINCIAL: {S.SUBMITTED, S.PROVINCIAL_REVIEW, S.PROVINCIAL_RETURNED},
    Level.NATIONAL: {S.PROVINCIAL_VERIFIED, S.NATIONAL_REVIEW, S.NATIONAL_RETURNED},
}


def current_round(registration: Registration, level: str) -> int:
    """Round 1 until the first return; each resubmission opens the next round."""
    return round_of(registration.dossier_corrections.filter(level=level))


def open_correction(registration: Registration) -> DossierCorrection | None:
    open_ones = registration.dossier_corrections.filter(resubmitted_at__isnull=True)
    return open_ones.order_by("-returned_at").first()


def review_refusal(registration: Registration, level: str) -> str | None:
    """None when the level may review the narratives now, else why not."""
    if level not in REVIEW_STATES:
        return _("Unknown level.")
    if registration.status not in REVIEW_STATES[level]:
        return _("Not possible now: %(regency)s is “%(status)s”.") % {
            "regency": registration.regency.name,
            "status": registration.get_status_display(),
        }
    correction = open_correction(registration)
    if correction is not None:
        return _("The returned narratives are with the regency until %(when)s.") % {
            "when": timezone.localtime(correction.deadline).strftime("%d-%m-%Y %H:%M")
        }
    return None


def accepted_before(registration: Registration, level: str, rnd: int) -> set[int]:
    """Narratives accepted at this level in an earlier round: not reviewed again."""
    return set(
        NarrativeReview.objects.filter(
            narrative__registration=registration,
            level=level,
            round__lt=rnd,
            verdict=Verdict.ACCEPTED,
        ).values_list("narrative_id", flat=True)
    )


# --- A province's own documents -------------------------------------------------------------------


def missing_kinds(dossier: ProvincialDossier) -> list[str]:
    present = set(dossier.documents.filter(removed_at__isnull=True).values_list("kind", flat=True))
    return [kind for kind in ProvincialDocument.REQUIRED if kind not in present]


def provincial_round(dossier: ProvincialDossier) -> int:
    return round_of(dossier.corrections.all())


def provincial_review_refusal(dossier: ProvincialDossier) -> str | None:
    """None when the nation may review the province's documents now, else why not."""
    if dossier.status == D.RETURNED:
        return _("The returned documents are with the province until %(when)s.") % {
            "when": timezone.localtime(dossier.correction_deadline).strftime("%d-%m-%Y %H:%M")
        }
    if dossier.status == D.DRAFT and not provincial_window_closed(dossier):
        return _("The province has not submitted its documents yet.")
    return None


def provincial_accepted_before(dossier: ProvincialDossier, rnd: int) -> set[int]:
    """Documents accepted in an earlier round: not reviewed again."""
    return set(
        ProvincialDocumentReview.objects.filter(
            document__dossier=dossier,
            round__lt=rnd,
            verdict=Verdict.ACCEPTED,
        ).values_list("document_id", flat=True)
    )
