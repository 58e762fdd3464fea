"""Where an item stands: the one meaning of "complete" and of "done" for every page and the API.

An item is **complete** when it has a score option and active evidence for both data years; it is
**validated** when its head of office (or the coordinator standing in) has vouched for it; it is
**ready** for submission when it is both. The dashboard's completion, the office table, "What is
missing", the work queues, the progress and missing API and the submission all read these, so
that no page calls an item done that another lists as missing.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import COMPLETE, Response

VALIDATED = Q(status__in=[Response.Status.VALIDATED, Response.Status.SUBMITTED])
READY = COMPLETE & VALIDATED
WAITING_Q = COMPLETE & Q(status=Response.Status.DRAFT)  # complete, for the head to validate
STARTED = (
    Q(option__isnull=False)
    | Q(value_prev__isnull=False)
    | Q(value_curr__isnull=False)
    | Q(evidence_prev__gt=0)
    | Q(evidence_curr__gt=0)
    | ~Q(explanation="")
)

RETURNED, NOT_STARTED, INCOMPLETE, WAITING, DONE = (
    "returned",
    "not_started",
    "incomplete",
    "waiting",
    "done",
)
# In the order an office works through them: what came back, then what it started, then the rest.
STAGES = (RETURNED, INCOMPLETE, NOT_STARTED, WAITING, DONE)
LABELS = {
    RETURNED: _("Returned for correction"),
    NOT_STARTED: _("Not started"),
    INCOMPLETE: _("Incomplete"),
    WAITING: _("Waiting for the head of office's validation"),
    DONE: _("Complete and validated"),
}


def is_started(response: Response) -> bool:
    return (
        response.option_id is not None
        or response.value_prev is not None
        or response.value_curr is not None
        or response.evidence_prev > 0
        or response.evidence_curr > 0
        or bool(response.explanation)
    )


def is_validated(response: Response) -> bool:
    return response.status in (Response.Status.VALIDATED, Response.Status.SUBMITTED)


def stage_of(response: Response) -> str:
    if response.status == Response.Status.RETURNED:
        return RETURNED
    if not response.is_complete:
        return INCOMPLETE if is_started(response) else NOT_STARTED
    return DONE if is_validated(response) else WAITING


def reasons(response: Response, years, *, validation: bool = True) -> list[str]:
    """Why an item is not ready, in words for the office (without the missing validation when
    the list already says it)."""
    found = []
    if response.option_id is None:
        found.append(str(_("no score option chosen")))
    if not response.evidence_prev:
        found.append(str(_("no evidence for %(year)s")) % {"year": years[0]})
    if not response.evidence_curr:
        found.append(str(_("no evidence for %(year)s")) % {"year": years[-1]})
    if validation and not is_validated(response) and response.status != Response.Status.RETURNED:
        found.append(str(_("not yet validated by the head of office")))
    return found
