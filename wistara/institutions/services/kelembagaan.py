"""Pre-filling the 16 kelembagaan items from the registry, in one step.

Each item gets the option its records are worth (selectors.kelembagaan_estimates), through the
same answer service as any other save (so the history, the revision and the lock rules hold), and
the registry's files attached as its evidence for the right data years. All or nothing: a locked
item or someone's save in between stops the whole step with a message, and nothing is half done.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wistara.accounts.models import User
from wistara.assessments.models import Registration, Response
from wistara.assessments.services import response_update
from wistara.assessments.services.locking import response_lock_reason
from wistara.evidence.services import evidence_attach_file

from ..selectors import ItemEstimate, kelembagaan_estimates


@dataclass
class PrefillResult:
    changed: list[str] = field(default_factory=list)  # item codes whose option changed
    attached: int = 0
    skipped: list[str] = field(default_factory=list)  # "K1.1: why"


def kelembagaan_prefill(*, registration: Registration, user: User) -> PrefillResult:
    result = PrefillResult()
    with transaction.atomic():
        for estimate in kelembagaan_estimates(registration):
            response = estimate.response
            if response is None:
                continue
            reason = response_lock_reason(_with_registration(response, registration))
            if reason:
                result.skipped.append(f"{estimate.indicator.code}: {reason}")
                continue
            _apply(estimate, response, registration, user, result)
    return result


def _with_registration(response: Response, registration: Registration) -> Response:
    response.registration = registration
    return response


def _apply(estimate: ItemEstimate, response: Response, registration: Registration, user: User,
           result: PrefillResult) -> None:
    if estimate.option is None:
        raise ValidationError(_("Item %(code)s has no option worth %(points)s points.") % {
            "code": estimate.indicator.code, "points": estimate.points})
    data: dict = {}
    if response.option_id != estimate.option.id:
        data["option"] = estimate.option.id
    if not response.explanation:
        data["explanation"] = " ".join(estimate.reasons)
    if data:
        response = response_update(response=response, user=user, base_revision=response.revision,
                                   data=data)
        response.registration = registration
        if "option" in data:
            result.changed.append(estimate.indicator.code)
    for file, year, kind in estimate.files:
        if evidence_attach_file(response=response, file=file, data_year=year, kind=kind, user=user,
                                skip_duplicate=True):
            result.attached += 1
