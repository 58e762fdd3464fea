"""When the dossier may still change: the indicators' windows (assessments.services.locking).

A regency's narratives and funding follow its registration: open until the self-assessment
deadline or the submission, whichever comes first; a narrative returned for correction opens
again until its correction window closes. The general data belongs to the regency across cycles:
it is locked only while one of its registrations is being verified (submitted, not yet decided),
so that verifiers judge what the regency submitted. A province's documents are open until it
submits them or the provincial verification period ends; returned ones until their deadline.
"""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from wistara.assessments.models import Registration
from wistara.assessments.services import calendar
from wistara.assessments.services.locking import OPEN_STATUSES, deadline_passed, deadline_text
from wistara.regions.models import Regency

from .models import Narrative, ProvincialDocument, ProvincialDossier

S = Registration.Status
UNDER_VERIFICATION = set(S.values) - set(OPEN_STATUSES) - {S.DECIDED}


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def dossier_lock_reason(registration: Registration, on: date | None = None) -> str | None:
    """None while the regency's narratives and funding may change, else why not."""
    if registration.status not in OPEN_STATUSES:
        return _("The regency has submitted its self-assessment; the dossier is locked.")
    if deadline_passed(registration, on):
        return _("The self-assessment deadline (%(date)s) has passed; the dossier is locked.") % {
            "date": deadline_text(registration)
        }
    return None


def narrative_lock_reason(narrative: Narrative, on: date | None = None) -> str | None:
    if narrative.status == Narrative.Status.RETURNED:
        closes = narrative.returned_until
        if closes and timezone.now() > closes:
            return _("The correction window closed at %(when)s; the narrative is locked.") % {
                "when": _when(closes)
            }
        return None
    return dossier_lock_reason(narrative.registration, on)


def general_data_lock_reason(regency: Regency) -> str | None:
    """Locked while a registration of the regency is under verification."""
    busy = (
        Registration.objects.filter(regency=regency, status__in=UNDER_VERIFICATION)
        .select_related("cycle")
        .order_by("-cycle__registration_opens")
        .first()
    )
    if busy is None:
        return None
    return _("%(cycle)s is being verified; the general data is locked until the decision.") % {
        "cycle": busy.cycle.name
    }


def provincial_window_closed(dossier: ProvincialDossier, on: date | None = None) -> bool:
    # The provincial verification stage's end, to the hour, from the cycle calendar (issue 12).
    ends = calendar.stage_end(dossier.cycle, "provincial_verification")
    return (calendar.day_start(on) >= ends) if on is not None else timezone.now() >= ends


def provincial_lock_reason(
    dossier: ProvincialDossier,
    document: ProvincialDocument | None = None,
    on: date | None = None,
) -> str | None:
    """None while the province may add documents (document None) or change `document`."""
    if dossier.status == ProvincialDossier.Status.RETURNED:
        # Returned documents are fixed, and a missing one may be added, until the deadline.
        if document is not None and document.status != ProvincialDocument.Status.RETURNED:
            return _("Only the documents returned for correction may change now.")
        closes = dossier.correction_deadline
        if closes and timezone.now() > closes:
            return _("The correction window closed at %(when)s; the documents are locked.") % {
                "when": _when(closes)
            }
        return None
    if dossier.status != ProvincialDossier.Status.DRAFT:
        return _("The documents have been submitted to the nation; they are locked.")
    if provincial_window_closed(dossier, on):
        return _("The provincial verification period ended on %(date)s; the documents are locked.") % {
            "date": dossier.cycle.provincial_verification_end.strftime("%d-%m-%Y")
        }
    return None
